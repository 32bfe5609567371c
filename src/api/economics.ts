/** Economics (issue 11): the caseload budget and the business case, from live data or given figures. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function economicsRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes arrive with issue 11.
}
