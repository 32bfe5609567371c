/**
 * Caseworkers' calendars through the real server: working hours, absences, rooms, free slots before the deadline,
 * the double-booking guard (also two bookings racing on PostgreSQL), invitations as .ics and the private feed.
 * The clock stands on Tuesday 1 December 2026, 09:00, so Christmas Eve (a municipal closed day) is near.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engineName, openTestDb } from '../helpers.ts';
import type { Database } from '../../src/db/engine.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { seedCalendars } from '../../src/demo/calendarSeed.ts';
import { buildServer } from '../../src/api/server.ts';
import { calendarRoutes } from '../../src/api/calendar.ts';
import { assertFree } from '../../src/app/calendar.ts';
import { mutateCase } from '../../src/app/caseWrite.ts';
import { DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_POLICY } from '../../src/app/auth.ts';
import { manualClock } from '../../src/clock.ts';
import { addDays, danishWallClock, instantInDenmark } from '../../src/domain/dates.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { DEFAULT_WORKING_HOURS, unavailableReason } from '../../src/domain/slots.ts';
import { municipalCalendar } from '../../src/rules/calendar.ts';

const START = '2026-12-01T09:00:00+01:00';
const clock = manualClock(START);
const today = clock.today();
let db: Database;
let drop: () => Promise<void>;
let app: FastifyInstance;
const cookies = new Map<string, string>();

let mette: { id: number; teamId: number };
let larsId: number;
let sydCaseworker: string;
let caseId: number;
let citizen: { cpr: string; name: string };
let rooms: { id: number; name: string; capacity: number }[];

async function login(username: string) {
  if (!cookies.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'demo' } });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    cookies.set(username, `retur_session=${res.cookies.find((c) => c.name === 'retur_session')!.value}`);
  }
  return cookies.get(username)!;
}
async function as(user: string | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: user ? { cookie: await login(user) } : {} });
}
async function insertMeeting(p: { caseId: number; hostId: number; start: Date; minutes?: number; roomId?: number | null; form?: string; notes?: string }) {
  const end = new Date(p.start.getTime() + (p.minutes ?? 45) * 60_000);
  const [m] = await db.query<{ id: number }>(
    `INSERT INTO follow_up_meeting (case_id, status, planned_for, form, notes, recorded_by, recorded_at, starts_at, ends_at, host_id, room_id)
     VALUES ($1, 'planned', $2, $3, $4, $5, $6, $7, $8, $5, $9) RETURNING id`,
    [p.caseId, danishWallClock(p.start).date, p.form ?? 'in-person', p.notes ?? null, p.hostId, clock.now(), p.start, end, p.roomId ?? null]);
  return m.id;
}
const at = instantInDenmark;
/** Moves the app's clock; sessions idle that long have ended, so everyone logs in again. */
function setClock(to: string) { clock.set(to); cookies.clear(); }

