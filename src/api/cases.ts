/** /api/cases: the case register. Each route unpacks input, calls one use case, returns. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import * as cases from '../app/cases.ts';
import { assignCaseInput, bulkAssignInput, changeCaseInput, closeCaseInput, createCaseInput, dbId, idParam, intParam, reopenCaseInput } from '../domain/caseFields.ts';

export const caseIdParams = z.strictObject({ id: idParam('Sagsnummeret') });
const listFilters = {
  caseworkerId: idParam('Sagsbehandleren').optional(),
  status: z.enum(['open', 'closed', 'all'], { error: 'Status skal være open, closed eller all' }).optional(),
  limit: intParam('Antal', 1, 200).optional(),
  offset: intParam('Start', 0, 1_000_000).optional(),
};
/** Listing by filters goes in the URL; a search by CPR number or name goes in a POST body, so it never reaches a log. */
const listQuery = z.strictObject(listFilters);
const searchBody = z.strictObject({
  q: z.string({ error: 'Søgningen skal være tekst' }).max(100, 'Højst 100 tegn').optional(),
  caseworkerId: dbId('Sagsbehandleren').optional(),
  status: listFilters.status,
  limit: z.number().int().min(1, 'Mindst 1').max(200, 'Højst 200').optional(),
  offset: z.number().int().min(0, 'Mindst 0').max(1_000_000, 'For stort').optional(),
});

export function caseRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sager'];
  r.get('/api/cases', { config: { permission: 'case:read' }, schema: { tags, summary: 'List sager (sagsbehandler, status); søgning på CPR/navn: POST /api/cases/search', querystring: listQuery } }, (req) =>
    cases.searchCases(ctxOf(req, deps), req.query));
  r.post('/api/cases/search', { config: { permission: 'case:read' }, schema: { tags, summary: 'Søg sager på CPR-nummer, navn eller sagsnummer', body: searchBody } }, (req) =>
    cases.searchCases(ctxOf(req, deps), req.body));
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
