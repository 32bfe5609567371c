/** /api/cases: the case register. Each route unpacks input, calls one use case, returns. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import * as cases from '../app/cases.ts';
import { assignCaseInput, bulkAssignInput, changeCaseInput, closeCaseInput, createCaseInput, reopenCaseInput } from '../domain/caseFields.ts';

export const caseIdParams = z.object({ id: z.coerce.number({ error: 'Sagsnummeret skal være et tal' }).int().positive() });
const searchQuery = z.object({
  q: z.string().max(100).optional(),
  caseworkerId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'closed', 'all']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export function caseRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sager'];
  r.get('/api/cases', { config: { permission: 'case:read' }, schema: { tags, summary: 'Søg sager (CPR, navn, sagsbehandler, status)', querystring: searchQuery } }, (req) =>
    cases.searchCases(ctxOf(req, deps), req.query));
  r.post('/api/cases', { config: { permission: 'case:write' }, schema: { tags, summary: 'Opret sag', body: createCaseInput } }, async (req, reply) =>
    reply.status(201).send(await cases.createCase(ctxOf(req, deps), req.body)));
  r.get('/api/cases/:id', { config: { permission: 'case:read' }, schema: { tags, summary: 'Sagen med fakta og historik', params: caseIdParams } }, (req) =>
    cases.getCase(ctxOf(req, deps), req.params.id));
  r.patch('/api/cases/:id', { config: { permission: 'case:write' }, schema: { tags, summary: 'Ret sagens fakta (kræver version)', params: caseIdParams, body: changeCaseInput } }, (req) =>
    cases.changeCase(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/:id/assign', { config: { permission: 'case:assign' }, schema: { tags, summary: 'Tildel sagsbehandler', params: caseIdParams, body: assignCaseInput } }, (req) =>
    cases.assignCase(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/:id/close', { config: { permission: 'case:write' }, schema: { tags, summary: 'Afslut sag', params: caseIdParams, body: closeCaseInput } }, (req) =>
    cases.closeCase(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/:id/reopen', { config: { permission: 'case:write' }, schema: { tags, summary: 'Genåbn sag', params: caseIdParams, body: reopenCaseInput } }, (req) =>
    cases.reopenCase(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/bulk-assign', { config: { permission: 'case:assign' }, schema: { tags, summary: 'Flyt flere sager til en sagsbehandler', body: bulkAssignInput } }, (req) =>
    cases.bulkAssign(ctxOf(req, deps), req.body));
}
