/** Forløb og indsatser (issue 10, slice A). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function pathwayRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes come with the slice.
}
