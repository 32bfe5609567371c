/** E-mail from citizens that could not be matched to a case: the queue, assigning a mail to a case, discarding it. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { idParam } from '../domain/caseFields.ts';
import * as M from '../domain/inboundMail.ts';
import * as inbound from '../app/inboundMail.ts';

export function inboundMailRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Henvendelser'];
  const mailParams = z.strictObject({ id: idParam('E-mailen') });

  r.get('/api/inbound-mail', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'E-mails fra borgere, der ikke kunne knyttes til en sag (ældste først), med den svarfrist kvitteringen lovede' },
  }, (req) => inbound.listUnmatched(ctxOf(req, deps)));

  r.post('/api/inbound-mail/:id/assign', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Knyt en e-mail til en sag: den bliver en henvendelse med svarfrist fra den dag, den kom', params: mailParams, body: M.assignInboundEmailInput },
  }, (req) => inbound.assignInboundEmail(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/inbound-mail/:id/discard', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Kassér en e-mail, der ikke er en henvendelse (fx spam eller sendt til den forkerte kommune)', params: mailParams, body: M.discardInboundEmailInput },
  }, (req) => inbound.discardInboundEmail(ctxOf(req, deps), req.params.id, req.body));
}
