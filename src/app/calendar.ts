/**
 * Caseworkers' calendars: working hours, absences, rooms; free-slot proposals before the deadline a meeting serves;
 * the guard against double booking (`assertFree`, called by every booking in its transaction); calendar invitations
 * (.ics) for the caseworker and the citizen; and a private calendar feed per caseworker that Outlook subscribes to.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import type { Database, Queryable } from '../db/engine.ts';
import { audit } from '../db/audit.ts';
import { loadCase } from '../db/caseStore.ts';
import { policyInForce } from './plans.ts';
import { municipalCalendar } from '../rules/calendar.ts';
import { addDays, danishWallClock, instantInDenmark, type IsoDate } from '../domain/dates.ts';
import { DEFAULT_WORKING_HOURS, freeSlots, unavailableReason, type Interval, type WorkingDay } from '../domain/slots.ts';
import { MEETING_FORMS, type MeetingForm } from '../domain/workspace.ts';
import { DomainError, forbidden, invalid, invalidField, notFound } from '../domain/errors.ts';
import { require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import { DEADLINE_LABELS, type DeadlineKind } from '../rules/deadlineKinds.ts';

const TZ = 'Europe/Copenhagen';
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------------------------
// Whose calendar: one's own; a team leader also the team's caseworkers (as with the worklist).

export interface CalendarOwner { id: number; name: string; teamId: number | null }

export async function calendarOwner(ctx: Ctx, q: Queryable, userId?: number, path = 'userId'): Promise<CalendarOwner> {
  require(ctx.actor, 'case:write');
  if (userId === undefined || userId === ctx.actor.id) return { id: ctx.actor.id, name: ctx.actor.name, teamId: ctx.actor.teamId };
  if (ctx.actor.role !== 'team_leader' && !seesAllTeams(ctx.actor)) throw forbidden('Du kan kun se og ændre din egen kalender.');
  const [u] = await q.query<{ id: number; name: string; team_id: number | null; role: string }>('SELECT id, name, team_id, role FROM app_user WHERE id = $1', [userId]);
  if (!u || !['caseworker', 'team_leader'].includes(u.role)) throw invalidField(path, 'Sagsbehandleren findes ikke');
  if (!seesAllTeams(ctx.actor) && u.team_id !== ctx.actor.teamId) throw forbidden('Sagsbehandleren er i et andet team.');
  return { id: u.id, name: u.name, teamId: u.team_id };
}

// ---------------------------------------------------------------------------------------------------------------
// Working hours and absences

/** The user's working week; the municipality's default when none is set. */
export async function loadWorkingHours(q: Queryable, userId: number): Promise<{ days: WorkingDay[]; isDefault: boolean }> {
  const rows = await q.query<WorkingDay>(
    `SELECT weekday, to_char(starts, 'HH24:MI') AS starts, to_char(ends, 'HH24:MI') AS ends FROM working_hours WHERE user_id = $1 ORDER BY weekday`, [userId]);
  return rows.length ? { days: rows, isDefault: false } : { days: [...DEFAULT_WORKING_HOURS], isDefault: true };
}

export async function getWorkingHours(ctx: Ctx, userId?: number) {
  const owner = await calendarOwner(ctx, ctx.db, userId);
  return { user: { id: owner.id, name: owner.name }, ...(await loadWorkingHours(ctx.db, owner.id)) };
}

export async function setWorkingHours(ctx: Ctx, input: { userId?: number; days: WorkingDay[] }) {
  const seen = new Set<number>();
  const issues = input.days.flatMap((d, i) => {
    const out: { path: string; message: string }[] = [];
    if (seen.has(d.weekday)) out.push({ path: `days.${i}.weekday`, message: 'Ugedagen står der allerede' });
    seen.add(d.weekday);
    if (d.ends <= d.starts) out.push({ path: `days.${i}.ends`, message: 'Sluttidspunktet skal ligge efter starttidspunktet' });
    return out;
  });
  if (issues.length) throw invalid(issues);
  return ctx.db.transaction(async (tx) => {
    const owner = await calendarOwner(ctx, tx, input.userId);
    await tx.query('DELETE FROM working_hours WHERE user_id = $1', [owner.id]);
    for (const d of input.days)
      await tx.query('INSERT INTO working_hours (user_id, weekday, starts, ends) VALUES ($1, $2, $3, $4)', [owner.id, d.weekday, d.starts, d.ends]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'working-hours', entityId: owner.id, details: { days: input.days.length } });
    return { user: { id: owner.id, name: owner.name }, ...(await loadWorkingHours(tx, owner.id)) };
  });
}

export interface AbsenceRow { id: number; from: IsoDate; to: IsoDate; reason: string }

