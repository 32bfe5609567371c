/** Committee reports (issue 11): the status report as PDF, DOCX, XLSX and CSV. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function reportRoutes(_app: FastifyInstance, _deps: RouteDeps) {
  // Routes arrive with issue 11.
}
