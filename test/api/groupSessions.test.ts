import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// A Wednesday with no holiday near, so sessions fall inside the caseworker's default working hours (08:00-15:30).
const DAY = '2026-12-02';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ today: DAY });
  // A caseworker of Mette's team with an empty calendar, so the sessions' times are free (the demo books Mette's days).
  await t.db.query(`INSERT INTO app_user (username, name, role, team_id, password_hash)
    SELECT 'gitte', 'Gitte Gruppeleder', 'caseworker', team_id, password_hash FROM app_user WHERE username = 'mette'`);
});
afterAll(async () => { await t?.close(); });

// Our own logins: moving the clock past the 30-minute idle timeout ends sessions, so each move logs in again.
const cookies = new Map<string, string>();
async function login(user: string) {
  if (!cookies.has(user)) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: 'demo' } });
    cookies.set(user, `retur_session=${res.cookies.find((c) => c.name === 'retur_session')!.value}`);
  }
  return cookies.get(user)!;
}
const setClock = (at: string) => { t.clock.set(at); cookies.clear(); };
async function as(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object, headers: { cookie: await login(user) } });
}

let cprSeq = 0;
/** A fresh case of Gitte's (Mette's team) in target group 2, first absence 70 days ago, no follow-up yet. */
async function newCase(targetGroup = 2) {
  cprSeq++;
  const cpr = `${String(cprSeq).padStart(2, '0')}0385${String(4000 + cprSeq)}`;
  const res = await as('gitte', 'POST', '/api/cases', {
    citizen: { cpr, name: `Gruppe Deltager ${cprSeq}` }, kind: 'sickness_benefit', firstAbsenceDay: addDays(DAY, -70),
    employment: 'unemployed', sickLeave: 'full', expectedFullReturn: addDays(DAY, 200), targetGroup,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}
const plan = (caseId: number) => t.db.query<{ kind: string; status: string; due: string }>(
  'SELECT kind, status, due::text AS due FROM case_deadline WHERE case_id = $1 ORDER BY kind, due', [caseId]);

async function createSession(time: string, extra: Record<string, unknown> = {}) {
  const res = await as('gitte', 'POST', '/api/group-sessions', { theme: 'partial-return', date: DAY, time, durationMinutes: 90, videoLink: 'https://video.example.dk/gruppe', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; capacity: number; minSize: number; status: string };
}

describe(`group sessions (${engineName})`, () => {
  it('a caseworker creates a session, invites 6 citizens and records attendance: each case gets a held group follow-up and its plan moves', async () => {
    const s = await createSession('09:30');
    expect(s).toMatchObject({ capacity: 7, minSize: 5, status: 'planned', theme: 'partial-return', themeLabel: 'Delvis tilbagevenden til arbejde' });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await newCase());
    const candidates = (await as('gitte', 'GET', `/api/group-sessions/${s.id}/candidates?targetGroup=2&minWeeks=10&maxWeeks=10`)).json().candidates as { caseId: number; weeksOnBenefit: number }[];
    expect(ids.every((id) => candidates.some((c) => c.caseId === id))).toBe(true);
    expect(candidates.every((c) => c.weeksOnBenefit === 10)).toBe(true);

    const invited = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: ids });
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json().invited).toBe(6);
    // Invited citizens are no longer candidates.
    const again = (await as('gitte', 'GET', `/api/group-sessions/${s.id}/candidates?targetGroup=2`)).json().candidates as { caseId: number }[];
    expect(again.some((c) => ids.includes(c.caseId))).toBe(false);
    // Each participant's reminder is queued on their own meeting.
    const booked = await t.db.query<{ case_id: number; form: string; status: string }>('SELECT case_id, form, status FROM follow_up_meeting WHERE group_session_id = $1', [s.id]);
    expect(booked).toHaveLength(6);
    expect(booked.every((m) => m.form === 'group' && m.status === 'planned')).toBe(true);

    const before = await Promise.all(ids.map(plan));
    // Too early: the session has not begun.
    const participants = (invited.json().participants as { meetingId: number; caseId: number }[]);
    const attendance = participants.map((p) => ({ meetingId: p.meetingId, attendance: 'attended' }));
    const early = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].message).toMatch(/når gruppeforløbet er begyndt/);

    setClock(`${DAY}T10:00:00+01:00`);
    const missing = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance.slice(0, 5) });
    expect(missing.json().errors[0]).toEqual({ path: 'participants', message: 'Registrér fremmøde for alle inviterede (1 mangler)' });
    const held = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance });
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json().status).toBe('held');

    const after = await Promise.all(ids.map(plan));
    for (let i = 0; i < 6; i++) {
      expect(after[i], `case ${ids[i]}`).not.toEqual(before[i]);
      const meetings = await t.db.query<{ status: string; held_on: string; form: string; attendance: string }>(
        "SELECT status, held_on::text AS held_on, form, attendance FROM follow_up_meeting WHERE case_id = $1 AND group_session_id = $2", [ids[i], s.id]);
      expect(meetings).toEqual([{ status: 'held', held_on: DAY, form: 'group', attendance: 'attended' }]);
      const actions = await t.db.query<{ type: string }>("SELECT type FROM case_action WHERE case_id = $1 ORDER BY seq DESC LIMIT 1", [ids[i]]);
      expect(actions[0].type).toBe('meeting-recorded');
    }
    // The first follow-up that was overdue is met by the group meeting.
    expect(before[0].find((d) => d.kind === 'first-follow-up')?.status).toBe('open');
    expect(after.every((p) => p.find((d) => d.kind === 'first-follow-up')?.status === 'met')).toBe(true);

    const twice = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance });
    expect(twice.json().errors[0].message).toBe('Gruppeforløbet er allerede holdt');
  });

  it('refuses a double-booked host, invitations beyond capacity, and holding below the minimum without a reason', async () => {
    const s = await createSession('11:00', { theme: 'job-search', capacity: 6, minSize: 5 });
    const clash = await as('gitte', 'POST', '/api/group-sessions', { theme: 'stress', date: DAY, time: '11:30', videoLink: 'https://video.example.dk/x' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toMatch(/Sagsbehandleren har allerede et gruppemøde/);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) ids.push(await newCase(3));
    const over = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: ids });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors[0]).toEqual({ path: 'caseIds', message: 'Der er 6 ledige pladser (0 af 6 er inviteret); vælg højst 6' });
    // All or nothing: nobody was invited.
    expect((await as('gitte', 'GET', `/api/group-sessions/${s.id}`)).json().invited).toBe(0);

    const four = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: ids.slice(0, 4) });
    expect(four.json().invited).toBe(4);
    const dup = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: [ids[0]] });
    expect(dup.json().errors[0].message).toBe('Borgeren er allerede inviteret');

    setClock(`${DAY}T11:15:00+01:00`);
    const attendance = four.json().participants.map((p: { meetingId: number }, i: number) => ({ meetingId: p.meetingId, attendance: i === 3 ? 'no_show_unreasonable' : 'attended' }));
    const small = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance });
    expect(small.statusCode).toBe(400);
    expect(small.json().errors[0].path).toBe('belowMinimumReason');
    expect(small.json().errors[0].message).toMatch(/kun 4 inviterede, og mindst 5/);
    const ok = await as('gitte', 'POST', `/api/group-sessions/${s.id}/attendance`, { participants: attendance, belowMinimumReason: 'To meldte afbud samme morgen; de fire fremmødte skal ikke vente' });
    expect(ok.statusCode, ok.body).toBe(200);
    const [entry] = await t.db.query<{ details: { belowMinimumReason?: string } }>(
      "SELECT details FROM audit_entry WHERE entity = 'group_session' AND entity_id = $1 AND details->>'action' = 'held'", [String(s.id)]);
    expect(entry.details.belowMinimumReason).toMatch(/To meldte afbud/);
    const statuses = await t.db.query<{ status: string }>('SELECT status FROM follow_up_meeting WHERE group_session_id = $1 ORDER BY status', [s.id]);
    expect(statuses.map((m) => m.status)).toEqual(['held', 'held', 'held', 'no_show']);
  });

  it('another team can neither see nor invite to a session, nor invite this team\'s citizens to its own', async () => {
    const s = await createSession('12:30', { theme: 'stress' });
    const mine = await newCase();
    const list = (await as('leder2', 'GET', '/api/group-sessions')).json();
    expect(list.sessions.some((x: { id: number }) => x.id === s.id)).toBe(false);
    expect((await as('leder2', 'GET', `/api/group-sessions/${s.id}`)).statusCode).toBe(403);
    expect((await as('leder2', 'GET', `/api/group-sessions/${s.id}/candidates`)).statusCode).toBe(403);
    expect((await as('leder2', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: [mine] })).statusCode).toBe(403);
    const theirs = await as('leder2', 'POST', '/api/group-sessions', { theme: 'stress', date: DAY, time: '12:30', videoLink: 'https://video.example.dk/y' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect((await as('leder2', 'POST', `/api/group-sessions/${theirs.json().id}/invite`, { caseIds: [mine] })).statusCode).toBe(403);
    // Their candidates are their own team's cases only.
    const cands = (await as('leder2', 'GET', `/api/group-sessions/${theirs.json().id}/candidates`)).json().candidates as { caseId: number }[];
    expect(cands.some((c) => c.caseId === mine)).toBe(false);
    // An analyst reads sessions but no names, and may not invite.
    const analyst = (await as('anne', 'GET', '/api/group-sessions')).json();
    expect(analyst.sessions.length).toBeGreaterThan(0);
    expect((await as('anne', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: [mine] })).statusCode).toBe(403);
  });

  it('cancelling a session cancels every participant\'s meeting and reminder, with the reason on each case', async () => {
    const s = await createSession('14:00', { theme: 'pain-and-work' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await newCase());
    await t.db.query('UPDATE citizen SET sms_opt_in = true, phone = $1 WHERE id IN (SELECT citizen_id FROM sb_case WHERE id = ANY($2::int[]))', ['12345678', ids]);
    const inv = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: ids });
    expect(inv.statusCode, inv.body).toBe(200);
    const bad = await as('gitte', 'POST', `/api/group-sessions/${s.id}/cancel`, { reason: '' });
    expect(bad.json().errors[0].path).toBe('reason');
    const res = await as('gitte', 'POST', `/api/group-sessions/${s.id}/cancel`, { reason: 'Mødelederen er syg' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    // The cancelled session still shows whom it concerned.
    expect(res.json().participants.map((p: { status: string }) => p.status)).toEqual(Array(5).fill('cancelled'));
    const meetings = await t.db.query<{ status: string; cancel_reason: string }>('SELECT status, cancel_reason FROM follow_up_meeting WHERE group_session_id = $1', [s.id]);
    expect(meetings).toHaveLength(5);
    expect(meetings.every((m) => m.status === 'cancelled' && m.cancel_reason === 'Mødelederen er syg')).toBe(true);
    const pending = await t.db.query("SELECT 1 FROM outbox_message m JOIN follow_up_meeting f ON f.id = m.meeting_id WHERE f.group_session_id = $1 AND m.status IN ('queued', 'sending')", [s.id]);
    expect(pending).toEqual([]);
    for (const id of ids) {
      const [a] = await t.db.query<{ type: string; reason: string }>("SELECT type, payload->>'reason' AS reason FROM case_action WHERE case_id = $1 ORDER BY seq DESC LIMIT 1", [id]);
      expect(a).toEqual({ type: 'meeting-cancelled', reason: 'Mødelederen er syg' });
    }
    const again = await as('gitte', 'POST', `/api/group-sessions/${s.id}/invite`, { caseIds: [await newCase()] });
    expect(again.json().errors[0].message).toBe('Gruppeforløbet er aflyst');
  });
});
