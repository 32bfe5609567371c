/** Trials (prøvehandlinger, seed 002): named trials with a period, cases tagged to them, outcomes against untagged cases (issue 11). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function trialRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes arrive with issue 11.
}
