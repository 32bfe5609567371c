/** Group sessions: list, create, find citizens to invite, invite, record attendance, cancel. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import * as G from '../domain/groupSessions.ts';
import * as app_ from '../app/groupSessions.ts';
import { idParam, intParam } from '../domain/caseFields.ts';

export function groupSessionRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Gruppeforløb'];
  const read = { permission: 'case:read' as const };
  const write = { permission: 'case:write' as const };
  const params = z.strictObject({ sessionId: idParam('Gruppeforløbet') });

  r.get('/api/group-sessions', { config: read, schema: { tags, summary: 'Teamets kommende gruppeforløb (og den seneste måneds) med deltagere' } }, (req) =>
    app_.listSessions(ctxOf(req, deps)));
  r.post('/api/group-sessions', { config: write, schema: { tags, summary: 'Opret et gruppeforløb (tema, tid, lokale eller videolink, 5-7 pladser); mødelederen og lokalet må ikke være optaget', body: G.createSessionInput } }, async (req, reply) =>
    reply.status(201).send(await app_.createSession(ctxOf(req, deps), req.body)));
  r.get('/api/group-sessions/:sessionId', { config: read, schema: { tags, summary: 'Et gruppeforløb med deltagere', params } }, (req) =>
    app_.getSession(ctxOf(req, deps), req.params.sessionId));
  r.get('/api/group-sessions/:sessionId/candidates', {
    config: write,
    schema: {
      tags, summary: 'Borgere der kan inviteres: teamets åbne sager, filtreret på målgruppe, uger på sygedagpenge og borgerforløb', params,
      querystring: z.strictObject({
        targetGroup: intParam('Målgruppen', 1, 4).optional(),
        pathway: intParam('Borgerforløbet', 1, 6).optional(),
        minWeeks: intParam('Mindste antal uger', 0, 520).optional(),
        maxWeeks: intParam('Højeste antal uger', 0, 520).optional(),
      }),
    },
  }, (req) => app_.candidates(ctxOf(req, deps), req.params.sessionId, req.query as G.CandidateFilters));
  r.post('/api/group-sessions/:sessionId/invite', { config: write, schema: { tags, summary: 'Invitér borgere: hver får en gruppesamtale på sin sag (alle eller ingen)', params, body: G.inviteInput } }, (req) =>
    app_.invite(ctxOf(req, deps), req.params.sessionId, req.body));
  r.post('/api/group-sessions/:sessionId/attendance', { config: write, schema: { tags, summary: 'Registrér fremmøde for hver deltager; tæller som opfølgning, og hver plan genberegnes', params, body: G.attendanceInput } }, (req) =>
    app_.recordAttendance(ctxOf(req, deps), req.params.sessionId, req.body));
  r.post('/api/group-sessions/:sessionId/cancel', { config: write, schema: { tags, summary: 'Aflys gruppeforløbet (begrundelse); alle deltageres samtaler aflyses', params, body: G.cancelSessionInput } }, (req) =>
    app_.cancelSession(ctxOf(req, deps), req.params.sessionId, req.body));
}
