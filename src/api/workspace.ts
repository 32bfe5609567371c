/** Meetings, tasks and notes on a case; the worklist; the team leader's overview and weekly results. */
import * as z from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import * as W from '../domain/workspace.ts';
import * as workspace from '../app/workspace.ts';
import { worklist } from '../app/worklist.ts';
import { teamOverview, weeklyResults } from '../app/team.ts';
import { weeklyCsv, weeklyXlsx } from '../analytics/weeklyExport.ts';
import { idParam, intParam, isoDate } from '../domain/caseFields.ts';
import { DEADLINE_KINDS } from '../rules/deadlineKinds.ts';
import { EVENT_KIND_LIST } from '../domain/events.ts';

const optionalId = (what: string) => idParam(what).optional();

export function workspaceRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Sagsbehandling'];
  const write = { permission: 'case:write' as const };
  r.post('/api/cases/:id/meetings', { config: write, schema: { tags, summary: 'Book en opfølgningssamtale', params: caseIdParams, body: W.bookMeetingInput } }, async (req, reply) =>
    reply.status(201).send(await workspace.bookMeeting(ctxOf(req, deps), req.params.id, req.body)));
  const meetingParams = caseIdParams.extend({ meetingId: idParam('Samtalen') });
  r.post('/api/cases/:id/meetings/:meetingId/rebook', { config: write, schema: { tags, summary: 'Flyt en booket samtale (begrundelse; ny SMS-påmindelse, den gamle sendes aldrig)', params: meetingParams, body: W.rebookMeetingInput } }, (req) =>
    workspace.rebookMeeting(ctxOf(req, deps), req.params.id, req.params.meetingId, req.body));
  r.post('/api/cases/:id/meetings/:meetingId/cancel', { config: write, schema: { tags, summary: 'Aflys en booket samtale (begrundelse; påmindelsen sendes ikke)', params: meetingParams, body: W.cancelMeetingInput } }, (req) =>
    workspace.cancelMeeting(ctxOf(req, deps), req.params.id, req.params.meetingId, req.body));
  r.post('/api/cases/:id/sms-consent', { config: write, schema: { tags, summary: 'Borgerens samtykke til SMS-påmindelser (med dato)', params: caseIdParams, body: z.strictObject({ optIn: z.boolean({ error: 'Angiv ja eller nej' }) }) } }, (req) =>
    workspace.setSmsConsent(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/:id/meetings/record', { config: write, schema: { tags, summary: 'Registrér en holdt (eller udeblevet) samtale; planen genberegnes', params: caseIdParams, body: W.recordMeetingInput } }, (req) =>
    workspace.recordMeeting(ctxOf(req, deps), req.params.id, req.body));
  r.post('/api/cases/:id/tasks', { config: write, schema: { tags, summary: 'Opret opgave med frist', params: caseIdParams, body: W.createTaskInput } }, async (req, reply) =>
    reply.status(201).send(await workspace.createTask(ctxOf(req, deps), req.params.id, req.body)));
  r.post('/api/cases/:id/tasks/:taskId/complete', { config: write, schema: { tags, summary: 'Markér opgave som løst', params: caseIdParams.extend({ taskId: idParam('Opgaven') }) } }, (req) =>
    workspace.completeTask(ctxOf(req, deps), req.params.id, req.params.taskId));
  r.post('/api/cases/:id/notes', { config: write, schema: { tags, summary: 'Tilføj notat', params: caseIdParams, body: W.addNoteInput } }, async (req, reply) =>
    reply.status(201).send(await workspace.addNote(ctxOf(req, deps), req.params.id, req.body)));

  r.get('/api/worklist', {
    config: { permission: 'citizen:identify' },
    schema: {
      tags, summary: 'Arbejdsliste: overskredet først, så efter dato',
      querystring: z.strictObject({
        caseworkerId: optionalId('Sagsbehandleren'),
        group: z.enum(['overdue', 'unhandled', 'today', 'week', 'later', 'all']).optional(),
        kind: z.enum([...DEADLINE_KINDS, 'task', 'meeting', 'inquiry', 'complaint', 'sanction', 'event', ...EVENT_KIND_LIST] as [string, ...string[]]).optional(),
        targetGroup: intParam('Målgruppen', 1, 4).optional(),
      }),
    },
  }, (req) => worklist(ctxOf(req, deps), req.query as Parameters<typeof worklist>[1]));

  const lead = { permission: 'case:assign' as const };
  r.get('/api/team/overview', { config: lead, schema: { tags: ['Team'], summary: 'Sagsstamme pr. sagsbehandler mod målet', querystring: z.strictObject({ teamId: optionalId('Teamet') }) } }, (req) =>
    teamOverview(ctxOf(req, deps), req.query));
  const weeklyQuery = z.strictObject({ week: isoDate.optional(), teamId: optionalId('Teamet') });
  r.get('/api/team/weekly', { config: lead, schema: { tags: ['Team'], summary: 'Ugens resultater pr. sagsbehandler og for teamet', querystring: weeklyQuery } }, (req) =>
    weeklyResults(ctxOf(req, deps), req.query));
  r.get('/api/team/weekly.csv', { config: lead, schema: { tags: ['Team'], querystring: weeklyQuery } }, async (req, reply) => {
    const w = await weeklyResults(ctxOf(req, deps), req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ugeresultater-${w.from}.csv"`).send(weeklyCsv(w));
  });
  r.get('/api/team/weekly.xlsx', { config: lead, schema: { tags: ['Team'], querystring: weeklyQuery } }, async (req, reply) => {
    const w = await weeklyResults(ctxOf(req, deps), req.query);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="ugeresultater-${w.from}.xlsx"`).send(await weeklyXlsx(w));
  });
}