async function loadAbsences(q: Queryable, userId: number, fromDay: IsoDate, toDay?: IsoDate): Promise<AbsenceRow[]> {
  return q.query<AbsenceRow>(
    `SELECT id, from_date AS "from", to_date AS "to", reason FROM user_absence WHERE user_id = $1 AND to_date >= $2 AND ($3::date IS NULL OR from_date <= $3) ORDER BY from_date, id`,
    [userId, fromDay, toDay ?? null]);
}

/** Absences that have not ended more than 30 days ago. */
export async function listAbsences(ctx: Ctx, userId?: number) {
  const owner = await calendarOwner(ctx, ctx.db, userId);
  return { user: { id: owner.id, name: owner.name }, absences: await loadAbsences(ctx.db, owner.id, addDays(ctx.today, -30)) };
}

/** Records an absence and lists the planned meetings inside it, so the caseworker can rebook them. */
export async function addAbsence(ctx: Ctx, input: { userId?: number; from: IsoDate; to: IsoDate; reason: string }) {
  if (input.to < input.from) throw invalidField('to', 'Slutdatoen skal ligge på eller efter startdatoen');
  if (addDays(input.from, 366) < input.to) throw invalidField('to', 'Et fravær kan højst vare et år');
  return ctx.db.transaction(async (tx) => {
    const owner = await calendarOwner(ctx, tx, input.userId);
    const [a] = await tx.query<AbsenceRow>(
      `INSERT INTO user_absence (user_id, from_date, to_date, reason, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, from_date AS "from", to_date AS "to", reason`,
      [owner.id, input.from, input.to, input.reason, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'absence', entityId: a.id, details: { userId: owner.id, from: input.from, to: input.to } });
    const conflicts = await tx.query<{ meetingId: number; caseId: number; startsAt: string }>(
      `SELECT id AS "meetingId", case_id AS "caseId", starts_at AS "startsAt" FROM follow_up_meeting
        WHERE host_id = $1 AND status = 'planned' AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at`,
      [owner.id, instantInDenmark(input.from, '00:00'), instantInDenmark(addDays(input.to, 1), '00:00')]);
    return { ...a, conflicts };
  });
}

export async function removeAbsence(ctx: Ctx, absenceId: number) {
  return ctx.db.transaction(async (tx) => {
    const [a] = await tx.query<{ user_id: number }>('SELECT user_id FROM user_absence WHERE id = $1 FOR UPDATE', [absenceId]);
    if (!a) throw notFound('Fraværet');
    await calendarOwner(ctx, tx, a.user_id, 'absenceId');
    await tx.query('DELETE FROM user_absence WHERE id = $1', [absenceId]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'absence', entityId: absenceId, details: { userId: a.user_id, removed: true } });
    return { id: absenceId };
  });
}

export async function listRooms(ctx: Ctx) {
  require(ctx.actor, 'case:write');
  return ctx.db.query<{ id: number; name: string; capacity: number }>('SELECT id, name, capacity FROM room WHERE active ORDER BY name');
}

// ---------------------------------------------------------------------------------------------------------------
// Busy times and the double-booking guard

/**
 * Planned meetings and group sessions of a host (and of a room, when given) overlapping [from, until). A participant's
 * meeting row of a group session is left out: the session itself is the busy time.
 */
export async function busyIntervals(q: Queryable, p: { hostId: number; roomId?: number | null; from: Date; until: Date; excludeMeetingId?: number; excludeGroupSessionId?: number }) {
  return q.query<{ kind: 'meeting' | 'group-session'; id: number; by: 'host' | 'room'; startsAt: string; endsAt: string }>(
    `SELECT 'meeting' AS kind, id, CASE WHEN host_id = $1 THEN 'host' ELSE 'room' END AS by, starts_at AS "startsAt", ends_at AS "endsAt"
       FROM follow_up_meeting
      WHERE status = 'planned' AND group_session_id IS NULL AND starts_at < $4 AND ends_at > $3
        AND (host_id = $1 OR ($2::int IS NOT NULL AND room_id = $2)) AND ($5::int IS NULL OR id <> $5)
     UNION ALL
     SELECT 'group-session', id, CASE WHEN host_id = $1 THEN 'host' ELSE 'room' END, starts_at, ends_at
       FROM group_session
      WHERE status = 'planned' AND starts_at < $4 AND ends_at > $3
        AND (host_id = $1 OR ($2::int IS NOT NULL AND room_id = $2)) AND ($6::int IS NULL OR id <> $6)
     ORDER BY 4`,
    [p.hostId, p.roomId ?? null, p.from, p.until, p.excludeMeetingId ?? null, p.excludeGroupSessionId ?? null]);
}

const clock = (iso: string | Date) => { const w = danishWallClock(new Date(iso)); return `${w.date} kl. ${w.time}`; };

