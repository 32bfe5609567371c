/** Inquiries from citizens: register, answer, list on the case; compliance shares and the hand-check sample. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as I from '../domain/inquiries.ts';
import * as inquiries from '../app/inquiries.ts';

export function inquiryRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Henvendelser'];
  const inquiryParams = z.strictObject({ id: idParam('Henvendelsen') });

  r.post('/api/cases/:id/inquiries', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér en henvendelse fra borgeren; svaret forfalder efter kommunens svarfrister', params: caseIdParams, body: I.registerInquiryInput },
  }, async (req, reply) => reply.status(201).send(await inquiries.registerInquiry(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/inquiries', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens henvendelser med svarfrist og status (fritekst skjult for roller uden adgang til borgerens identitet)', params: caseIdParams },
  }, (req) => inquiries.listInquiries(ctxOf(req, deps), req.params.id));

  r.post('/api/inquiries/:id/answer', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Besvar en henvendelse; registrerer om svaret kom til tiden', params: inquiryParams, body: I.answerInquiryInput },
  }, (req) => inquiries.answerInquiry(ctxOf(req, deps), req.params.id, req.body));

  // Compliance and the sample: roles with both rules:preview and case:read (team leaders, managers, analysts).
  r.get('/api/inquiries/compliance', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Andel besvaret til tiden pr. kanal og pr. beskæftigelse (i job / ledig) for henvendelser modtaget i perioden', querystring: I.periodQuery },
  }, (req) => inquiries.compliance(ctxOf(req, deps), req.query));

  r.get('/api/inquiries/sample', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Tilfældig stikprøve af periodens henvendelser til manuel kontrol; samme frø giver samme stikprøve', querystring: I.sampleQuery },
  }, (req) => inquiries.sample(ctxOf(req, deps), req.query));
}
