/** Unhandled events (issue 14): handle one, list a case's, and the team leader's count per caseworker. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import { handleEventInput } from '../domain/events.ts';
import * as events from '../app/events.ts';

export function eventRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Hændelser'];

  r.post('/api/events/:id/handle', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Behandl en hændelse (valgfri note); den forsvinder fra alle arbejdslister', params: z.strictObject({ id: idParam('Hændelsen') }), body: handleEventInput.optional() },
  }, (req) => events.handleEvent(ctxOf(req, deps), req.params.id, req.body ?? {}));

  r.get('/api/cases/:id/events', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens hændelser: ubehandlede først', params: caseIdParams },
  }, (req) => events.listCaseEvents(ctxOf(req, deps), req.params.id));

  r.get('/api/team/unhandled', {
    config: { permission: 'case:assign' },
    schema: { tags: ['Team'], summary: 'Ubehandlede hændelser pr. sagsbehandler og deres alder', querystring: z.strictObject({ teamId: idParam('Teamet').optional() }) },
  }, (req) => events.unhandledPerCaseworker(ctxOf(req, deps), req.query));
}
