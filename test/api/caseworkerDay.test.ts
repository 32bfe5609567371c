import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';
import { mondayOf } from '../../src/app/team.ts';

let t: TestApp;
// A fixed Wednesday: meetings are booked inside working hours, which a weekend or holiday would not have.
beforeAll(async () => { t = await startTestApp({ today: '2026-11-25' }); });
afterAll(async () => { await t?.close(); });

async function as(user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return t.app.inject({ method, url, payload: payload as object, headers: { cookie: await t.login(user) } });
}
const userId = async (username: string) => (await t.db.query<{ id: number }>('SELECT id FROM app_user WHERE username = $1', [username]))[0].id;

/** A fresh case of Mette's whose first follow-up is overdue: first absence 70 days ago, no meetings. */
async function overdueCase(cpr: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Overskredet Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(t.today, -70),
    employment: 'unemployed', sickLeave: 'full', expectedFullReturn: addDays(t.today, 200), targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

describe(`the caseworker's day (${engineName})`, () => {
  it('the worklist puts overdue legal deadlines first and says what, for whom, by when and why', async () => {
    const c = await overdueCase('0505054123');
    const list = (await as('mette', 'GET', '/api/worklist')).json();
    expect(list.counts.overdue).toBeGreaterThan(0);
    const overdue = list.items.filter((i: { group: string }) => i.group === 'overdue');
    expect(list.items.slice(0, overdue.length)).toEqual(overdue);
    const dues = list.items.slice(overdue.length).map((i: { due: string }) => i.due);
    expect(dues).toEqual([...dues].sort());
    const mine = list.items.find((i: { caseId: number; kind: string }) => i.caseId === c.id && i.kind === 'first-follow-up');
    expect(mine).toMatchObject({ citizenName: 'Overskredet Testesen', group: 'overdue', source: 'SDL § 13 b, stk. 1', legalDate: addDays(t.today, -15) });
    expect(mine.why).toMatch(/8\. uge/);
  });

  it('closing a case stops its plan and takes it off the worklist; reopening brings it back', async () => {
    const c = await overdueCase('1111114123');
    const onList = async () => (await as('mette', 'GET', '/api/worklist')).json().items.some((i: { caseId: number }) => i.caseId === c.id);
    expect(await onList()).toBe(true);
    const closed = await as('mette', 'POST', `/api/cases/${c.id}/close`, { version: c.version, exitDate: t.today, exitReason: 'back_full' });
    expect(await onList()).toBe(false);
    await as('mette', 'POST', `/api/cases/${c.id}/reopen`, { version: closed.json().version, reason: 'Tilbagefald' });
    expect(await onList()).toBe(true);
  });

  it('an information form the citizen has not returned on time shows up until it is received', async () => {
    const c = await overdueCase('1303134123');
    const sent = addDays(t.today, -12);
    const v2 = (await as('mette', 'PATCH', `/api/cases/${c.id}`, { version: c.version, changes: { notificationReceived: sent, informationFormSent: sent } })).json();
    const items = async () => (await as('mette', 'GET', '/api/worklist?kind=information-form')).json().items.filter((i: { caseId: number }) => i.caseId === c.id);
    expect(await items()).toMatchObject([{ kind: 'information-form', group: 'overdue', due: addDays(sent, 8), source: 'SDL § 11, stk. 3' }]);
    const bad = await as('mette', 'PATCH', `/api/cases/${c.id}`, { version: v2.version, changes: { informationFormReceived: addDays(sent, -1) } });
    expect(bad.json().errors[0].path).toBe('changes.informationFormReceived');
    await as('mette', 'PATCH', `/api/cases/${c.id}`, { version: v2.version, changes: { informationFormReceived: t.today } });
    expect(await items()).toEqual([]);
  });

  it('filters by group, kind and target group', async () => {
    const overdue = (await as('mette', 'GET', '/api/worklist?group=overdue')).json();
    expect(overdue.items.every((i: { group: string }) => i.group === 'overdue')).toBe(true);
    const firsts = (await as('mette', 'GET', '/api/worklist?kind=first-follow-up&targetGroup=1')).json();
    expect(firsts.items.length).toBeGreaterThan(0);
    expect(firsts.items.every((i: { kind: string; targetGroup: number }) => i.kind === 'first-follow-up' && i.targetGroup === 1)).toBe(true);
    expect((await as('mette', 'GET', '/api/worklist?group=soon')).statusCode).toBe(400);
  });

  it('recording a phone meeting meets the first follow-up, updates the facts and brings the next deadline', async () => {
    const c = await overdueCase('0606064123');
    const res = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, {
      version: c.version, heldOn: t.today, form: 'phone', attendance: 'attended', notes: 'Forventer delvis raskmelding',
      category: 2, expectedFullReturn: addDays(t.today, 60), sickLeave: 'partial', partialHours: 15,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ category: 2, sickLeave: 'partial', partialHours: 15, expectedFullReturn: addDays(t.today, 60) });
    const list = (await as('mette', 'GET', '/api/worklist')).json();
    const forCase = list.items.filter((i: { caseId: number }) => i.caseId === c.id).map((i: { kind: string }) => i.kind);
    expect(forCase).not.toContain('first-follow-up');
    expect(forCase).toContain('follow-up-minimum');
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    const minimum = view.plan.deadlines.find((d: { kind: string }) => d.kind === 'follow-up-minimum');
    expect(minimum.details).toEqual({ required: 4, held: 1, missing: 3 });
    expect(view.plan.issues.map((i: { code: string }) => i.code)).toContain('first-follow-up-not-in-person');
    expect(view.meetings[0]).toMatchObject({ status: 'held', form: 'phone', heldOn: t.today, notes: 'Forventer delvis raskmelding' });
    expect(view.actions.at(-1).payload).toMatchObject({ type: 'meeting-recorded', changes: { partialHours: { from: null, to: 15 } } });
  });

  it('a no-show is recorded but does not count as a follow-up, and cannot change the facts', async () => {
    const c = await overdueCase('0707074123');
    const bad = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, { version: c.version, heldOn: t.today, form: 'in-person', attendance: 'no_show_unreasonable', expectedFullReturn: addDays(t.today, 10) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('expectedFullReturn');
    const ok = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, { version: c.version, heldOn: t.today, form: 'in-person', attendance: 'no_show_unreasonable' });
    expect(ok.statusCode).toBe(200);
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(view.plan.deadlines.find((d: { kind: string }) => d.kind === 'first-follow-up').status).toBe('open');
    expect(view.meetings[0].status).toBe('no_show');
  });

  it('a booked meeting shows in the worklist and can be recorded later', async () => {
    const c = await overdueCase('0808084123');
    const booked = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: c.version, plannedFor: t.today, time: '14:00', form: 'in-person' });
    expect(booked.statusCode).toBe(201);
    const today = (await as('mette', 'GET', '/api/worklist?group=today')).json();
    const item = today.items.find((i: { caseId: number; type: string }) => i.caseId === c.id && i.type === 'meeting');
    expect(item).toBeTruthy();
    expect((await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: booked.json().version, plannedFor: addDays(t.today, -1), time: '10:00', form: 'phone' })).json().errors[0].path).toBe('plannedFor');
    const rec = await as('mette', 'POST', `/api/cases/${c.id}/meetings/record`, { version: booked.json().version, meetingId: item.meetingId, heldOn: t.today, form: 'in-person', attendance: 'attended' });
    expect(rec.statusCode, rec.body).toBe(200);
    const after = (await as('mette', 'GET', '/api/worklist')).json();
    expect(after.items.filter((i: { caseId: number; kind: string }) => i.caseId === c.id && (i.kind === 'first-follow-up' || i.kind === 'in-person'))).toEqual([]);
  });

  it('tasks appear in the worklist until completed; notes join the history', async () => {
    const c = await overdueCase('0909094123');
    const task = await as('mette', 'POST', `/api/cases/${c.id}/tasks`, { title: 'Indhent statusattest', due: addDays(t.today, 2) });
    expect(task.statusCode).toBe(201);
    expect((await as('mette', 'POST', `/api/cases/${c.id}/tasks`, { title: '', due: 'i morgen' })).json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['due', 'title']);
    let list = (await as('mette', 'GET', '/api/worklist?kind=task')).json();
    const item = list.items.find((i: { caseId: number }) => i.caseId === c.id);
    expect(item).toMatchObject({ why: 'Indhent statusattest', group: 'week' });
    expect((await as('mette', 'POST', `/api/cases/${c.id}/tasks/${item.taskId}/complete`)).statusCode).toBe(200);
    list = (await as('mette', 'GET', '/api/worklist?kind=task')).json();
    expect(list.items.find((i: { caseId: number }) => i.caseId === c.id)).toBeUndefined();
    expect((await as('mette', 'POST', `/api/cases/${c.id}/tasks/${item.taskId}/complete`)).statusCode).toBe(400);
    await as('mette', 'POST', `/api/cases/${c.id}/notes`, { text: 'Borgeren ringede om status' });
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(view.notes[0].text).toBe('Borgeren ringede om status');
    expect(view.actions.map((a: { type: string }) => a.type)).toEqual(['created', 'task-created', 'task-completed', 'note-added']);
    const analyst = (await as('anne', 'GET', `/api/cases/${c.id}`)).json();
    expect(analyst.notes[0].text).toBe('(skjult)');
  });

  it("a caseworker cannot open a colleague's worklist; the team leader can", async () => {
    const mette = await userId('mette');
    const [colleague] = await t.db.query<{ id: number }>("SELECT u.id FROM app_user u JOIN app_user m ON m.username = 'mette' AND m.team_id = u.team_id WHERE u.role = 'caseworker' AND u.id <> m.id LIMIT 1");
    expect((await as('mette', 'GET', `/api/worklist?caseworkerId=${colleague.id}`)).statusCode).toBe(403);
    const theirs = await as('lars', 'GET', `/api/worklist?caseworkerId=${mette}`);
    expect(theirs.json().caseworker.name).toBe('Mette Sagsbehandler');
    expect((await as('anne', 'GET', '/api/worklist')).statusCode).toBe(403);
  });

  it('the team overview shows caseload against the target of 50 and overdue work per caseworker', async () => {
    const o = (await as('lars', 'GET', '/api/team/overview')).json();
    expect(o.target).toBe(50);
    expect(o.band).toEqual([35, 50]);
    const mette = o.caseworkers.find((w: { name: string }) => w.name === 'Mette Sagsbehandler');
    const [{ n }] = await t.db.query<{ n: number }>("SELECT count(*) AS n FROM sb_case c JOIN app_user u ON u.id = c.caseworker_id WHERE u.username = 'mette' AND c.status = 'open'");
    expect(mette.openCases).toBe(n);
    expect(mette.overdue).toBeGreaterThan(0);
    expect(o.totals.openCases).toBe(o.caseworkers.reduce((s: number, w: { openCases: number }) => s + w.openCases, 0));
    expect((await as('mette', 'GET', '/api/team/overview')).statusCode).toBe(403);
  });

  it('bulk reassignment moves all cases or none, and the receiver sees them in the worklist', async () => {
    const mette = await userId('mette');
    const [other] = await t.db.query<{ id: number; username: string }>("SELECT u.id, u.username FROM app_user u JOIN app_user m ON m.username = 'mette' AND m.team_id = u.team_id WHERE u.role = 'caseworker' AND u.id <> m.id ORDER BY u.id LIMIT 1");
    const cases = await t.db.query<{ id: number; version: number }>("SELECT c.id, c.version FROM sb_case c JOIN case_deadline d ON d.case_id = c.id AND d.status = 'open' AND d.duty = 'municipality' WHERE c.caseworker_id = $1 AND c.status = 'open' GROUP BY c.id ORDER BY c.id LIMIT 3", [mette]);
    const stale = await as('lars', 'POST', '/api/cases/bulk-assign', { cases: [cases[0], { ...cases[1], version: cases[1].version - 1 }], caseworkerId: other.id, reason: 'Ny fordeling' });
    expect(stale.statusCode).toBe(409);
    const [{ n: still }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM sb_case WHERE id = ANY($1::int[]) AND caseworker_id = $2', [cases.map((c) => c.id), mette]);
    expect(still).toBe(3);
    const ok = await as('lars', 'POST', '/api/cases/bulk-assign', { cases: cases.slice(0, 2), caseworkerId: other.id, reason: 'Ny medarbejder starter' });
    expect(ok.json().moved).toEqual(cases.slice(0, 2).map((c) => c.id));
    await t.db.query("UPDATE app_user SET password_hash = (SELECT password_hash FROM app_user WHERE username = 'mette') WHERE id = $1", [other.id]);
    const theirs = (await as(other.username, 'GET', '/api/worklist')).json();
    const ids = new Set(theirs.items.map((i: { caseId: number }) => i.caseId));
    expect(ids.has(cases[0].id) && ids.has(cases[1].id)).toBe(true);
    const metteNow = (await as('mette', 'GET', '/api/worklist')).json();
    expect(metteNow.items.some((i: { caseId: number }) => i.caseId === cases[0].id)).toBe(false);
  });

  it('the weekly result sheet counts meetings, no-shows, openings and closures, and exports CSV and XLSX', async () => {
    const week = mondayOf(t.today);
    const c = await overdueCase('1212124123');
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    const first = view.plan.deadlines.find((d: { kind: string }) => d.kind === 'first-follow-up');
    await as('mette', 'POST', `/api/cases/${c.id}/deadlines/first-follow-up/adjust`, { version: view.case.version, due: t.today, reason: 'Borgeren er indlagt' });
    expect(first.due).not.toBe(t.today);
    const res = (await as('lars', 'GET', `/api/team/weekly?week=${t.today}`)).json();
    expect(res.rows.find((r: { name: string }) => r.name === 'Mette Sagsbehandler').deadlinesMoved).toBe(1);
    expect(res.from).toBe(week);
    const mette = res.rows.find((r: { name: string }) => r.name === 'Mette Sagsbehandler');
    const [{ held }] = await t.db.query<{ held: number }>(
      "SELECT count(*) AS held FROM follow_up_meeting m JOIN sb_case c ON c.id = m.case_id JOIN app_user u ON u.id = c.caseworker_id WHERE u.username = 'mette' AND m.status = 'held' AND m.held_on BETWEEN $1 AND $2", [week, addDays(week, 6)]);
    expect(mette.meetingsHeld).toBe(held);
    expect(res.team.meetingsHeld).toBe(res.rows.reduce((s: number, r: { meetingsHeld: number }) => s + r.meetingsHeld, 0));
    const csv = await as('lars', 'GET', `/api/team/weekly.csv?week=${t.today}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0].split(';')[0]).toBe('Sagsbehandler');
    expect(lines.at(-1)!.startsWith('Hele teamet;')).toBe(true);
    const xlsx = await as('lars', 'GET', `/api/team/weekly.xlsx?week=${t.today}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(3).getCell(1).value).toBe('Sagsbehandler');
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('Hele teamet');
    expect(ws.getRow(ws.rowCount).getCell(2).value).toBe(res.team.meetingsHeld);
    expect((await as('lars', 'GET', `/api/team/weekly?week=${addDays(t.today, 30)}`)).statusCode).toBe(400);
  });
});
