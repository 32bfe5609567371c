/** The letter template library (issue 9): list, read with versions, save a version, preview on a case or the sample. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import * as T from '../app/letterTemplates.ts';

const templateId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { error: 'Ukendt skabelon' });
const body = z.string({ error: 'Skriv skabelonens tekst' }).min(1, { error: 'Skriv skabelonens tekst' }).max(20_000, { error: 'Skabelonen er for lang (højst 20.000 tegn)' });

export function letterTemplateRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Breve'];

  r.get('/api/letter-templates', {
    config: { anyRole: true },
    schema: { tags, summary: 'Brevskabeloner med seneste version og LIX (kind "decision" er afgørelser)' },
  }, (req) => T.listTemplates(ctxOf(req, deps)));

  r.get('/api/letter-templates/:templateId', {
    config: { anyRole: true },
    schema: { tags, summary: 'En brevskabelon med alle versioner', params: z.strictObject({ templateId }) },
  }, (req) => T.getTemplate(ctxOf(req, deps), req.params.templateId));

  r.post('/api/letter-templates/:templateId/versions', {
    config: { permission: 'policy:write' },
    schema: {
      tags, summary: 'Gem en ny version af en brevskabelon (de gamle bevares)', params: z.strictObject({ templateId }),
      body: z.strictObject({ body, reason: z.string({ error: 'Skriv en begrundelse' }).trim().min(1, { error: 'Skriv en begrundelse' }).max(500) }),
    },
  }, async (req, reply) => reply.status(201).send(await T.saveVersion(ctxOf(req, deps), req.params.templateId, req.body)));

  r.post('/api/letter-templates/preview', {
    config: { anyRole: true },
    schema: {
      tags, summary: 'Forhåndsvis en skabelon på en sag (kræver adgang til sagen) eller på et eksempel',
      body: z.strictObject({ body, caseId: z.number({ error: 'Vælg en sag' }).int({ error: 'Vælg en sag' }).min(1, { error: 'Vælg en sag' }).max(2147483647, { error: 'Sagen findes ikke' }).optional() }),
    },
  }, (req) => T.previewTemplate(ctxOf(req, deps), req.body));
}
