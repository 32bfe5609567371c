/** Klager og ankesager (issue 10, slice C). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function complaintRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes come with the slice.
}
