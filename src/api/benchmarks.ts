/** Benchmark files from comparable municipalities and employee counts per employer (issue 11): import and comparison. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function benchmarkRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes arrive with issue 11.
}
