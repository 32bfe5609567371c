/** Employers and fast track (issue 10, slice B): the employer register, fast-track requests, and their figures. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import { idParam } from '../domain/caseFields.ts';
import * as E from '../domain/employers.ts';
import * as F from '../domain/fastTrack.ts';
import * as employers from '../app/employers.ts';
import * as fastTrack from '../app/fastTrack.ts';

export function employerRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Arbejdsgivere'];
  const ftTags = ['Fast track'];
  const employerParams = z.strictObject({ id: idParam('Arbejdsgiveren') });

  // The register holds contact persons' phone numbers and a log about citizens' cases: for the roles that work
  // with citizens (citizen:identify). Analysts get industries through the early-effort figures.
  r.get('/api/employers', {
    config: { permission: 'citizen:identify' },
    schema: { tags, summary: 'Søg arbejdsgivere på navn eller CVR-nummer (kommunens egne arbejdspladser først)', querystring: E.employerSearchQuery },
  }, (req) => employers.searchEmployers(ctxOf(req, deps), req.query));

  r.get('/api/employers/:id', {
    config: { permission: 'citizen:identify' },
    schema: { tags, summary: 'Én arbejdsgiver med kontaktpersoner, antal sager og kontaktlog', params: employerParams },
  }, (req) => employers.getEmployer(ctxOf(req, deps), req.params.id));

  r.post('/api/employers/:id/contacts', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Tilføj en kontaktperson hos arbejdsgiveren', params: employerParams, body: E.addContactInput },
  }, async (req, reply) => reply.status(201).send(await employers.addContact(ctxOf(req, deps), req.params.id, req.body)));

  r.post('/api/employers/:id/log', {
    config: { permission: 'case:write' },
    schema: { tags, summary: 'Registrér en kontakt med arbejdsgiveren, evt. om en bestemt sag', params: employerParams, body: E.addLogInput },
  }, async (req, reply) => reply.status(201).send(await employers.addLogEntry(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/cases/:id/employer', {
    config: { permission: 'case:read' },
    schema: { tags, summary: 'Sagens arbejdsgiver med kontaktpersoner og kontaktloggen om sagen (analytikere: uden kontaktoplysninger og tekst)', params: caseIdParams },
  }, (req) => employers.getCaseEmployer(ctxOf(req, deps), req.params.id));

  r.get('/api/cases/:id/fast-track', {
    config: { permission: 'case:read' },
    schema: { tags: ftTags, summary: 'Sagens anmodning om fast track, udfaldet med begrundelse og de frister den giver', params: caseIdParams },
  }, (req) => fastTrack.getFastTrack(ctxOf(req, deps), req.params.id));

  r.post('/api/cases/:id/fast-track', {
    config: { permission: 'case:write' },
    schema: {
      tags: ftTags, params: caseIdParams, body: F.fastTrackRequestInput,
      summary: 'Registrér en anmodning om fast track fra arbejdsgiveren eller borgeren',
      description: 'Frister efter SDL § 7 c/§ 7 e og § 13 b, stk. 2 (første samtale senest 2 uger efter anmodningen) beregnes straks og står på arbejdslisten. '
        + 'En for sen anmodning giver de almindelige frister og en begrundelse. `version` kan udelades af et system udefra; så bruges sagens aktuelle version. '
        + 'Samme anmodning igen ændrer intet (200, repeated: true).',
    },
  }, async (req, reply) => {
    const res = await fastTrack.requestFastTrack(ctxOf(req, deps), req.params.id, req.body);
    return reply.status(res.repeated ? 200 : 201).send(res);
  });

  r.post('/api/cases/:id/fast-track/decline', {
    config: { permission: 'case:write' },
    schema: { tags: ftTags, summary: 'Medarbejderen har afvist fast track (SDL § 13 b, stk. 3): de almindelige frister gælder igen', params: caseIdParams, body: F.fastTrackDeclineInput },
  }, (req) => fastTrack.declineFastTrack(ctxOf(req, deps), req.params.id, req.body));

  // Figures: roles with both rules:preview and case:read (team leaders, managers, analysts), as the inquiry figures.
  r.get('/api/analytics/fast-track', {
    config: { permission: 'rules:preview' },
    schema: { tags: ftTags, summary: 'Anmodninger om fast track i perioden efter hvem der anmodede og udfald (fast track, for sen, afvist)', querystring: F.fastTrackPeriodQuery },
  }, (req) => fastTrack.fastTrackFigures(ctxOf(req, deps), req.query));

  r.get('/api/analytics/early-effort', {
    config: { permission: 'rules:preview' },
    schema: { tags, summary: 'Arbejdsgivere og brancher med flest nye sager i perioden; ringelisten for teamledere og ledere, kun brancher for analytikere', querystring: E.earlyEffortQuery },
  }, (req) => employers.earlyEffort(ctxOf(req, deps), req.query));
}
