/** /api/admin: the audit log (per citizen or per user, paged), and the user list. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { searchAudit } from '../app/admin.ts';
import { listUsers } from '../app/users.ts';
import { cprSchema, dbId, isoDate, ROLES } from '../domain/caseFields.ts';

const auditQuery = z
  .strictObject({
    cpr: cprSchema.optional(),
    citizenId: dbId('Borger-id').optional(),
    userId: dbId('Brugeren').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    operation: z.enum(['read', 'write', 'refused'], { error: 'Handling skal være read, write eller refused' }).optional(),
    /** Paging: entries older than this id (the `nextBefore` of the previous page). */
    before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.number().int().min(1, 'Mindst 1').max(1000, 'Højst 1000 pr. side').optional(),
  })
  .refine((q) => q.cpr || q.citizenId || q.userId, { message: 'Angiv en borger (CPR-nummer) eller en bruger', path: ['cpr'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Perioden slutter før den begynder', path: ['to'] });
export type AuditQuery = z.infer<typeof auditQuery>;

export function adminRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // CPR goes in the body, not the URL, so it never reaches access logs.
  r.post('/api/admin/audit/search', { config: { permission: 'audit:read' }, schema: { tags: ['Administration'], summary: 'Revisionsspor for en borger eller en bruger, filtreret og sidevis', body: auditQuery } }, (req) =>
    searchAudit(ctxOf(req, deps), req.body));
  r.get('/api/users', { config: { permission: 'users:read' }, schema: { tags: ['Brugere'], querystring: z.strictObject({ role: z.enum(Object.keys(ROLES) as [string, ...string[]], { error: 'Ukendt rolle' }).optional() }) } }, (req) =>
    listUsers(ctxOf(req, deps), req.query));
}