/**
 * Refuses a booking that would double-book the host or the room, or lies outside the host's calendar. Locks the
 * host's app_user row (then the room's row) FOR UPDATE first, so two bookings of the same caseworker or room queue up
 * and the second one sees the first: call it inside the booking transaction, before inserting or moving the meeting.
 */
export async function assertFree(tx: Queryable, p: {
  hostId: number; roomId?: number | null; startsAt: Date; endsAt: Date;
  excludeMeetingId?: number; excludeGroupSessionId?: number;
  /** When given, a start before it is refused (a booking is never in the past). */
  now?: Date;
}): Promise<void> {
  if (!(p.endsAt > p.startsAt)) throw invalidField('endsAt', 'Sluttidspunktet skal ligge efter starttidspunktet');
  if (p.now && p.startsAt < p.now) throw invalidField('startsAt', 'Tidspunktet er allerede passeret');
  const [host] = await tx.query<{ id: number; active: boolean }>('SELECT id, active FROM app_user WHERE id = $1 FOR NO KEY UPDATE', [p.hostId]);
  if (!host || !host.active) throw invalidField('hostId', 'Sagsbehandleren findes ikke');
  if (p.roomId != null) {
    const [room] = await tx.query<{ id: number; active: boolean }>('SELECT id, active FROM room WHERE id = $1 FOR NO KEY UPDATE', [p.roomId]);
    if (!room || !room.active) throw invalidField('roomId', 'Lokalet findes ikke');
  }
  const day = danishWallClock(p.startsAt).date;
  const policy = await policyInForce(tx, day);
  const cal = municipalCalendar(policy.closedDays);
  const { days } = await loadWorkingHours(tx, p.hostId);
  const absences = await loadAbsences(tx, p.hostId, day, day);
  const why = unavailableReason({ start: p.startsAt, end: p.endsAt }, { workingHours: days, absences, closedReason: cal.closedReason });
  if (why) throw invalidField('startsAt', why);
  const clash = await busyIntervals(tx, { hostId: p.hostId, roomId: p.roomId, from: p.startsAt, until: p.endsAt, excludeMeetingId: p.excludeMeetingId, excludeGroupSessionId: p.excludeGroupSessionId });
  const byHost = clash.find((c) => c.by === 'host');
  if (byHost) {
    const what = byHost.kind === 'meeting' ? 'en anden samtale' : 'et gruppemøde';
    throw new DomainError('conflict', `Sagsbehandleren har allerede ${what} ${clock(byHost.startsAt)}-${danishWallClock(new Date(byHost.endsAt)).time}.`,
      [{ path: 'startsAt', message: `Sagsbehandleren er optaget (${what} ${clock(byHost.startsAt)})` }]);
  }
  const byRoom = clash.find((c) => c.by === 'room');
  if (byRoom) {
    throw new DomainError('conflict', `Lokalet er allerede booket ${clock(byRoom.startsAt)}-${danishWallClock(new Date(byRoom.endsAt)).time}.`,
      [{ path: 'roomId', message: `Lokalet er optaget ${clock(byRoom.startsAt)}` }]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Slot proposals

/** Deadlines a follow-up meeting can serve, earliest first when the caller names none. */
const MEETING_DEADLINES: DeadlineKind[] = ['first-follow-up', 'follow-up-minimum'];
/** Default length of a meeting per form, in minutes. */
export const DEFAULT_DURATION: Record<MeetingForm, number> = { 'in-person': 45, phone: 30, video: 30, workplace: 60, 'round-table': 60, group: 90 };
const FORMS_DA: Record<MeetingForm, string> = { 'in-person': 'personligt fremmøde', phone: 'telefon', video: 'video', workplace: 'virksomhedsbesøg', 'round-table': 'rundbordssamtale', group: 'gruppemøde' };

export interface SlotProposal {
  host: { id: number; name: string };
  deadline: { kind: string; label: string; due: IsoDate; legalDate: IsoDate } | null;
  form: { required: MeetingForm | null; chosen: MeetingForm; allowed: MeetingForm[]; why: string; warning: string | null };
  durationMinutes: number;
  room: { id: number; name: string } | null;
  /** start/end as instants; date/time as the Danish wall clock, which is what a booking form takes. */
  slots: { start: string; end: string; date: IsoDate; time: string; late: boolean }[];
  note: string | null;
}

export async function proposeSlots(ctx: Ctx, caseId: number, opts: { serves?: string; form?: MeetingForm; durationMinutes?: number; roomId?: number; count?: number }): Promise<SlotProposal> {
  const count = opts.count ?? 3;
  return ctx.db.transaction(async (tx) => {
    const c = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', c);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: caseId, citizenId: c.citizenId, details: { view: 'meeting-slots' } });

    const deadlines = await tx.query<{ kind: string; legal_date: string; due: string; status: string; duty: string }>(
      `SELECT kind, legal_date, COALESCE(adjusted_due, due) AS due, status, duty FROM case_deadline WHERE case_id = $1 ORDER BY COALESCE(adjusted_due, due), kind`, [caseId]);
    let served: (typeof deadlines)[number] | undefined;
    if (opts.serves) {
      served = deadlines.find((d) => d.kind === opts.serves);
      if (!served) throw invalidField('serves', 'Sagen har ingen frist af den type');
    } else served = deadlines.find((d) => d.status === 'open' && d.duty === 'municipality' && MEETING_DEADLINES.includes(d.kind as DeadlineKind));

    const [{ held }] = await tx.query<{ held: number }>(`SELECT count(*)::int AS held FROM follow_up_meeting WHERE case_id = $1 AND status = 'held'`, [caseId]);
    const first = held === 0 || served?.kind === 'first-follow-up';
    const form = formRule(first, c.sickLeave === 'partial', opts.form);

    const hostId = c.caseworkerId ?? ctx.actor.id;
    const [host] = await tx.query<{ id: number; name: string }>('SELECT id, name FROM app_user WHERE id = $1', [hostId]);
    let room: SlotProposal['room'] = null;
    if (opts.roomId !== undefined) {
      const [r] = await tx.query<{ id: number; name: string }>('SELECT id, name FROM room WHERE id = $1 AND active', [opts.roomId]);
      if (!r) throw invalidField('roomId', 'Lokalet findes ikke');
      room = r;
    }
    const durationMinutes = opts.durationMinutes ?? DEFAULT_DURATION[form.chosen];
    const policy = await policyInForce(tx, ctx.today);
    const cal = municipalCalendar(policy.closedDays);
    const { days } = await loadWorkingHours(tx, hostId);
    const deadlineEnd = served ? instantInDenmark(addDays(served.due, 1), '00:00') : null;
    // Look far enough past the deadline to offer a late time when none fits before it.
    const horizon = new Date(Math.max(ctx.now.getTime(), deadlineEnd?.getTime() ?? 0) + 120 * DAY);
    const absences = await loadAbsences(tx, hostId, ctx.today);
    const busy = (await busyIntervals(tx, { hostId, roomId: room?.id, from: ctx.now, until: horizon }))
      .map((b): Interval => ({ start: new Date(b.startsAt), end: new Date(b.endsAt) }));
    const search = (from: Date, until: Date, n: number) => freeSlots({
      from, until, durationMinutes, workingHours: days, absences, isClosedDay: (d) => !cal.isWorkingDay(d), busy, count: n,
    });
    const before = deadlineEnd ? (deadlineEnd > ctx.now ? search(ctx.now, deadlineEnd, count) : []) : search(ctx.now, horizon, count);
    const late = deadlineEnd && before.length < count ? search(new Date(Math.max(ctx.now.getTime(), deadlineEnd.getTime())), horizon, count - before.length) : [];
    const slots = [...before.map((s) => ({ ...s, late: false })), ...late.map((s) => ({ ...s, late: true }))]
      .map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), ...danishWallClock(s.start), late: s.late }));
    let note: string | null = null;
    if (served && before.length === 0)
      note = late.length
        ? `Der er ingen ledig tid hos ${host.name} før fristen ${served.due}. Den første ledige tid efter fristen er foreslået; den er markeret som for sen.`
        : `Der er ingen ledig tid hos ${host.name} før fristen ${served.due}, og heller ingen de næste 120 dage.`;
    else if (served && before.length < count) note = `Kun ${before.length} ledig${before.length === 1 ? '' : 'e'} tid${before.length === 1 ? '' : 'er'} før fristen ${served.due}; de øvrige ligger efter fristen.`;
    else if (!slots.length) note = `Der er ingen ledig tid hos ${host.name} de næste 120 dage.`;
    return {
      host,
      deadline: served ? { kind: served.kind, label: DEADLINE_LABELS[served.kind as DeadlineKind] ?? served.kind, due: served.due, legalDate: served.legal_date } : null,
      form, durationMinutes, room, slots, note,
    };
  });
}

