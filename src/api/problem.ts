/** Every error leaves the API as RFC 9457 problem+json, with invalid fields listed by path. Refusals are audited. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldIssue } from '../domain/errors.ts';
import { redactCpr } from './redact.ts';
import { audit } from '../db/audit.ts';
import type { RouteDeps } from './session.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldIssue[];
}

const pathOf = (instancePath: string) => instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');

interface ValidationItem { instancePath: string; message?: string; keyword?: string; params?: { keys?: string[] } }

/** Zod's issues as field issues; an unknown field is named by its own path, not its parent's. */
function fieldIssues(items: ValidationItem[], context: string): FieldIssue[] {
  return items.flatMap((v) => {
    const parent = pathOf(v.instancePath);
    if (v.keyword === 'unrecognized_keys' && v.params?.keys?.length)
      return v.params.keys.map((k) => ({ path: parent ? `${parent}.${k}` : k, message: 'Ukendt felt; det kan ikke sendes her' }));
    return [{ path: parent || context || 'body', message: v.message ?? 'Ugyldig værdi' }];
  });
}

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const instance = redactCpr(req.url.split('?')[0]);
  if (err instanceof DomainError) {
    return { type: `https://retur.dk/problems/${err.kind}`, title: err.title, status: err.status, detail: err.detail, instance, ...(err.issues.length ? { errors: err.issues } : {}) };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = fieldIssues(err.validation as ValidationItem[], (err as { validationContext?: string }).validationContext ?? 'body');
    return { type: 'https://retur.dk/problems/invalid', title: 'Ugyldige oplysninger', status: 400, detail: 'Et eller flere felter er ikke udfyldt korrekt.', instance, errors };
  }
  // Two writes that raced: a unique key taken a moment ago, or PostgreSQL gave up one of two transactions.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505' || pgCode === '40001' || pgCode === '40P01')
    return { type: 'https://retur.dk/problems/conflict', title: 'Konflikt', status: 409, detail: 'En anden ændrede de samme oplysninger samtidig. Genindlæs og prøv igen.', instance };
  const fe = err as FastifyError;
  // A path that is not valid percent-encoding (e.g. the bytes of a lone surrogate) never reaches a route.
  if (fe.code === 'FST_ERR_BAD_URL')
    return { type: 'https://retur.dk/problems/invalid', title: 'Ugyldige oplysninger', status: 400, detail: 'Adressen indeholder tegn, der ikke kan læses.', instance: undefined, errors: [{ path: 'params', message: 'Adressen indeholder tegn, der ikke kan læses (ugyldig procent-kodning)' }] };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const bodyProblem = fe.code?.startsWith('FST_ERR_CTP') ? 'Forespørgslens indhold kunne ikke læses (forventede JSON).' : redactCpr(fe.message);
    return { type: 'https://retur.dk/problems/bad-request', title: 'Ugyldig forespørgsel', status: fe.statusCode, detail: bodyProblem, instance, errors: [{ path: 'body', message: bodyProblem }] };
  }
  return { type: 'https://retur.dk/problems/internal', title: 'Intern fejl', status: 500, detail: 'Der skete en uventet fejl. Den er logget; prøv igen, og kontakt support hvis den fortsætter.', instance };
}

/**
 * A refused request by a logged-in user is audited (outside the refused transaction, which was rolled back): who
 * tried which route, and, where the refusal concerned a case, which case and citizen.
 */
async function auditRefusal(err: unknown, req: FastifyRequest, deps: RouteDeps) {
  if (!req.actor) return;
  let subject = err instanceof DomainError ? err.subject : undefined;
  const id = (req.params as { id?: unknown } | undefined)?.id;
  if (!subject && req.routeOptions.url?.startsWith('/api/cases/:id') && typeof id === 'string' && /^[1-9]\d{0,8}$/.test(id)) {
    const [c] = await deps.db.query<{ citizen_id: number }>('SELECT citizen_id FROM sb_case WHERE id = $1', [Number(id)]);
    if (c) subject = { entity: 'case', entityId: Number(id), citizenId: c.citizen_id };
  }
  await audit(deps.db, {
    at: deps.clock.now(), userId: req.actor.id, operation: 'refused', entity: subject?.entity ?? 'route', entityId: subject?.entityId ?? null,
    citizenId: subject?.citizenId ?? null, endpoint: `${req.method} ${req.routeOptions.url ?? redactCpr(req.url.split('?')[0])}`,
  });
}

export function problemHandler(deps: RouteDeps) {
  return async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) {
      // Database errors can quote the values they failed on; a CPR number must not reach the log.
      const e = err as Error & { code?: string };
      req.log.error({ err: { type: e.name, code: e.code, message: redactCpr(String(e.message)), stack: redactCpr(String(e.stack ?? '')) } }, 'unhandled error');
    }
    if (problem.status === 403 || (err instanceof DomainError && err.subject)) await auditRefusal(err, req, deps).catch((e) => req.log.error({ err: { message: redactCpr(String(e)) } }, 'could not audit a refusal'));
    if (problem.status === 503) reply.header('retry-after', '5');
    return reply.status(problem.status).type('application/problem+json').send(problem);
  };
}
