/** /api/rules: the planner, letter dispatch and answer deadlines, the rules catalogue, policy and preview. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { planFactsSchema, planSchema } from '../rules/facts.ts';
import { plan } from '../rules/planner.ts';
import { answerDue, dispatchDate } from '../rules/letters.ts';
import { policyInForce } from '../app/plans.ts';
import { ANSWER_CHANNELS, policySchema, type MunicipalPolicy } from '../rules/policy.ts';
import { isoDate, reasonField, versionField } from '../domain/caseFields.ts';
import { preview, rulesCatalogue, savePolicy } from '../app/rules.ts';
import { adjustDeadline } from '../app/deadlines.ts';
import { caseIdParams } from './cases.ts';
import { DEADLINE_KINDS } from '../rules/planner.ts';

export function ruleRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Regler'];
  r.post('/api/rules/plan', { config: { anyRole: true }, schema: { tags, summary: 'Beregn alle frister for en sag ud fra fakta', body: planFactsSchema, response: { 200: planSchema } } }, async (req) => {
    const ctx = ctxOf(req, deps);
    return plan(req.body, ctx.today, await policyInForce(ctx.db, ctx.today));
  });
  r.get('/api/rules/dispatch-date', { config: { anyRole: true }, schema: { tags, summary: 'Første dag et afgørelsesbrev må sendes', querystring: z.strictObject({ date: isoDate }), response: { 200: z.object({ date: z.string() }) } } }, async (req) => {
    const ctx = ctxOf(req, deps);
    return { date: dispatchDate(req.query.date, await policyInForce(ctx.db, req.query.date)) };
  });
  r.get('/api/rules/answer-due', {
    config: { anyRole: true },
    schema: { tags, summary: 'Svarfrist for en henvendelse', querystring: z.strictObject({ channel: z.enum(Object.keys(ANSWER_CHANNELS) as ['phone', 'email', 'letter', 'digital'], { error: 'Kanal skal være phone, email, letter eller digital' }), received: isoDate }), response: { 200: z.object({ due: z.string() }) } },
  }, async (req) => {
    const ctx = ctxOf(req, deps);
    return { due: answerDue(req.query.channel, req.query.received, await policyInForce(ctx.db, req.query.received)) };
  });
  r.get('/api/rules', { config: { anyRole: true }, schema: { tags, summary: 'Regelsæt, regler med kilder og sikkerhed, kommunens fortolkninger' } }, (req) => rulesCatalogue(ctxOf(req, deps)));
  r.post('/api/rules/policy', {
    config: { permission: 'policy:write' },
    schema: { tags, summary: 'Gem kommunens politik med ikrafttrædelsesdato (administrator)', body: z.strictObject({ effectiveFrom: isoDate, policy: policySchema, reason: reasonField }) },
  }, (req) => savePolicy(ctxOf(req, deps), req.body as { effectiveFrom: string; policy: MunicipalPolicy; reason: string }));
  r.post('/api/rules/preview', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Hvilke åbne sagers frister flytter sig med et nyt regelsæt eller en ny politik', body: z.strictObject({ ruleSet: z.enum(['RS-2026', 'RS-2027'], { error: 'Regelsæt skal være RS-2026 eller RS-2027' }).optional(), policy: policySchema.optional(), asOf: isoDate.optional() }) },
  }, (req) => preview(ctxOf(req, deps), req.body as { ruleSet?: 'RS-2026' | 'RS-2027'; policy?: MunicipalPolicy; asOf?: string }));
  r.post('/api/cases/:id/deadlines/:kind/adjust', {
    config: { permission: 'case:write' },
    schema: {
      tags: ['Sager'], summary: 'Flyt en frist med begrundelse (due: null fjerner flytningen)',
      params: caseIdParams.extend({ kind: z.enum(DEADLINE_KINDS, { error: 'Ukendt fristtype' }) }),
      body: z.strictObject({ version: versionField, due: isoDate.nullable(), reason: reasonField }),
    },
  }, (req) => adjustDeadline(ctxOf(req, deps), req.params.id, req.params.kind, req.body));
}
