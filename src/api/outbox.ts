/** Outgoing messages: per case, the administrator's view of the outbox, and the SMS provider's delivery receipts. */
import * as z from 'zod';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { intParam } from '../domain/caseFields.ts';
import { unauthenticated } from '../domain/errors.ts';
import { caseMessages, MESSAGE_STATUSES, outboxOverview, recordReceipt } from '../app/outbox.ts';

export const RECEIPTS_PATH = '/api/integrations/sms/receipts';

const receiptBody = z.strictObject({
  id: z.string({ error: 'Angiv udbyderens id for beskeden' }).trim().min(1, 'Angiv udbyderens id for beskeden').max(200, 'Højst 200 tegn'),
  status: z.enum(['delivered', 'failed'], { error: 'Status skal være delivered eller failed' }),
  error: z.string({ error: 'Fejlen skal være tekst' }).max(1000, 'Højst 1000 tegn').optional(),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the bearer token in constant time (hashes first, so the length leaks nothing either). */
export function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

export interface OutboxRouteOptions {
  /** RETUR_SMS_TOKEN (or the stand-in's token): receipts must carry it. Without one every receipt is refused. */
  receiptToken?: string;
}

export function outboxRoutes(app: FastifyInstance, deps: RouteDeps, opts: OutboxRouteOptions = {}) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/cases/:id/messages', {
    config: { permission: 'case:read' },
    schema: { tags: ['Sagsbehandling'], summary: 'Udgående beskeder på sagen (sms-påmindelser): status og tider; nummer og tekst kun for roller der må identificere borgeren', params: caseIdParams },
  }, (req) => caseMessages(ctxOf(req, deps), req.params.id));

  r.get('/api/admin/outbox', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['Administration'], summary: 'Udbakken: antal pr. status og de seneste beskeder med fejl, uden telefonnumre og tekst',
      querystring: z.strictObject({
        status: z.enum(MESSAGE_STATUSES, { error: `Status skal være en af ${MESSAGE_STATUSES.join(', ')}` }).optional(),
        limit: intParam('Antal', 1, 500).optional(),
      }),
    },
  }, (req) => outboxOverview(ctxOf(req, deps), req.query));

  // The provider calls this without a session: it proves itself with the shared bearer token. The body is checked
  // first (its schema is public in the API document anyway), then the token, before anything is read or written.
  r.post(RECEIPTS_PATH, {
    config: { public: true },
    schema: { tags: ['Integrationer'], summary: 'Leveringskvittering fra sms-udbyderen (Authorization: Bearer RETUR_SMS_TOKEN)', body: receiptBody, security: [] },
  }, async (req) => {
    if (!bearerMatches(req.headers.authorization, opts.receiptToken)) throw unauthenticated();
    const now = deps.clock.now();
    return recordReceipt(deps.db, { now, today: deps.clock.today() }, req.body);
  });
}
