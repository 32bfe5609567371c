/** Caseworkers' calendars: working hours, absences, rooms, the agenda, free slots, invitations (.ics) and the private feed. */
import * as z from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf, type RouteDeps } from './session.ts';
import { caseIdParams } from './cases.ts';
import * as calendar from '../app/calendar.ts';
import { dbId, idParam, intParam, isoDate } from '../domain/caseFields.ts';
import { MEETING_FORMS, type MeetingForm } from '../domain/workspace.ts';
import { DEADLINE_KINDS } from '../rules/deadlineKinds.ts';

const time = (what: string) => z.string({ error: `Skriv ${what} som TT:MM` }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Skriv ${what} som TT:MM`);
export const workingHoursInput = z.strictObject({
  /** A team leader may set a caseworker's hours in the team; without it, one's own. */
  userId: dbId('Sagsbehandleren').optional(),
  days: z.array(z.strictObject({
    weekday: z.number({ error: 'Vælg en ugedag (1 = mandag … 7 = søndag)' }).int('Ugedagen skal være et helt tal').min(1, 'Ugedagen skal være 1-7').max(7, 'Ugedagen skal være 1-7'),
    starts: time('starttidspunktet'),
    ends: time('sluttidspunktet'),
  }), { error: 'Angiv arbejdstiden pr. ugedag' }).max(7, 'Højst 7 ugedage'),
});
export const absenceInput = z.strictObject({
  userId: dbId('Sagsbehandleren').optional(),
  from: isoDate,
  to: isoDate,
  reason: z.string({ error: 'Skriv en årsag (fx ferie eller kursus)' }).trim().min(2, 'Skriv en årsag (fx ferie eller kursus)').max(200, 'Højst 200 tegn'),
});
/** Making a new link ends the old one: the caller says so explicitly (and no stray request rotates it). */
export const rotateFeedInput = z.strictObject({
  confirm: z.literal(true, { error: 'Bekræft, at det gamle link holder op med at virke' }),
});
const userQuery = z.strictObject({ userId: idParam('Sagsbehandleren').optional() });
const meetingForm = z.enum(Object.keys(MEETING_FORMS) as [MeetingForm, ...MeetingForm[]], { error: 'Ukendt samtaleform' });
const slotQuery = z.strictObject({
  serves: z.enum(DEADLINE_KINDS, { error: 'Ukendt fristtype' }).optional(),
  form: meetingForm.optional(),
  durationMinutes: intParam('Varigheden', 10, 240).optional(),
  roomId: idParam('Lokalet').optional(),
  count: intParam('Antal', 1, 10).optional(),
});

export interface CalendarDeps extends RouteDeps {
  /** The address users reach retur on (RETUR_PUBLIC_URL), for links in calendar files; else the request's own. */
  publicUrl?: string;
}

export function calendarRoutes(app: FastifyInstance, deps: CalendarDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Kalender'];
  // Calendars belong to the people who hold meetings: caseworkers and team leaders (case:write).
  const own = { permission: 'case:write' as const };
  const baseUrl = (req: FastifyRequest) => (deps.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '');

  r.get('/api/calendar/working-hours', { config: own, schema: { tags, summary: 'Arbejdstid pr. ugedag (egen, eller en i teamet for teamledere)', querystring: userQuery } }, (req) =>
    calendar.getWorkingHours(ctxOf(req, deps), req.query.userId));
  r.put('/api/calendar/working-hours', { config: own, schema: { tags, summary: 'Sæt arbejdstiden (erstatter hele ugen)', body: workingHoursInput } }, (req) =>
    calendar.setWorkingHours(ctxOf(req, deps), req.body));
  r.get('/api/calendar/absences', { config: own, schema: { tags, summary: 'Fravær (ferie, kursus) fra 30 dage tilbage', querystring: userQuery } }, (req) =>
    calendar.listAbsences(ctxOf(req, deps), req.query.userId));
  r.post('/api/calendar/absences', { config: own, schema: { tags, summary: 'Registrér fravær; svaret nævner bookede samtaler i perioden', body: absenceInput } }, async (req, reply) =>
    reply.status(201).send(await calendar.addAbsence(ctxOf(req, deps), req.body)));
  r.delete('/api/calendar/absences/:absenceId', { config: own, schema: { tags, summary: 'Slet fravær', params: z.strictObject({ absenceId: idParam('Fraværet') }) } }, (req) =>
    calendar.removeAbsence(ctxOf(req, deps), req.params.absenceId));
  r.get('/api/calendar/rooms', { config: own, schema: { tags, summary: 'Mødelokaler' } }, (req) =>
    calendar.listRooms(ctxOf(req, deps)));
  r.get('/api/calendar/agenda', {
    config: own,
    schema: { tags, summary: 'Samtaler og gruppemøder i en periode (standard: denne uge), med arbejdstid, fravær og lukkedage', querystring: z.strictObject({ from: isoDate.optional(), to: isoDate.optional(), userId: idParam('Sagsbehandleren').optional() }) },
  }, (req) => calendar.agenda(ctxOf(req, deps), req.query));

  r.get('/api/cases/:id/meetings/slots', {
    config: own,
    schema: { tags, summary: 'Ledige tider hos sagens sagsbehandler før fristen samtalen skal nå (standard: de første tre)', params: caseIdParams, querystring: slotQuery },
  }, (req) => calendar.proposeSlots(ctxOf(req, deps), req.params.id, req.query as Parameters<typeof calendar.proposeSlots>[2]));

  r.get('/api/cases/:id/meetings/:meetingId/invitation.ics', {
    config: own,
    schema: {
      tags, summary: 'Kalenderinvitation (.ics) til sagsbehandleren eller borgeren',
      params: caseIdParams.extend({ meetingId: idParam('Mødet') }),
      querystring: z.strictObject({ for: z.enum(['caseworker', 'citizen'], { error: 'Vælg caseworker eller citizen' }).optional() }),
    },
  }, async (req, reply) => {
    const f = await calendar.meetingInvitation(ctxOf(req, deps), req.params.id, req.params.meetingId, { for: req.query.for ?? 'caseworker', baseUrl: baseUrl(req) });
    return reply.type('text/calendar; charset=utf-8; method=' + (f.body.includes('METHOD:CANCEL') ? 'CANCEL' : 'REQUEST'))
      .header('content-disposition', `attachment; filename="${f.filename}"`).send(f.body);
  });

  r.get('/api/calendar/feed', { config: own, schema: { tags, summary: 'Er der et privat kalenderlink? (selve linket vises kun, når det laves)' } }, (req) =>
    calendar.feedStatus(ctxOf(req, deps)));
  r.post('/api/calendar/feed', { config: own, schema: { tags, summary: 'Lav et nyt privat kalenderlink; det gamle holder op med at virke', body: rotateFeedInput } }, async (req, reply) =>
    reply.status(201).send(await calendar.rotateFeed(ctxOf(req, deps), baseUrl(req))));
  r.delete('/api/calendar/feed', { config: own, schema: { tags, summary: 'Slå det private kalenderlink fra' } }, (req) =>
    calendar.stopFeed(ctxOf(req, deps)));
  // Outlook subscribes without a session: the random token in the URL is the key, and the feed holds no names or CPR numbers.
  r.get('/api/calendar/feed/:token.ics', {
    config: { public: true },
    schema: { tags, summary: 'Privat kalenderabonnement (iCalendar) med kommende samtaler og gruppemøder', params: z.strictObject({ token: z.string().max(200, 'Ukendt kalender') }) },
  }, async (req, reply) => {
    const body = await calendar.calendarFeed(deps.db, deps.clock.now(), req.params.token, { baseUrl: baseUrl(req), endpoint: `${req.method} ${req.routeOptions.url}` });
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(body);
  });
}
