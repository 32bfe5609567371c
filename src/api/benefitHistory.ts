/** Ydelseshistorik og screening (issue 10, slice D). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function benefitHistoryRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes come with the slice.
}
