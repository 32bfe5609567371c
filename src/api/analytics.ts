/** Management analytics (issue 11): dashboards, benchmarks, trials and economics from live data. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function analyticsRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes arrive with issue 11.
}
