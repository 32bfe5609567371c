/** /api/admin: the audit log per citizen, and the user list. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { auditForCitizen } from '../app/admin.ts';
import { listUsers } from '../app/users.ts';
import { cprSchema } from '../domain/caseFields.ts';
import { ROLES } from '../domain/caseFields.ts';

const auditQuery = z
  .object({ cpr: cprSchema.optional(), citizenId: z.coerce.number().int().positive().optional() })
  .refine((q) => q.cpr || q.citizenId, { message: 'Angiv CPR-nummer eller borger-id', path: ['cpr'] });

export function adminRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // CPR goes in the body, not the URL, so it never reaches access logs.
  r.post('/api/admin/audit/search', { config: { permission: 'audit:read' }, schema: { tags: ['Administration'], summary: 'Revisionsspor for én borger', body: auditQuery } }, (req) =>
    auditForCitizen(ctxOf(req, deps), req.body));
  r.get('/api/users', { config: { permission: 'users:read' }, schema: { tags: ['Brugere'], querystring: z.object({ role: z.enum(Object.keys(ROLES) as [string, ...string[]]).optional() }) } }, (req) =>
    listUsers(ctxOf(req, deps), req.query));
}
