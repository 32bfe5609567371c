/** Forlængelse (SDL § 27) og sanktioner for manglende medvirken (SDL § 21) (issue 10, slice E). */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as X from '../domain/extensions.ts';
import * as S from '../domain/sanctions.ts';
import * as extensions from '../app/extensions.ts';
import * as sanctions from '../app/sanctions.ts';

export function lawRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const xTags = ['Forlængelse'];
  const extensionParams = z.strictObject({ id: idParam('Forlængelsen') });
  r.post('/api/cases/:id/extensions', {
    config: { permission: 'case:write' },
    schema: { tags: xTags, summary: 'Registrér forlængelse af sygedagpenge ved revurderingen (SDL § 27, nr. 1–7); giver slutdatoen for nr. 2 og 3 og registrerer revurderingen på sagen, hvis den mangler', params: caseIdParams, body: X.extensionInput },
  }, async (req, reply) => reply.status(201).send(await extensions.recordExtension(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/extensions', {
    config: { permission: 'case:read' },
    schema: { tags: xTags, summary: 'Sagens forlængelser med grundlag, kilde, slutdato og opfølgning (bemærkning skjult for roller uden adgang til borgerens identitet)', params: caseIdParams },
  }, (req) => extensions.listExtensions(ctxOf(req, deps), req.params.id));

  r.post('/api/extensions/:id/end', {
    config: { permission: 'case:write' },
    schema: { tags: xTags, summary: 'Registrér at en forlængelse er ophørt (afgørelse truffet, revalidering begyndt, raskmeldt …)', params: extensionParams, body: X.endExtensionInput },
  }, (req) => extensions.endExtension(ctxOf(req, deps), req.params.id, req.body));

  const sTags = ['Sanktioner'];
  const sanctionParams = z.strictObject({ id: idParam('Sanktionen') });
  r.post('/api/cases/:id/sanctions', {
    config: { permission: 'case:write' },
    schema: { tags: sTags, summary: 'Registrér manglende medvirken (SDL § 21); afvisning af lægebehandling er aldrig en grund (SDL § 21 a)', params: caseIdParams, body: S.registerSanctionInput },
  }, async (req, reply) => reply.status(201).send(await sanctions.registerSanction(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/sanctions', {
    config: { permission: 'case:read' },
    schema: { tags: sTags, summary: 'Sagens sanktioner med partshøring, svarfrist, afgørelse og genoptagelse', params: caseIdParams },
  }, (req) => sanctions.listSanctions(ctxOf(req, deps), req.params.id));

  r.post('/api/sanctions/:id/hearing', {
    config: { permission: 'case:write' },
    schema: { tags: sTags, summary: 'Registrér partshøringen og borgerens svarfrist; med letter: true laves partshøringsbrevet som kladde', params: sanctionParams, body: S.hearingInput },
  }, (req) => sanctions.sendHearing(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/sanctions/:id/decision', {
    config: { permission: 'case:write' },
    schema: { tags: sTags, summary: 'Afgørelse: sygedagpengene standses (først efter svarfristen) eller standses ikke', params: sanctionParams, body: S.decisionInput },
  }, (req) => sanctions.decideSanction(ctxOf(req, deps), req.params.id, req.body));

  r.post('/api/sanctions/:id/resume', {
    config: { permission: 'case:write' },
    schema: { tags: sTags, summary: 'Borgeren medvirker igen inden 4 uger: sygedagpengene genoptages fra dagen efter', params: sanctionParams, body: S.resumeInput },
  }, (req) => sanctions.resumeSanction(ctxOf(req, deps), req.params.id, req.body));
}
