/**
 * The fictional demo municipality, generated deterministically from a fixed seed. Dates are relative to
 * `today` so the demo always has cases due this week. Citizens, employers and CPR numbers are invented;
 * e-mails use example.dk and phone numbers the unassigned 00 range.
 */
import type { Database, Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { CASE_COLUMN_NAMES, stateValues } from '../db/caseStore.ts';
import { Random } from './random.ts';
import { FIRST_NAMES, LAST_NAMES, COMPANY_WORDS, INDUSTRIES } from './names.ts';
import { addDays, instantInDenmark, lastDayOfMonth, type IsoDate } from '../domain/dates.ts';
import { municipalCalendar } from '../rules/calendar.ts';
import type { MeetingForm } from '../domain/workspace.ts';
import { applyAction, PLAN_FACT_DEFAULTS, type CaseActionBody, type CaseState } from '../domain/case.ts';
import type { ExitReason } from '../domain/caseFields.ts';
import { isValidCvr, cprBirthDate } from '../domain/identifiers.ts';
import { hashPassword } from '../app/auth.ts';
import { audit } from '../db/audit.ts';
import { recomputeOpenCases } from '../app/plans.ts';
import { migrate } from '../db/migrate.ts';
import { reminderAt } from '../rules/reminders.ts';
import { DEFAULT_POLICY } from '../rules/policy.ts';
import { REMINDER, reminderText } from '../app/reminders.ts';
import { seedCalendars } from './calendarSeed.ts';
import { installShippedTemplates } from '../app/letterTemplates.ts';
import { seedPathways } from './pathwaySeed.ts';
import { seedEmployers } from './employerSeed.ts';
import { seedComplaints } from './complaintSeed.ts';
import { seedBenefitHistory } from './benefitHistorySeed.ts';
import { seedLawRecords } from './lawSeed.ts';
import { seedAnalytics } from './analyticsSeed.ts';

export type Scale = 'default' | 'copenhagen' | 'small';
const SCALES: Record<Scale, { openSickness: number; openClarification: number; closed: number; perCaseworker: number; employers: number; teams?: number }> = {
  small: { openSickness: 120, openClarification: 20, closed: 80, perCaseworker: 20, employers: 40, teams: 2 },
  default: { openSickness: 1740, openClarification: 260, closed: 1500, perCaseworker: 70, employers: 300 },
  // Seed 003: about 8,000 on sickness benefit and 1,200 in job clarification, about 70 cases per caseworker.
  copenhagen: { openSickness: 8000, openClarification: 1200, closed: 12000, perCaseworker: 70, employers: 1500 },
};
/** Seed 003's target groups: 1,400 / 3,000 / 250 / 350. */
const TARGET_GROUP_WEIGHTS: [number, number][] = [[1, 1400], [2, 3000], [3, 250], [4, 350]];
const EXIT_WEIGHTS: [ExitReason, number][] = [
  ['back_full', 52], ['back_partial', 8], ['new_job', 6], ['other_benefit', 8], ['job_clarification', 9],
  ['flexible_job', 4], ['disability_pension', 3], ['moved', 4], ['died', 1], ['registered_by_mistake', 5],
];

const LATER_FORMS: MeetingForm[] = ['in-person', 'phone', 'phone', 'video', 'workplace', 'round-table', 'group'];
const TASK_TITLES = ['Ring til borgeren om status', 'Indhent statusattest fra egen læge', 'Følg op på delvis raskmelding', 'Aftal rundbordssamtale med arbejdsgiver', 'Bestil praktikforløb hos leverandør', 'Send partshøring'];
const cal = municipalCalendar();

export const DEMO_PASSWORD = 'demo';
export const DEMO_LOGINS = [
  { username: 'mette', name: 'Mette Sagsbehandler', role: 'caseworker' as const, note: 'sagsbehandler, Team Nord' },
  { username: 'lars', name: 'Lars Teamleder', role: 'team_leader' as const, note: 'teamleder, Team Nord' },
  { username: 'maria', name: 'Maria Leder', role: 'manager' as const, note: 'leder, hele afdelingen' },
  { username: 'anne', name: 'Anne Analytiker', role: 'analyst' as const, note: 'analytiker, ingen CPR/navne' },
  { username: 'henrik', name: 'Henrik IT', role: 'administrator' as const, note: 'administrator, revisionsspor' },
];
const TEAM_NAMES = ['Team Nord', 'Team Syd', 'Team Vest', 'Team Øst', 'Team Centrum', 'Team Havn', 'Team Skov', 'Team Mark', 'Team Strand', 'Team Bakke', 'Team Fjord', 'Team Eng', 'Team Sø', 'Team Vang'];

export async function isSeeded(db: Queryable) {
  const [r] = await db.query<{ n: number }>('SELECT count(*) AS n FROM municipality');
  return r.n > 0;
}

/** Empties the database for a fresh demo: the schema is dropped and migrated again (the audit log refuses TRUNCATE). */
export async function resetData(db: Database) {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
}

function cvrFrom(r: Random, used: Set<string>): string {
  for (;;) {
    const base = String(r.int(1000000, 9999999));
    const weights = [2, 7, 6, 5, 4, 3, 2];
    const sum = weights.reduce((s, w, i) => s + w * Number(base[i]), 0);
    const check = (11 - (sum % 11)) % 11;
    if (check === 10) continue;
    const cvr = base + check;
    if (isValidCvr(cvr) && !used.has(cvr)) { used.add(cvr); return cvr; }
  }
}

function cprFrom(r: Random, used: Set<string>): string {
  for (;;) {
    const year = r.int(1961, 2005);
    const month = r.int(1, 12);
    const day = r.int(1, 28);
    // 7th digit: 0-3 for 1900s; 4 for 2000-2036.
    const seventh = year >= 2000 ? 4 : r.int(0, 3);
    const cpr = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${seventh}${String(r.int(0, 999)).padStart(3, '0')}`;
    if (cprBirthDate(cpr) && !used.has(cpr)) { used.add(cpr); return cpr; }
  }
}

export interface SeedResult { openCases: number; closedCases: number; caseworkers: number; teams: number }

export async function seedDemo(db: Database, opts: { scale?: Scale; today: IsoDate }): Promise<SeedResult> {
  const scale = SCALES[opts.scale ?? 'default'];
  const r = new Random(20260122);
  const today = opts.today;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const openTotal = scale.openSickness + scale.openClarification;
  const caseworkerCount = Math.max(2, Math.round(openTotal / scale.perCaseworker));
  const teamCount = scale.teams ?? Math.min(TEAM_NAMES.length, Math.max(1, Math.round(caseworkerCount / 10)));

  return db.transaction(async (tx) => {
    await tx.query(`INSERT INTO municipality (code, name, settings) VALUES ('999', 'Demo Kommune', $1::jsonb)`, [
      JSON.stringify({ caseloadTarget: 50, caseloadBand: [35, 50], demo: true }),
    ]);
    const teams = await insertRows<{ id: number }>(tx, 'team', ['municipality_code', 'name'], TEAM_NAMES.slice(0, teamCount).map((n) => ['999', n]), 'id');
    const teamIds = teams.map((t) => t.id);

    // Users: the named demo logins first, then generated caseworkers spread over the teams.
    const userRows: unknown[][] = [];
    const caseworkerSlots: { username: string; teamId: number }[] = [];
    for (const l of DEMO_LOGINS) {
      const team = l.role === 'caseworker' || l.role === 'team_leader' ? teamIds[0] : null;
      userRows.push([l.username, l.name, l.role, team, passwordHash]);
      if (l.role === 'caseworker') caseworkerSlots.push({ username: l.username, teamId: teamIds[0] });
    }
    for (let t = 1; t < teamIds.length; t++) userRows.push([`leder${t + 1}`, `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, 'team_leader', teamIds[t], passwordHash]);
    for (let i = 1; i < caseworkerCount; i++) {
      const teamId = teamIds[i % teamIds.length];
      const username = `sb${String(i + 1).padStart(3, '0')}`;
      userRows.push([username, `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, 'caseworker', teamId, passwordHash]);
      caseworkerSlots.push({ username, teamId });
    }
    const users = await insertRows<{ id: number; username: string }>(tx, 'app_user', ['username', 'name', 'role', 'team_id', 'password_hash'], userRows, 'id, username');
    const userId = new Map(users.map((u) => [u.username, u.id]));
    const caseworkers = caseworkerSlots.map((s) => ({ id: userId.get(s.username)!, teamId: s.teamId }));
    await seedCalendars(tx, { userIds: users.filter((u) => ['caseworker', 'team_leader'].includes(String(userRows.find((r) => r[0] === u.username)?.[2]))).map((u) => u.id), today });

    // Employers, weighted by industry; one in ten is registered with a DB25 code.
    const usedCvr = new Set<string>();
    const employerRows = Array.from({ length: scale.employers }, () => {
      const ind = INDUSTRIES[Number(r.weighted(INDUSTRIES.map((x, i) => [String(i), x.weight] as [string, number])))];
      const db25 = r.chance(0.1);
      return [cvrFrom(r, usedCvr), `${r.pick(COMPANY_WORDS)}${r.pick(['', 'by', 'holm', 'gård'])} ${ind.suffix}`, ind.code, db25 ? 'DB25' : 'DB07'];
    });
    const employers = await insertRows<{ id: number }>(tx, 'employer', ['cvr', 'name', 'industry_code', 'industry_version'], employerRows, 'id');
    // A few big employers send many cases (seed 000: target the companies with many sick-listed).
    const employerFor = () => employers[r.chance(0.3) ? r.int(0, Math.min(9, employers.length - 1)) : r.int(0, employers.length - 1)].id;

    const usedCpr = new Set<string>();
    const total = openTotal + scale.closed;
    const citizenRows = Array.from({ length: total }, (_, i) => {
      const first = r.pick(FIRST_NAMES);
      const last = r.pick(LAST_NAMES);
      return [cprFrom(r, usedCpr), `${first} ${last}`, r.chance(0.85) ? `+45 00 ${String(i % 100).padStart(2, '0')} ${String(r.int(10, 99))} ${String(r.int(10, 99))}` : null,
        r.chance(0.6) ? `${first}.${last}.${i}@example.dk`.toLowerCase().replace(/[æøå]/g, 'x') : null, r.chance(0.05)];
    });
    // Three in four citizens with a mobile number said yes to SMS reminders when their case began.
    const consentAt = new Date(`${today}T09:00:00+01:00`);
    const citizens = await insertRows<{ id: number }>(tx, 'citizen', ['cpr', 'name', 'phone', 'email', 'digital_post_exempt', 'sms_opt_in', 'sms_opt_changed_at'],
      citizenRows.map((c, i) => [...c, c[2] != null && i % 4 !== 0, c[2] != null ? consentAt : null]), 'id');

    // Cases and their history, built through the domain's own applyAction so state == replay(actions).
    type Meeting = { status: 'held' | 'no_show' | 'planned'; date: IsoDate; form: MeetingForm };
    type Built = { state: CaseState; actions: { body: CaseActionBody; at: string; actor: number | null; meeting?: number }[]; meetings: Meeting[]; task?: { title: string; due: IsoDate } };
    const built: Built[] = [];
    const ts = (d: IsoDate, hour = 9) => `${d}T${String(hour).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00Z`;
    for (let i = 0; i < total; i++) {
      const open = i < openTotal;
      const clarification = open ? i >= scale.openSickness : r.chance(0.1);
      const worker = open ? caseworkers[i % caseworkers.length] : r.pick(caseworkers);
      const employment = r.weighted<'employed' | 'unemployed' | 'self_employed'>([['employed', 65], ['unemployed', 28], ['self_employed', 7]]);
      // Open sickness cases: mostly recent (skewed towards the last weeks); clarification: 6-30 months ago.
      const ageDays = clarification ? r.int(200, 900) : open ? Math.floor(Math.pow(r.next(), 1.6) * 360) + 3 : r.int(60, 1100);
      const firstAbsenceDay = addDays(today, -ageDays);
      const partial = r.chance(0.2);
      const expectedWeeks = r.weighted<number>([[4, 15], [8, 15], [12, 25], [20, 20], [30, 15], [52, 10]]);
      const expectedFullReturn = r.chance(0.8) ? addDays(firstAbsenceDay, expectedWeeks * 7 + r.int(-3, 3)) : null;
      const createdOn = addDays(firstAbsenceDay, Math.min(ageDays, r.int(3, 12)));
      const state: Omit<CaseState, 'version'> = {
        citizenId: citizens[i].id, teamId: worker.teamId, caseworkerId: worker.id,
        kind: clarification ? 'job_clarification' : 'sickness_benefit',
        firstAbsenceDay, employment, employerId: employment === 'unemployed' ? null : employment === 'employed' ? employerFor() : null,
        sickLeave: partial ? 'partial' : 'full', partialHours: partial ? r.pick([8, 10, 12, 15, 18.5, 20, 25]) : null,
        expectedFullReturn,
        category: clarification ? null : expectedWeeks <= 8 ? 1 : 2,
        targetGroup: clarification ? null : r.weighted(TARGET_GROUP_WEIGHTS),
        pathway: r.chance(0.7) ? r.int(1, 6) : null,
        fastTrack: employment === 'employed' && r.chance(0.03),
        standby: r.chance(0.02),
        status: 'open', exitDate: null, exitReason: null,
        ...PLAN_FACT_DEFAULTS,
      };
      // Notification and the information form (SDL § 11, stk. 3) for employees, once the employer has reported.
      if (!clarification && employment === 'employed' && ageDays > 35) {
        const notified = addDays(firstAbsenceDay, r.int(20, 35));
        state.notificationReceived = notified;
        state.informationFormSent = r.chance(0.9) ? notified : null;
        const returned = addDays(notified, r.int(1, 8));
        if (state.informationFormSent && returned < today && r.chance(0.97)) state.informationFormReceived = returned;
      }
      if (state.fastTrack) {
        state.fastTrackRequestedBy = 'employer';
        state.fastTrackRequested = addDays(firstAbsenceDay, Math.min(ageDays, r.int(7, 30)));
      }
      const actions: Built['actions'] = [{ body: { type: 'created', state }, at: ts(createdOn), actor: worker.id }];
      const meetings: Meeting[] = [];
      let task: Built['task'];
      if (open && !clarification) {
        // Follow-up history: the first meeting in person before the end of week 8 (sooner on fast track), then
        // every 4-6 weeks. A few cases have slipped, so the demo worklists have something overdue.
        let d = state.fastTrackRequested ? addDays(state.fastTrackRequested, r.int(3, 12)) : addDays(firstAbsenceDay, r.int(14, 50));
        const slipped = r.chance(0.035);
        for (let n = 0; !state.standby && !slipped && d < today; n++) {
          d = cal.nextWorkingDayOnOrAfter(d);
          if (d >= today) break;
          const noShow = n > 0 && r.chance(0.05);
          meetings.push({ status: noShow ? 'no_show' : 'held', date: d, form: n === 0 ? 'in-person' : r.pick(LATER_FORMS) });
          d = addDays(d, noShow ? r.int(5, 12) : n < 4 ? (r.chance(0.03) ? r.int(60, 90) : r.int(25, 38)) : r.int(40, 70));
        }
        if (!state.standby && !slipped && d <= addDays(today, 7)) meetings.push({ status: 'planned', date: cal.nextWorkingDayOnOrAfter(d), form: meetings.length ? r.pick(LATER_FORMS) : 'in-person' });
        // The reassessment decision, made in the weeks before the month end of the 22nd week (SDL § 24).
        const monthEnd = lastDayOfMonth(addDays(firstAbsenceDay, employment === 'employed' ? 184 : 168));
        if (monthEnd < addDays(today, 10) && r.chance(0.97)) {
          const decided = addDays(monthEnd, -r.int(3, 25));
          state.reassessedOn = decided < today ? decided : addDays(today, -1);
        }
        if (r.chance(0.08)) task = { title: r.pick(TASK_TITLES), due: cal.nextWorkingDayOnOrAfter(addDays(today, r.int(-3, 10))) };
      }
      for (const m of meetings) {
        if (m.status === 'planned') continue;
        actions.push({ body: { type: 'meeting-recorded', meetingId: 0, heldOn: m.date, form: m.form, attendance: m.status === 'held' ? 'attended' : 'no_show_unreasonable', notes: null, changes: {} }, at: ts(m.date, 10), actor: worker.id, meeting: meetings.indexOf(m) });
      }
      if (!open) {
        const exitDate = addDays(firstAbsenceDay, r.int(Math.min(20, ageDays - 1), Math.min(400, ageDays - 1)));
        actions.push({ body: { type: 'closed', exitDate, exitReason: r.weighted(EXIT_WEIGHTS) }, at: ts(exitDate, 14), actor: worker.id });
      }
      const final = actions.reduce<CaseState | null>((s, a) => applyAction(s, a.body), null)!;
      built.push({ state: final, actions, meetings, task });
    }
    const ids = await insertRows<{ id: number }>(tx, 'sb_case', [...CASE_COLUMN_NAMES, 'created_at'],
      built.map((b) => [...stateValues(b.state), b.actions[0].at]), 'id');
    // Meetings and tasks first, so their ids can go into the actions that record them.
    const meetingRows: unknown[][] = [];
    // Booked meetings have a time in the caseworker's day (09:00-14:00, by position, not by chance, so the rest of
    // the demo stays as it was); held ones keep only their day.
    const slot = (k: number) => `${String(9 + (k % 2)).padStart(2, '0')}:${(k >> 1) % 2 ? '30' : '00'}`;
    built.forEach((b, i) => b.meetings.forEach((m, k) => {
      const startsAt = m.status === 'planned' ? instantInDenmark(m.date, slot(i + k)) : null;
      meetingRows.push([ids[i].id, m.status, m.status === 'planned' ? m.date : null, m.status === 'planned' ? null : m.date, m.form,
        m.status === 'planned' ? null : m.status === 'held' ? 'attended' : 'no_show_unreasonable', b.state.caseworkerId,
        startsAt, startsAt ? new Date(startsAt.getTime() + 3_600_000) : null, b.state.caseworkerId]);
    }));
    const meetingIds = await insertRows<{ id: number }>(tx, 'follow_up_meeting', ['case_id', 'status', 'planned_for', 'held_on', 'form', 'attendance', 'recorded_by', 'starts_at', 'ends_at', 'host_id'], meetingRows, 'id');
    let nextMeeting = 0;
    const taskRows: unknown[][] = [];
    built.forEach((b, i) => {
      const firstId = nextMeeting;
      nextMeeting += b.meetings.length;
      for (const a of b.actions) if (a.body.type === 'meeting-recorded') a.body.meetingId = meetingIds[firstId + a.meeting!].id;
      if (b.task) taskRows.push([ids[i].id, b.task.title, b.task.due, b.state.caseworkerId]);
    });
    await insertRows(tx, 'case_task', ['case_id', 'title', 'due', 'created_by'], taskRows);
    // SMS reminders of the booked meetings, as the booking would have queued them (the demo's stand-in gateway shows them).
    const reminders: unknown[][] = [];
    let meetingIndex = 0;
    built.forEach((b, i) => b.meetings.forEach((m) => {
      const row = meetingRows[meetingIndex];
      const id = meetingIds[meetingIndex++].id;
      const citizen = citizenRows[i];
      if (m.status !== 'planned' || !(citizen[2] != null && i % 4 !== 0)) return;
      const startsAt = row[7] as Date;
      const at = reminderAt(m.date, DEFAULT_POLICY);
      if (!at || startsAt <= consentAt) return;
      const sendAfter = at > consentAt ? at : consentAt;
      reminders.push(['sms', REMINDER, ids[i].id, citizens[i].id, id, citizen[2], reminderText({ startsAt, form: m.form, place: null }, 'Demo Kommune'), `reminder-m${id}-seed`, sendAfter, sendAfter, consentAt]);
    }));
    await insertRows(tx, 'outbox_message', ['channel', 'purpose', 'case_id', 'citizen_id', 'meeting_id', 'recipient', 'body', 'idempotency_key', 'send_after', 'next_attempt_at', 'created_at'], reminders);
    const actionRows: unknown[][] = [];
    built.forEach((b, i) => b.actions.forEach((a, k) => actionRows.push([ids[i].id, k + 1, a.body.type, a.actor, JSON.stringify(a.body), a.at])));
    await insertRows(tx, 'case_action', ['case_id', 'seq', 'type', 'actor_id', 'payload', 'at'], actionRows);
    await audit(tx, { at: new Date(`${today}T09:00:00+01:00`), userId: null, operation: 'write', entity: 'demo-seed', endpoint: 'retur seed', details: { scale: opts.scale ?? 'default', cases: total } });
    await installShippedTemplates(tx, consentAt);
    // Issue 10's records behind the cases (each module reads the cases and employers made above).
    await seedPathways(tx, { today });
    await seedEmployers(tx, { today });
    await seedComplaints(tx, { today });
    await seedBenefitHistory(tx, { today });
    await seedLawRecords(tx, { today });
    await seedAnalytics(tx, { today });
    await recomputeOpenCases(tx, today);
    await tx.exec('ANALYZE');
    return { openCases: openTotal, closedCases: scale.closed, caseworkers: caseworkers.length, teams: teamIds.length };
  });
}
