/** Every error leaves the API as RFC 9457 problem+json, with invalid fields listed by path. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldIssue } from '../domain/errors.ts';
import { redactCpr } from './redact.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldIssue[];
}

const pathOf = (instancePath: string) => instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');

export function toProblem(err: unknown, req: FastifyRequest): Problem {
  const instance = req.url.split('?')[0];
  if (err instanceof DomainError) {
    return { type: `https://retur.dk/problems/${err.kind}`, title: err.title, status: err.status, detail: err.detail, instance, ...(err.issues.length ? { errors: err.issues } : {}) };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({ path: pathOf(v.instancePath) || (err as { validationContext?: string }).validationContext || 'body', message: v.message ?? 'Ugyldig værdi' }));
    return { type: 'https://retur.dk/problems/invalid', title: 'Ugyldige oplysninger', status: 400, detail: 'Et eller flere felter er ikke udfyldt korrekt.', instance, errors };
  }
  // Two writes that raced: a unique key taken a moment ago, or PostgreSQL gave up one of two transactions.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505' || pgCode === '40001' || pgCode === '40P01')
    return { type: 'https://retur.dk/problems/conflict', title: 'Konflikt', status: 409, detail: 'En anden ændrede de samme oplysninger samtidig. Genindlæs og prøv igen.', instance };
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const bodyProblem = fe.code?.startsWith('FST_ERR_CTP') ? 'Forespørgslens indhold kunne ikke læses (forventede JSON).' : fe.message;
    return { type: 'https://retur.dk/problems/bad-request', title: 'Ugyldig forespørgsel', status: fe.statusCode, detail: bodyProblem, instance, errors: [{ path: 'body', message: bodyProblem }] };
  }
  return { type: 'https://retur.dk/problems/internal', title: 'Intern fejl', status: 500, detail: 'Der skete en uventet fejl. Den er logget; prøv igen, og kontakt support hvis den fortsætter.', instance };
}

export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(err, req);
  if (problem.status >= 500) {
    // Database errors can quote the values they failed on; a CPR number must not reach the log.
    const e = err as Error & { code?: string };
    req.log.error({ err: { type: e.name, code: e.code, message: redactCpr(String(e.message)), stack: redactCpr(String(e.stack ?? '')) } }, 'unhandled error');
  }
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
