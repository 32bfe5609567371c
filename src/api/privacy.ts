/** /api/admin/privacy: right of access and retention (filled in by the privacy work). */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from './session.ts';

export function privacyRoutes(_app: FastifyInstance, _deps: RouteDeps): void {}