beforeAll(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await seedDemo(db, { scale: 'small', today });
  const staff = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE role IN ('caseworker', 'team_leader') ORDER BY id`);
  // seedCalendars is idempotent: harmless if src/demo/seed.ts already calls it.
  await db.transaction((tx) => seedCalendars(tx, { userIds: staff.map((s) => s.id), today }));
  app = await buildServer({ db, clock, web: false });
  if (!app.hasRoute({ method: 'GET', url: '/api/calendar/rooms' }))
    calendarRoutes(app, { db, clock, auth: { sessions: DEFAULT_SESSION_POLICY, loginLimits: DEFAULT_LOGIN_LIMITS, loginRequestsPerMinute: 600, secureCookies: false } });
  await app.ready();

  const [m] = await db.query<{ id: number; team_id: number }>("SELECT id, team_id FROM app_user WHERE username = 'mette'");
  mette = { id: m.id, teamId: m.team_id };
  larsId = (await db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'lars'"))[0].id;
  sydCaseworker = (await db.query<{ username: string }>(
    "SELECT u.username FROM app_user u JOIN team t ON t.id = u.team_id WHERE t.name = 'Team Syd' AND u.role = 'caseworker' ORDER BY u.id LIMIT 1"))[0].username;
  // A new case of Mette's, ten days into the absence: the first follow-up is due before the end of week 8.
  citizen = { cpr: '1503854321', name: 'Kalender Testesen' };
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr: '150385-4321', name: citizen.name }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -10),
    employment: 'unemployed', sickLeave: 'full', caseworkerId: mette.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  caseId = res.json().id;
  rooms = (await as('mette', 'GET', '/api/calendar/rooms')).json();
}, 120_000);
afterAll(async () => { await app?.close(); await drop?.(); });

describe(`calendars (${engineName})`, () => {
  it('lists the rooms, with the group room for eight', () => {
    expect(rooms.map((r) => r.name)).toEqual(['Grupperummet', 'Mødelokale 1', 'Mødelokale 2']);
    expect(rooms.find((r) => r.name === 'Grupperummet')!.capacity).toBe(8);
  });

  it('working hours: the default week, set with named errors, a team leader sets a team member’s, a caseworker only her own', async () => {
    const got = (await as('mette', 'GET', '/api/calendar/working-hours')).json();
    expect(got.days).toEqual(DEFAULT_WORKING_HOURS);
    const bad = await as('mette', 'PUT', '/api/calendar/working-hours', { days: [{ weekday: 1, starts: '15:00', ends: '08:00' }, { weekday: 1, starts: '08:00', ends: '12:00' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['days.0.ends', 'days.1.weekday']);
    const badTime = await as('mette', 'PUT', '/api/calendar/working-hours', { days: [{ weekday: 1, starts: '8', ends: '12:00' }] });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().errors[0].path).toBe('days.0.starts');
    const byLeader = await as('lars', 'PUT', '/api/calendar/working-hours', { userId: mette.id, days: [...DEFAULT_WORKING_HOURS.slice(0, 4), { weekday: 5, starts: '08:00', ends: '12:00' }] });
    expect(byLeader.statusCode, byLeader.body).toBe(200);
    expect(byLeader.json().days[4]).toEqual({ weekday: 5, starts: '08:00', ends: '12:00' });
    expect((await as('mette', 'PUT', '/api/calendar/working-hours', { userId: larsId, days: [] })).statusCode).toBe(403);
    expect((await as(sydCaseworker, 'GET', `/api/calendar/working-hours?userId=${mette.id}`)).statusCode).toBe(403);
    expect((await as('maria', 'GET', '/api/calendar/working-hours')).statusCode).toBe(403);
    expect((await as('mette', 'PUT', '/api/calendar/working-hours', { days: DEFAULT_WORKING_HOURS })).statusCode).toBe(200);
  });

  it('absences: added, listed with the meetings they collide with, removed; not someone else’s', async () => {
    const meeting = await insertMeeting({ caseId, hostId: mette.id, start: at('2026-12-16', '10:00') });
    const res = await as('mette', 'POST', '/api/calendar/absences', { from: '2026-12-16', to: '2026-12-17', reason: 'Kursus' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().conflicts).toEqual([{ meetingId: meeting, caseId, startsAt: at('2026-12-16', '10:00').toISOString() }]);
    expect((await as('mette', 'GET', '/api/calendar/absences')).json().absences).toContainEqual({ id: res.json().id, from: '2026-12-16', to: '2026-12-17', reason: 'Kursus' });
    expect((await as('mette', 'POST', '/api/calendar/absences', { from: '2026-12-17', to: '2026-12-16', reason: 'Ferie' })).json().errors[0].path).toBe('to');
    expect((await as(sydCaseworker, 'DELETE', `/api/calendar/absences/${res.json().id}`)).statusCode).toBe(403);
    expect((await as('mette', 'DELETE', `/api/calendar/absences/${res.json().id}`)).statusCode).toBe(200);
    expect((await as('mette', 'DELETE', `/api/calendar/absences/${res.json().id}`)).statusCode).toBe(404);
    await db.query("UPDATE follow_up_meeting SET status = 'cancelled' WHERE id = $1", [meeting]);
  });

  it('proposes the first three free slots before the first follow-up’s due date, in person, around booked meetings', async () => {
    const busy = await insertMeeting({ caseId, hostId: mette.id, start: at(today, '09:00'), minutes: 90 });
    const res = await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.deadline.kind).toBe('first-follow-up');
    expect(p.deadline.due > today).toBe(true);
    expect(p.form).toMatchObject({ required: 'in-person', chosen: 'in-person' });
    expect(p.form.why).toMatch(/§ 13 b, stk\. 1/);
    expect(p.durationMinutes).toBe(45);
    expect(p.slots).toHaveLength(3);
    const deadlineEnd = at(addDays(p.deadline.due, 1), '00:00');
    const busyTimes = (await db.query<{ s: string; e: string }>("SELECT starts_at AS s, ends_at AS e FROM follow_up_meeting WHERE host_id = $1 AND status = 'planned' AND starts_at IS NOT NULL", [mette.id]))
      .map((b) => ({ start: new Date(b.s), end: new Date(b.e) }));
    expect(busyTimes.some((b) => b.start.getTime() === at(today, '09:00').getTime())).toBe(true);
    for (const s of p.slots) {
      const slot = { start: new Date(s.start), end: new Date(s.end) };
      expect(s.late).toBe(false);
      expect({ date: s.date, time: s.time }).toEqual(danishWallClock(slot.start));
      expect(slot.end <= deadlineEnd).toBe(true);
      expect(slot.start >= clock.now()).toBe(true);
      expect(busyTimes.some((b) => b.start < slot.end && slot.start < b.end)).toBe(false);
      expect(unavailableReason(slot, { workingHours: DEFAULT_WORKING_HOURS, absences: [], closedReason: municipalCalendar().closedReason })).toBeNull();
    }
    await db.query("UPDATE follow_up_meeting SET status = 'cancelled' WHERE id = $1", [busy]);
    // A phone call later is shorter; the first one by phone carries a warning to note the exception (stk. 4).
    const phone = (await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots?form=phone&count=5`)).json();
    expect(phone.durationMinutes).toBe(30);
    expect(phone.slots).toHaveLength(5);
    expect(phone.form.warning).toMatch(/stk\. 4/);
    expect((await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots?form=group`)).json().errors[0].path).toBe('form');
  });

  it('skips Christmas Eve and the holidays, the caseworker’s absence, and out-of-hours times', async () => {
    const abs = (await as('mette', 'POST', '/api/calendar/absences', { from: '2026-12-28', to: '2026-12-28', reason: 'Ferie' })).json();
    setClock('2026-12-23T15:00:00+01:00');
    try {
      const p = (await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots`)).json();
      expect(p.slots.map((s: { start: string }) => danishWallClock(new Date(s.start)))).toEqual([
        { date: '2026-12-29', time: '08:00' }, { date: '2026-12-29', time: '08:30' }, { date: '2026-12-29', time: '09:00' }]);
    } finally {
      setClock(START);
      await as('mette', 'DELETE', `/api/calendar/absences/${abs.id}`);
    }
  });

  it('a room that is booked by someone else is avoided when a room is asked for', async () => {
    const room = rooms.find((r) => r.name === 'Mødelokale 1')!;
    const other = (await db.query<{ id: number; case_id: number }>(
      `SELECT u.id, (SELECT min(id) FROM sb_case WHERE caseworker_id = u.id) AS case_id FROM app_user u WHERE u.role = 'caseworker' AND u.id <> $1 ORDER BY u.id LIMIT 1`, [mette.id]))[0];
    // Monday 14 December, 07:00: past the demo's booked meetings, so Mette's own day is free.
    const booked = await insertMeeting({ caseId: other.case_id, hostId: other.id, start: at('2026-12-14', '08:00'), minutes: 120, roomId: room.id });
    setClock('2026-12-14T07:00:00+01:00');
    try {
      const p = (await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots?roomId=${room.id}`)).json();
      expect(p.room).toEqual({ id: room.id, name: room.name });
      expect(danishWallClock(new Date(p.slots[0].start))).toEqual({ date: '2026-12-14', time: '10:00' });
      const noRoom = (await as('mette', 'GET', `/api/cases/${caseId}/meetings/slots`)).json();
      expect(danishWallClock(new Date(noRoom.slots[0].start))).toEqual({ date: '2026-12-14', time: '08:00' });
    } finally {
      setClock(START);
    }
    await db.query("UPDATE follow_up_meeting SET status = 'cancelled' WHERE id = $1", [booked]);
  });

  it('a deadline already passed gets the first free time after it, flagged late, with a note', async () => {
    const res = await as('mette', 'POST', '/api/cases', {
      citizen: { cpr: '0202024123', name: 'Sen Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -70),
      employment: 'unemployed', sickLeave: 'full', caseworkerId: mette.id,
    });
    const p = (await as('mette', 'GET', `/api/cases/${res.json().id}/meetings/slots`)).json();
    expect(p.deadline.kind).toBe('first-follow-up');
    expect(p.deadline.due < today).toBe(true);
    expect(p.slots).toHaveLength(3);
    expect(p.slots.every((s: { late: boolean }) => s.late)).toBe(true);
    expect(p.note).toMatch(/ingen ledig tid .* før fristen/);
  });

  it('another team’s caseworker cannot propose slots on the case (403); a manager neither', async () => {
    expect((await as(sydCaseworker, 'GET', `/api/cases/${caseId}/meetings/slots`)).statusCode).toBe(403);
    expect((await as('maria', 'GET', `/api/cases/${caseId}/meetings/slots`)).statusCode).toBe(403);
    expect((await as(null, 'GET', `/api/cases/${caseId}/meetings/slots`)).statusCode).toBe(401);
  });
});

describe(`no double booking (${engineName})`, () => {
  const conflict = async (p: Parameters<typeof assertFree>[1]) => {
    try { await db.transaction((tx) => assertFree(tx, p)); return null; } catch (e) { if (e instanceof DomainError) return { status: e.status, path: e.issues[0]?.path, detail: e.detail }; throw e; }
  };

  it('refuses an overlap for the host and for the room, and times outside the host’s calendar', async () => {
    const room = rooms.find((r) => r.name === 'Mødelokale 2')!;
    const m = await insertMeeting({ caseId, hostId: mette.id, start: at('2026-12-08', '10:00'), roomId: room.id });
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-08', '10:30'), endsAt: at('2026-12-08', '11:00') })).toMatchObject({ status: 409, path: 'startsAt' });
    expect(await conflict({ hostId: larsId, roomId: room.id, startsAt: at('2026-12-08', '09:30'), endsAt: at('2026-12-08', '10:15') })).toMatchObject({ status: 409, path: 'roomId' });
    // Back to back is fine; rebooking the meeting itself does not collide with itself.
    expect(await conflict({ hostId: mette.id, roomId: room.id, startsAt: at('2026-12-08', '10:45'), endsAt: at('2026-12-08', '11:30') })).toBeNull();
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-08', '10:15'), endsAt: at('2026-12-08', '11:00'), excludeMeetingId: m })).toBeNull();
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-24', '10:00'), endsAt: at('2026-12-24', '10:45') })).toMatchObject({ status: 400, path: 'startsAt' });
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-08', '07:00'), endsAt: at('2026-12-08', '07:45') })).toMatchObject({ status: 400, path: 'startsAt' });
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-04', '12:30'), endsAt: at('2026-12-04', '13:15') })).toMatchObject({ status: 400, path: 'startsAt' });
    const abs = (await as('mette', 'POST', '/api/calendar/absences', { from: '2026-12-09', to: '2026-12-09', reason: 'Kursus' })).json();
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-09', '10:00'), endsAt: at('2026-12-09', '10:45') })).toMatchObject({ status: 400, path: 'startsAt' });
    await as('mette', 'DELETE', `/api/calendar/absences/${abs.id}`);
    // A group session the host holds is busy time too.
    const [g] = await db.query<{ id: number }>(
      `INSERT INTO group_session (team_id, host_id, theme, starts_at, ends_at, room_id, created_at) VALUES ($1, $2, 'Stress og mestring', $3, $4, $5, $6) RETURNING id`,
      [mette.teamId, mette.id, at('2026-12-10', '09:00'), at('2026-12-10', '10:30'), rooms.find((r) => r.name === 'Grupperummet')!.id, clock.now()]);
    expect(await conflict({ hostId: mette.id, startsAt: at('2026-12-10', '10:00'), endsAt: at('2026-12-10', '10:45') })).toMatchObject({ status: 409, path: 'startsAt' });
    await db.query("UPDATE group_session SET status = 'cancelled' WHERE id = $1", [g.id]);
    await db.query("UPDATE follow_up_meeting SET status = 'cancelled' WHERE id = $1", [m]);
  });

  it('two bookings of the same caseworker at the same time in two transactions: exactly one wins', async () => {
    const start = at('2026-12-15', '13:00');
    const end = at('2026-12-15', '13:45');
    const book = () => db.transaction(async (tx) => {
      await assertFree(tx, { hostId: mette.id, startsAt: start, endsAt: end });
      // Give the other booking every chance to pass its check before this one inserts.
      await new Promise((r) => setTimeout(r, 150));
      await tx.query(`INSERT INTO follow_up_meeting (case_id, status, planned_for, form, recorded_by, recorded_at, starts_at, ends_at, host_id) VALUES ($1, 'planned', '2026-12-15', 'phone', $2, $3, $4, $5, $2)`,
        [caseId, mette.id, clock.now(), start, end]);
    });
    const results = await Promise.allSettled([book(), book()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DomainError);
    expect((lost.reason as DomainError).status).toBe(409);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM follow_up_meeting WHERE host_id = $1 AND starts_at = $2 AND status = 'planned'", [mette.id, start]);
    expect(n).toBe(1);
    await db.query("UPDATE follow_up_meeting SET status = 'cancelled' WHERE host_id = $1 AND starts_at = $2", [mette.id, start]);
  });
});

/** Unfolds iCalendar lines (RFC 5545 § 3.1) and returns them, so the tests read properties like a calendar does. */
const icsLines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
const prop = (lines: string[], name: string) => lines.filter((l) => l.startsWith(name + ':') || l.startsWith(name + ';'));

describe(`calendar files (${engineName})`, () => {
  let meetingId: number;
  beforeAll(async () => {
    meetingId = await insertMeeting({ caseId, hostId: mette.id, start: at('2026-12-03', '10:00'), roomId: rooms.find((r) => r.name === 'Mødelokale 1')!.id, notes: 'Intern note: diagnose drøftes' });
  });

  it('the caseworker’s invitation: VCALENDAR, METHOD REQUEST, DTSTART in Europe/Copenhagen, case number, no CPR or name', async () => {
    const res = await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/invitation.ics?for=caseworker`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const l = icsLines(res.body);
    expect(l[0]).toBe('BEGIN:VCALENDAR');
    expect(l.at(-1)).toBe('END:VCALENDAR');
    expect(l).toContain('METHOD:REQUEST');
    expect(l).toContain('BEGIN:VTIMEZONE');
    expect(l).toContain('TZID:Europe/Copenhagen');
    expect(prop(l, 'DTSTART').filter((x) => x.includes('TZID'))).toEqual(['DTSTART;TZID=Europe/Copenhagen:20261203T100000']);
    expect(prop(l, 'DTEND')).toEqual(['DTEND;TZID=Europe/Copenhagen:20261203T104500']);
    expect(prop(l, 'UID')).toEqual([`UID:retur-meeting-${meetingId}@retur`]);
    expect(prop(l, 'SEQUENCE')).toEqual(['SEQUENCE:0']);
    expect(prop(l, 'SUMMARY')[0]).toBe(`SUMMARY:Opfølgningssamtale\\, sag ${caseId} (personligt fremmøde)`);
    expect(prop(l, 'LOCATION')[0]).toBe('LOCATION:Mødelokale 1');
    for (const secret of [citizen.cpr, citizen.cpr.slice(0, 6), citizen.name, 'diagnose']) expect(res.body).not.toContain(secret);
  });

  it('the citizen’s invitation says where and how, without internal notes', async () => {
    const res = await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/invitation.ics?for=citizen`);
    const l = icsLines(res.body);
    expect(prop(l, 'SUMMARY')).toEqual(['SUMMARY:Opfølgningssamtale om din sygemelding']);
    expect(prop(l, 'LOCATION')[0]).toMatch(/^LOCATION:Mødelokale 1\\, jobcentret\\, Demo Kommune/);
    expect(prop(l, 'DESCRIPTION')[0]).toMatch(/personligt møde.*§ 13 b/);
    for (const secret of [citizen.cpr, 'diagnose', 'Intern note', `sag ${caseId}`]) expect(res.body).not.toContain(secret);
  });

  it('a rebooked meeting keeps its UID and gets a higher SEQUENCE; summer time is +02:00', async () => {
    const [c] = await db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [caseId]);
    const ctx = { db, actor: { id: mette.id, role: 'caseworker' as const, teamId: mette.teamId, name: 'Mette' }, endpoint: 'test', today, now: clock.now() };
    const to = at('2027-06-15', '10:00');
    await mutateCase(ctx, caseId, 'case:write', async (_s, tx) => {
      await tx.query('UPDATE follow_up_meeting SET starts_at = $2, ends_at = $3, planned_for = $4 WHERE id = $1', [meetingId, to, new Date(to.getTime() + 45 * 60_000), '2027-06-15']);
      return { type: 'meeting-rebooked', meetingId, from: at('2026-12-03', '10:00').toISOString(), to: to.toISOString(), reason: 'Borgeren bad om en senere tid' };
    });
    expect(c.version).toBeGreaterThan(0);
    const l = icsLines((await as('mette', 'GET', `/api/cases/${caseId}/meetings/${meetingId}/invitation.ics`)).body);
    expect(prop(l, 'UID')).toEqual([`UID:retur-meeting-${meetingId}@retur`]);
    expect(prop(l, 'SEQUENCE')).toEqual(['SEQUENCE:1']);
    expect(prop(l, 'DTSTART').filter((x) => x.includes('TZID'))).toEqual(['DTSTART;TZID=Europe/Copenhagen:20270615T100000']);
  });

  it('another team cannot fetch the invitation; an unknown meeting is 404', async () => {
    expect((await as(sydCaseworker, 'GET', `/api/cases/${caseId}/meetings/${meetingId}/invitation.ics`)).statusCode).toBe(403);
    expect((await as('mette', 'GET', `/api/cases/${caseId}/meetings/2147483647/invitation.ics`)).statusCode).toBe(404);
  });

  it('the private feed works with its token, not without, not after a new link, and holds no CPR or name', async () => {
    expect((await as('mette', 'GET', '/api/calendar/feed')).json()).toEqual({ active: false, createdAt: null });
    expect((await as('mette', 'POST', '/api/calendar/feed', {})).json().errors[0].path).toBe('confirm');
    const made = await as('mette', 'POST', '/api/calendar/feed', { confirm: true });
    expect(made.statusCode, made.body).toBe(201);
    const { url, path } = made.json();
    expect(url).toMatch(/^http:\/\/[^/]+\/api\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await as('mette', 'GET', '/api/calendar/feed')).json().active).toBe(true);
    const [stored] = await db.query<{ token_hash: string }>('SELECT token_hash FROM calendar_feed WHERE user_id = $1', [mette.id]);
    expect(path).not.toContain(stored.token_hash);

    const feed = await as(null, 'GET', path);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const l = icsLines(feed.body);
    expect(l[0]).toBe('BEGIN:VCALENDAR');
    expect(prop(l, 'SUMMARY')).toContain(`SUMMARY:Opfølgningssamtale\\, sag ${caseId} (personligt fremmøde)`);
    expect(prop(l, 'DTSTART')).toContain('DTSTART;TZID=Europe/Copenhagen:20270615T100000');
    const names = (await db.query<{ name: string; cpr: string }>('SELECT z.name, z.cpr FROM citizen z JOIN sb_case c ON c.citizen_id = z.id WHERE c.caseworker_id = $1', [mette.id]));
    for (const n of names) { expect(feed.body).not.toContain(n.name); expect(feed.body).not.toContain(n.cpr); }

    expect((await as(null, 'GET', '/api/calendar/feed/not-a-real-token.ics')).statusCode).toBe(404);
    expect((await as(null, 'GET', path.replace(/.\.ics$/, (m: string) => (m[0] === 'A' ? 'B' : 'A') + '.ics'))).statusCode).toBe(404);
    const rotated = (await as('mette', 'POST', '/api/calendar/feed', { confirm: true })).json();
    expect((await as(null, 'GET', path)).statusCode).toBe(404);
    expect((await as(null, 'GET', rotated.path)).statusCode).toBe(200);
    const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'calendar-feed' AND operation = 'read' AND user_id = $1", [mette.id]);
    expect(n).toBe(2);
    expect((await as('mette', 'DELETE', '/api/calendar/feed')).statusCode).toBe(200);
    expect((await as(null, 'GET', rotated.path)).statusCode).toBe(404);
  });

  it('the agenda shows the week’s meetings with case numbers, the working hours and closed days', async () => {
    const week = await as('mette', 'GET', '/api/calendar/agenda?from=2026-12-21&to=2026-12-27');
    expect(week.statusCode, week.body).toBe(200);
    expect(week.json().closedDays.map((d: { date: string }) => d.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-27']);
    expect(week.json().workingHours).toEqual(DEFAULT_WORKING_HOURS);
    const m = await insertMeeting({ caseId, hostId: mette.id, start: at('2026-12-02', '13:00'), form: 'phone' });
    const now = (await as('mette', 'GET', '/api/calendar/agenda')).json();
    expect(now.from).toBe('2026-11-30');
    expect(now.to).toBe('2026-12-06');
    expect(now.items).toContainEqual(expect.objectContaining({ type: 'meeting', id: m, caseId, citizenName: citizen.name, form: 'phone', date: '2026-12-02' }));
    expect((await as('anne', 'GET', '/api/calendar/agenda')).statusCode).toBe(403);
    expect((await as('mette', 'GET', '/api/calendar/agenda?from=2026-12-21&to=2026-12-01')).json().errors[0].path).toBe('to');
  });
});
