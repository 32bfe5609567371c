/** Arbejdsgivere og fast track (issue 10, slice B). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function employerRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes come with the slice.
}