/**
 * The form the law allows (SDL § 13 b, stk. 1 and 4): the first follow-up is individual and in person unless an
 * exception in stk. 4 applies (illness prevents attendance, taking part in an offer, partial return to work); later
 * ones the citizen chooses (in person, phone or video), and the municipality may ask for in person after a concrete
 * assessment.
 */
export function formRule(first: boolean, partialReturn: boolean, asked?: MeetingForm): SlotProposal['form'] {
  if (first) {
    if (asked === 'group') throw invalidField('form', 'Den første opfølgningssamtale er individuel (SDL § 13 b, stk. 1); vælg ikke gruppemøde');
    const chosen = asked ?? 'in-person';
    const why = 'Første opfølgningssamtale holdes personligt (SDL § 13 b, stk. 1), medmindre en undtagelse i stk. 4 gælder: sygdommen forhindrer fremmøde, borgeren deltager i et tilbud, eller borgeren er delvist tilbage i arbejde.'
      + (partialReturn ? ' Borgeren er delvist sygemeldt, så undtagelsen om delvis genoptagelse af arbejdet kan være relevant.' : '');
    const warning = chosen === 'in-person' ? null : `Du har valgt ${FORMS_DA[chosen]} til den første samtale: notér i sagen, hvilken undtagelse i § 13 b, stk. 4, der gælder.`;
    return { required: 'in-person', chosen, allowed: ['in-person', 'phone', 'video', 'workplace', 'round-table'], why, warning };
  }
  return {
    required: null, chosen: asked ?? 'in-person', allowed: Object.keys(MEETING_FORMS) as MeetingForm[], warning: null,
    why: 'Senere samtaler holdes, som borgeren vælger: personligt, telefonisk eller digitalt (SDL § 13 b, stk. 1). Kommunen kan efter en konkret vurdering kræve personligt fremmøde.',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The caseworker's agenda

export interface AgendaItem {
  type: 'meeting' | 'group-session';
  id: number;
  caseId: number | null;
  citizenName: string | null;
  /** Null for an older booking that has a day but no time. */
  startsAt: string | null;
  endsAt: string | null;
  date: IsoDate;
  form: string;
  title: string;
  status: string;
  room: string | null;
  videoLink: string | null;
}

export async function agenda(ctx: Ctx, p: { from?: IsoDate; to?: IsoDate; userId?: number }) {
  // This week (Monday to Sunday) unless a range is asked for.
  const monday = addDays(ctx.today, -((new Date(`${ctx.today}T00:00:00Z`).getUTCDay() + 6) % 7));
  const from = p.from ?? monday;
  const to = p.to ?? addDays(from, 6);
  if (to < from) throw invalidField('to', 'Slutdatoen skal ligge på eller efter startdatoen');
  if (addDays(from, 92) < to) throw invalidField('to', 'Højst tre måneder ad gangen');
  return ctx.db.transaction(async (tx) => {
    const owner = await calendarOwner(ctx, tx, p.userId);
    const start = instantInDenmark(from, '00:00');
    const end = instantInDenmark(addDays(to, 1), '00:00');
    const meetings = await tx.query<{ id: number; case_id: number; citizen_id: number; citizen_name: string; starts_at: string | null; ends_at: string | null; planned_for: string | null; form: string; status: string; room: string | null; video_link: string | null }>(
      `SELECT m.id, m.case_id, c.citizen_id, z.name AS citizen_name, m.starts_at, m.ends_at, m.planned_for, m.form, m.status, r.name AS room, m.video_link
         FROM follow_up_meeting m JOIN sb_case c ON c.id = m.case_id JOIN citizen z ON z.id = c.citizen_id LEFT JOIN room r ON r.id = m.room_id
        WHERE m.group_session_id IS NULL AND m.status <> 'cancelled'
          AND ((m.host_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3)
            OR (m.starts_at IS NULL AND m.status = 'planned' AND c.caseworker_id = $1 AND m.planned_for BETWEEN $4 AND $5))
        ORDER BY COALESCE(m.starts_at, m.planned_for::timestamptz), m.id`, [owner.id, start, end, from, to]);
    const sessions = await tx.query<{ id: number; theme: string; starts_at: string; ends_at: string; status: string; room: string | null; video_link: string | null; participants: number }>(
      `SELECT g.id, g.theme, g.starts_at, g.ends_at, g.status, r.name AS room, g.video_link,
              (SELECT count(*)::int FROM follow_up_meeting m WHERE m.group_session_id = g.id AND m.status <> 'cancelled') AS participants
         FROM group_session g LEFT JOIN room r ON r.id = g.room_id
        WHERE g.host_id = $1 AND g.status <> 'cancelled' AND g.starts_at >= $2 AND g.starts_at < $3 ORDER BY g.starts_at, g.id`, [owner.id, start, end]);
    const items: AgendaItem[] = [
      ...meetings.map((m): AgendaItem => ({
        type: 'meeting', id: m.id, caseId: m.case_id, citizenName: m.citizen_name, startsAt: m.starts_at, endsAt: m.ends_at,
        date: m.starts_at ? danishWallClock(new Date(m.starts_at)).date : m.planned_for!, form: m.form,
        title: `${MEETING_FORMS[m.form as MeetingForm] ?? m.form}, sag ${m.case_id}`, status: m.status, room: m.room, videoLink: m.video_link,
      })),
      ...sessions.map((g): AgendaItem => ({
        type: 'group-session', id: g.id, caseId: null, citizenName: null, startsAt: g.starts_at, endsAt: g.ends_at,
        date: danishWallClock(new Date(g.starts_at)).date, form: 'group', title: `Gruppemøde: ${g.theme} (${g.participants} deltagere)`, status: g.status, room: g.room, videoLink: g.video_link,
      })),
    ].sort((a, b) => (a.startsAt ?? `${a.date}T00`).localeCompare(b.startsAt ?? `${b.date}T00`) || a.id - b.id);
    // The agenda names citizens: each case shown is a read of that citizen's data.
    const seen = new Map<number, number>();
    for (const m of meetings) seen.set(m.case_id, m.citizen_id);
    await auditAs(ctx, tx, [...seen].map(([caseId, citizenId]) => ({ operation: 'read' as const, entity: 'case', entityId: caseId, citizenId, details: { view: 'calendar-agenda' } })));
    const { days, isDefault } = await loadWorkingHours(tx, owner.id);
    const absences = await loadAbsences(tx, owner.id, from, to);
    const policy = await policyInForce(tx, from);
    const cal = municipalCalendar(policy.closedDays);
    const closedDays: { date: IsoDate; reason: string }[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) { const r = cal.closedReason(d); if (r) closedDays.push({ date: d, reason: r }); }
    return { user: { id: owner.id, name: owner.name }, from, to, items, workingHours: days, workingHoursDefault: isDefault, absences, closedDays };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar files

/**
 * A Date whose "local" getters give Copenhagen wall-clock time. ical-generator formats a TZID'd DTSTART from such a
 * zoned Date (the shape of @date-fns/tz's TZDate, which it supports) instead of the server's own time zone, so the
 * file is right whatever TZ the server runs in.
 */
class CopenhagenDate extends Date {
  readonly internal: Date;
  constructor(at: Date) { super(at.getTime()); this.internal = new Date(at.getTime()); }
  private parts() {
    const w = danishWallClock(this.internal);
    return { y: +w.date.slice(0, 4), mo: +w.date.slice(5, 7) - 1, d: +w.date.slice(8, 10), h: +w.time.slice(0, 2), mi: +w.time.slice(3, 5) };
  }
  withTimeZone() { return this; }
  tzComponents() { return this.parts(); }
  override getFullYear() { return this.parts().y; }
  override getMonth() { return this.parts().mo; }
  override getDate() { return this.parts().d; }
  override getHours() { return this.parts().h; }
  override getMinutes() { return this.parts().mi; }
  override getSeconds() { return this.internal.getUTCSeconds(); }
}

/** Europe/Copenhagen since 1996: CEST from the last Sunday of March 02:00, CET from the last Sunday of October 03:00. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE', `TZID:${TZ}`, `X-LIC-LOCATION:${TZ}`,
  'BEGIN:DAYLIGHT', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'DTSTART:19700329T020000', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'END:DAYLIGHT',
  'BEGIN:STANDARD', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'DTSTART:19701025T030000', 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const newCalendar = (name: string, method: ICalCalendarMethod): ICalCalendar =>
  ical({ name, method, prodId: { company: 'retur', product: 'retur', language: 'DA' }, timezone: { name: TZ, generator: (tz) => (tz === TZ ? VTIMEZONE : null) } });

/** UID per meeting: the same for every version of the invitation, so a calendar replaces the old one. */
const meetingUid = (id: number) => `retur-meeting-${id}@retur`;
const sessionUid = (id: number) => `retur-group-session-${id}@retur`;

interface MeetingForIcs {
  id: number; case_id: number; status: string; form: MeetingForm; starts_at: string | null; ends_at: string | null;
  room: string | null; video_link: string | null; host_name: string | null; host_id: number | null; rebooked: number; municipality: string | null;
}

async function meetingForIcs(q: Queryable, caseId: number, meetingId: number): Promise<MeetingForIcs> {
  const [m] = await q.query<MeetingForIcs>(
    `SELECT m.id, m.case_id, m.status, m.form, COALESCE(m.starts_at, g.starts_at) AS starts_at, COALESCE(m.ends_at, g.ends_at) AS ends_at,
            COALESCE(r.name, gr.name) AS room, COALESCE(m.video_link, g.video_link) AS video_link, u.name AS host_name, u.id AS host_id,
            (SELECT count(*)::int FROM case_action a WHERE a.case_id = m.case_id AND a.type = 'meeting-rebooked' AND a.payload->>'meetingId' = m.id::text) AS rebooked,
            (SELECT name FROM municipality ORDER BY code LIMIT 1) AS municipality
       FROM follow_up_meeting m
       LEFT JOIN group_session g ON g.id = m.group_session_id
       LEFT JOIN room r ON r.id = m.room_id LEFT JOIN room gr ON gr.id = g.room_id
       LEFT JOIN app_user u ON u.id = COALESCE(m.host_id, g.host_id)
      WHERE m.id = $1 AND m.case_id = $2`, [meetingId, caseId]);
  if (!m) throw notFound('Mødet');
  if (!m.starts_at || !m.ends_at) throw invalidField('meetingId', 'Mødet har endnu intet klokkeslæt; book et tidspunkt først');
  return m;
}

/** Where and how, in words the citizen understands (no internal notes, no health details). */
function citizenHow(m: MeetingForIcs): { location: string; how: string } {
  const place = m.room ? `${m.room}, jobcentret${m.municipality ? `, ${m.municipality}` : ''}` : `Jobcentret${m.municipality ? `, ${m.municipality}` : ''}`;
  switch (m.form) {
    case 'phone': return { location: 'Telefon', how: 'Samtalen foregår over telefonen: din sagsbehandler ringer til dig på det telefonnummer, kommunen har registreret.' };
    case 'video': return { location: m.video_link ?? 'Video', how: `Samtalen foregår på video.${m.video_link ? ` Brug linket: ${m.video_link}` : ' Du får linket af din sagsbehandler.'}` };
    case 'workplace': return { location: 'Din arbejdsplads', how: 'Samtalen holdes på din arbejdsplads sammen med din arbejdsgiver.' };
    case 'round-table': return { location: place, how: `Samtalen er en rundbordssamtale med din arbejdsgiver. Mødested: ${place}.` };
    case 'group': return { location: m.video_link ?? place, how: `Samtalen er et gruppemøde med andre borgere. Mødested: ${m.video_link ?? place}.` };
    default: return { location: place, how: `Samtalen er et personligt møde. Mødested: ${place}.` };
  }
}

/** Where, for the caseworker's own calendar: the room, the video link, or the phone. */
const caseworkerWhere = (form: string, room: string | null, video: string | null) =>
  room ?? video ?? (form === 'phone' ? 'Telefon' : form === 'video' ? 'Video' : form === 'workplace' ? 'Borgerens arbejdsplads' : '');

/** The title caseworkers see in Outlook: no name, no CPR number, only the case number and the form. */
const caseworkerTitle = (caseId: number, form: string) => `Opfølgningssamtale, sag ${caseId} (${FORMS_DA[form as MeetingForm] ?? form})`;

export async function meetingInvitation(ctx: Ctx, caseId: number, meetingId: number, p: { for: 'caseworker' | 'citizen'; baseUrl: string }): Promise<{ filename: string; body: string }> {
  return ctx.db.transaction(async (tx) => {
    const c = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', c);
    const m = await meetingForIcs(tx, caseId, meetingId);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: caseId, citizenId: c.citizenId, details: { view: 'meeting-invitation', meetingId, for: p.for } });
    const cancelled = m.status === 'cancelled';
    const calendar = newCalendar(p.for === 'citizen' ? 'Opfølgningssamtale' : 'retur', cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
    // SEQUENCE: one more for every rebooking of this meeting (case actions), and one more when it is cancelled.
    const sequence = m.rebooked + (cancelled ? 1 : 0);
    const common = {
      id: meetingUid(m.id), sequence, stamp: ctx.now, start: new CopenhagenDate(new Date(m.starts_at!)), end: new CopenhagenDate(new Date(m.ends_at!)),
      timezone: TZ, status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: m.host_name ?? 'Jobcentret', email: `sagsbehandler-${m.host_id ?? 0}@retur.invalid` },
    };
    if (p.for === 'citizen') {
      const { location, how } = citizenHow(m);
      calendar.createEvent({
        ...common, summary: 'Opfølgningssamtale om din sygemelding', location,
        description: `${how}\n\nSamtalen er en opfølgningssamtale efter sygedagpengeloven § 13 b. Kan du ikke komme, så kontakt din sagsbehandler${m.host_name ? `, ${m.host_name},` : ''} hurtigst muligt.`,
      });
    } else {
      calendar.createEvent({
        ...common, summary: caseworkerTitle(m.case_id, m.form), location: caseworkerWhere(m.form, m.room, m.video_link) || null,
        description: `Sag ${m.case_id}: ${MEETING_FORMS[m.form] ?? m.form}.\nÅbn sagen i retur: ${p.baseUrl}/sager/${m.case_id}`, url: `${p.baseUrl}/sager/${m.case_id}`,
      });
    }
    return { filename: `samtale-${m.id}${p.for === 'citizen' ? '-borger' : ''}.ics`, body: calendar.toString() };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The private calendar feed

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const feedPath = (token: string) => `/api/calendar/feed/${token}.ics`;

export async function feedStatus(ctx: Ctx) {
  require(ctx.actor, 'case:write');
  const [f] = await ctx.db.query<{ created_at: string }>('SELECT created_at FROM calendar_feed WHERE user_id = $1', [ctx.actor.id]);
  return { active: !!f, createdAt: f?.created_at ?? null };
}

/** A new random token for the actor's feed; the old link stops working. Only the token's SHA-256 is stored. */
export async function rotateFeed(ctx: Ctx, baseUrl: string) {
  require(ctx.actor, 'case:write');
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO calendar_feed (user_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`, [ctx.actor.id, sha256(token), ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'calendar-feed', entityId: ctx.actor.id, details: { rotated: true } });
  });
  return { url: `${baseUrl}${feedPath(token)}`, path: feedPath(token), createdAt: ctx.now.toISOString() };
}

export async function stopFeed(ctx: Ctx) {
  require(ctx.actor, 'case:write');
  await ctx.db.transaction(async (tx) => {
    await tx.query('DELETE FROM calendar_feed WHERE user_id = $1', [ctx.actor.id]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'calendar-feed', entityId: ctx.actor.id, details: { stopped: true } });
  });
  return { active: false };
}

/**
 * The feed Outlook subscribes to, found by the token's hash (compared in constant time). Coming meetings and group
 * sessions of the caseworker, titled by case number and form only: a calendar outside retur never holds a name or a
 * CPR number. A deactivated user's feed is gone.
 */
export async function calendarFeed(db: Database, now: Date, token: string, p: { baseUrl: string; endpoint: string }): Promise<string> {
  const hash = sha256(token);
  return db.transaction(async (tx) => {
    const [f] = await tx.query<{ user_id: number; token_hash: string }>(
      'SELECT f.user_id, f.token_hash FROM calendar_feed f JOIN app_user u ON u.id = f.user_id AND u.active WHERE f.token_hash = $1', [hash]);
    if (!f || !timingSafeEqual(Buffer.from(f.token_hash, 'hex'), Buffer.from(hash, 'hex'))) throw notFound('Kalenderen');
    const since = new Date(now.getTime() - 7 * DAY);
    const meetings = await tx.query<{ id: number; case_id: number; form: string; starts_at: string; ends_at: string; room: string | null; video_link: string | null; rebooked: number }>(
      `SELECT m.id, m.case_id, m.form, m.starts_at, m.ends_at, r.name AS room, m.video_link,
              (SELECT count(*)::int FROM case_action a WHERE a.case_id = m.case_id AND a.type = 'meeting-rebooked' AND a.payload->>'meetingId' = m.id::text) AS rebooked
         FROM follow_up_meeting m LEFT JOIN room r ON r.id = m.room_id
        WHERE m.host_id = $1 AND m.status = 'planned' AND m.group_session_id IS NULL AND m.starts_at >= $2 ORDER BY m.starts_at LIMIT 2000`, [f.user_id, since]);
    const sessions = await tx.query<{ id: number; theme: string; starts_at: string; ends_at: string; room: string | null; video_link: string | null }>(
      `SELECT g.id, g.theme, g.starts_at, g.ends_at, r.name AS room, g.video_link FROM group_session g LEFT JOIN room r ON r.id = g.room_id
        WHERE g.host_id = $1 AND g.status = 'planned' AND g.starts_at >= $2 ORDER BY g.starts_at LIMIT 500`, [f.user_id, since]);
    const calendar = newCalendar('retur: mine samtaler', ICalCalendarMethod.PUBLISH);
    calendar.ttl(60 * 60);
    for (const m of meetings)
      calendar.createEvent({
        id: meetingUid(m.id), sequence: m.rebooked, stamp: now, timezone: TZ,
        start: new CopenhagenDate(new Date(m.starts_at)), end: new CopenhagenDate(new Date(m.ends_at)),
        summary: caseworkerTitle(m.case_id, m.form), location: caseworkerWhere(m.form, m.room, m.video_link) || null,
        description: `Åbn sagen i retur: ${p.baseUrl}/sager/${m.case_id}`, url: `${p.baseUrl}/sager/${m.case_id}`,
      });
    for (const g of sessions)
      calendar.createEvent({
        id: sessionUid(g.id), stamp: now, timezone: TZ, start: new CopenhagenDate(new Date(g.starts_at)), end: new CopenhagenDate(new Date(g.ends_at)),
        summary: `Gruppemøde: ${g.theme}`, location: g.room ?? g.video_link ?? null,
      });
    await audit(tx, { at: now, userId: f.user_id, operation: 'read', entity: 'calendar-feed', entityId: f.user_id, endpoint: p.endpoint, details: { meetings: meetings.length, groupSessions: sessions.length } });
    return calendar.toString();
  });
}
