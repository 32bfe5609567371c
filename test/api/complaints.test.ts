/**
 * Complaints and appeals (issue 10, slice C; R-1): a complaint about a decision is registered with the citizen's
 * 4-week deadline and the municipality's 4-week reassessment, which sits on the caseworker's worklist until the outcome
 * is recorded; a complaint sent on gets Ankestyrelsen's result; the figures count them per month and reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// A Wednesday in January 2027, so complaints received over Christmas 2026 lie in the past and a decision letter
// approved today goes out today (the dispatch policy holds decisions only on a Friday or before a closed day).
const today = '2027-01-13';
const period = '/api/analytics/complaints?from=2026-11-01&to=2027-01-31';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

interface Item { type: string; caseId: number; due: string; legalDate: string | null; ruleId: string | null; group: string; why: string }
const worklistOf = async (caseId: number) =>
  ((await as('mette', 'GET', '/api/worklist')).json().items as Item[]).filter((i) => i.caseId === caseId && i.type === 'complaint');

async function newCase(cpr: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Klage Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: '2026-09-01', employment: 'unemployed',
    sickLeave: 'full', expectedFullReturn: addDays(today, 120), targetGroup: 2,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

const SUMMARY = 'Borgeren mener at opfylde betingelserne for forlængelse';
const complaint = (over: Record<string, unknown> = {}) => ({
  receivedOn: '2026-12-03', decisionType: 'extension-refused', decisionOn: '2026-11-20', reason: 'legal-basis', summary: SUMMARY, ...over,
});

describe(`complaints (${engineName})`, () => {
  let caseId: number;
  let otherCase: number;
  let baseline: { total: number; late: number; reassessment: { reassessed: number; onTime: number }; outcomes: Record<string, number>; boardResults: Record<string, number>; months: { month: string; received: number }[] };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    baseline = (await as('maria', 'GET', period)).json();
    caseId = await newCase('0303903456');
    otherCase = await newCase('0404904567');
  });

  it('registers a complaint with the citizen\'s deadline and the reassessment due across New Year\'s Eve', async () => {
    // Told on 20 November 2026: 4 weeks end 18 December; received 3 December, on time. The reassessment's 4 weeks end
    // on 31 December, a municipal closed day, so the municipality must reassess by Wednesday 30 December.
    const res = await as('mette', 'POST', `/api/cases/${caseId}/complaints`, complaint());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ complaintDue: '2026-12-18', late: false, reassessDue: '2026-12-30', reassessLegalDate: '2026-12-31' });
    ids.onTime = res.json().id;
  });

  it('registers a late complaint, flagged', async () => {
    // Decision of 1 December 2026: the 4 weeks ended 29 December; received 8 January 2027.
    const res = await as('mette', 'POST', `/api/cases/${caseId}/complaints`, complaint({ receivedOn: '2027-01-08', decisionOn: '2026-12-01', decisionType: 'sanction', reason: 'procedure' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ complaintDue: '2026-12-29', late: true, reassessDue: '2027-02-05' });
    ids.late = res.json().id;
  });

  it('puts the reassessment on the caseworker\'s worklist with its due date', async () => {
    const items = await worklistOf(caseId);
    expect(items).toHaveLength(2);
    const overdue = items.find((i) => i.due === '2026-12-30')!;
    expect(overdue).toMatchObject({ group: 'overdue', legalDate: '2026-12-31', ruleId: 'R-1' });
    expect(overdue.why).toContain('afslag på forlængelse');
    expect(overdue.why).toContain('03-12-2026');
    expect(items.find((i) => i.due === '2027-02-05')!.group).toBe('later');
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [complaint({ receivedOn: addDays(today, 1) }), 'receivedOn'],
      [complaint({ decisionOn: addDays(today, 1), receivedOn: addDays(today, 1) }), 'receivedOn'],
      [complaint({ receivedOn: '2026-11-19' }), 'receivedOn'],
      [complaint({ decisionType: 'whim' }), 'decisionType'],
      [complaint({ reason: 'because' }), 'reason'],
      [complaint({ summary: '   ' }), 'summary'],
      [complaint({ notifiedOn: '2026-11-19' }), 'notifiedOn'],
      [complaint({ cpr: '0303903456' }), 'cpr'],
    ];
    for (const [body, field] of cases) {
      const res = await as('mette', 'POST', `/api/cases/${caseId}/complaints`, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.body).toContain(field);
    }
  });

  it('links a decision letter and counts the 4 weeks from the day it went out', async () => {
    const letter = await as('mette', 'POST', `/api/cases/${caseId}/letters`, { template: 'decision-stop', approve: true });
    expect(letter.statusCode, letter.body).toBe(201);
    expect(letter.json().scheduledFor).toBe(today);
    const res = await as('mette', 'POST', `/api/cases/${caseId}/complaints`, complaint({ receivedOn: today, decisionOn: '2027-01-11', decisionType: 'benefit-stop', letterId: letter.json().id }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().complaintDue).toBe('2027-02-10');
    ids.letter = res.json().id;
    const list = (await as('mette', 'GET', `/api/cases/${caseId}/complaints`)).json().complaints as { id: number; letterId: number | null; notifiedOn: string }[];
    expect(list.find((c) => c.id === ids.letter)).toMatchObject({ letterId: letter.json().id, notifiedOn: today });
    // Not a decision, or on another case: refused, naming the field.
    const invitation = await as('mette', 'POST', `/api/cases/${caseId}/letters`, { template: 'meeting-invitation', approve: true });
    expect(invitation.statusCode, invitation.body).toBe(201);
    const notDecision = await as('mette', 'POST', `/api/cases/${caseId}/complaints`, complaint({ letterId: invitation.json().id }));
    expect(notDecision.statusCode).toBe(400);
    expect(notDecision.body).toContain('letterId');
    const elsewhere = await as('mette', 'POST', `/api/cases/${otherCase}/complaints`, complaint({ letterId: letter.json().id }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('letterId');
  });

  it('records the reassessment: the complaint leaves the worklist', async () => {
    const before = await as('mette', 'POST', `/api/complaints/${ids.onTime}/reassessment`, { decidedOn: '2026-12-02', outcome: 'upheld' });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('decidedOn');
    const future = await as('mette', 'POST', `/api/complaints/${ids.onTime}/reassessment`, { decidedOn: addDays(today, 1), outcome: 'upheld' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('decidedOn');
    expect((await as('mette', 'POST', `/api/complaints/${ids.onTime}/reassessment`, { decidedOn: '2026-12-31', outcome: 'kept' })).body).toContain('outcome');

    // Decided on the law's date itself (a closed day, but within the 4 weeks): on time, and sent on to Ankestyrelsen.
    const res = await as('mette', 'POST', `/api/complaints/${ids.onTime}/reassessment`, { decidedOn: '2026-12-31', outcome: 'upheld', note: 'Fastholdt; lægens oplysninger ændrer ikke vurderingen' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: ids.onTime, outcome: 'upheld', reassessedOnTime: true, sentToBoard: true });
    const items = await worklistOf(caseId);
    expect(items.map((i) => i.due).sort()).toEqual(['2027-02-05', '2027-02-10']);
    const again = await as('mette', 'POST', `/api/complaints/${ids.onTime}/reassessment`, { decidedOn: '2026-12-31', outcome: 'changed' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('outcome');
  });

  it('records Ankestyrelsen\'s result on a complaint sent on, not on one the municipality changed', async () => {
    const early = await as('mette', 'POST', `/api/complaints/${ids.onTime}/board-result`, { receivedOn: '2026-12-30', result: 'confirmed' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('receivedOn');
    const res = await as('mette', 'POST', `/api/complaints/${ids.onTime}/board-result`, { receivedOn: '2027-01-12', result: 'confirmed' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await as('mette', 'POST', `/api/complaints/${ids.onTime}/board-result`, { receivedOn: '2027-01-12', result: 'changed' })).statusCode).toBe(400);

    expect((await as('mette', 'POST', `/api/complaints/${ids.late}/board-result`, { receivedOn: today, result: 'confirmed' })).body).toContain('result');
    const changed = await as('mette', 'POST', `/api/complaints/${ids.late}/reassessment`, { decidedOn: '2027-01-12', outcome: 'changed' });
    expect(changed.json()).toMatchObject({ reassessedOnTime: true, sentToBoard: false });
    const refused = await as('mette', 'POST', `/api/complaints/${ids.late}/board-result`, { receivedOn: today, result: 'confirmed' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('result');

    const list = (await as('mette', 'GET', `/api/cases/${caseId}/complaints`)).json().complaints as { id: number; status: string; boardResult: string | null; late: boolean; summary: string }[];
    expect(list.map((c) => c.id)).toEqual([ids.letter, ids.late, ids.onTime]);
    expect(list.find((c) => c.id === ids.onTime)).toMatchObject({ status: 'closed', boardResult: 'confirmed', summary: SUMMARY });
    expect(list.find((c) => c.id === ids.late)).toMatchObject({ status: 'closed', late: true });
    expect(list.find((c) => c.id === ids.letter)!.status).toBe('open');
    expect(await worklistOf(caseId)).toHaveLength(1);
  });

  it('shows analysts no summary or note', async () => {
    const res = await as('anne', 'GET', `/api/cases/${caseId}/complaints`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('forlængelse');
    expect(res.body).not.toContain('lægens oplysninger');
    expect(res.json().complaints.find((c: { id: number }) => c.id === ids.onTime)).toMatchObject({ summary: '(skjult)', outcomeNote: '(skjult)', outcome: 'upheld' });
  });

  it("refuses another team's caseworker", async () => {
    const [u] = await t.db.query<{ username: string }>(
      `SELECT username FROM app_user WHERE role = 'caseworker' AND team_id <> (SELECT team_id FROM app_user WHERE username = 'mette') ORDER BY id LIMIT 1`);
    expect((await as(u.username, 'GET', `/api/cases/${caseId}/complaints`)).statusCode).toBe(403);
    expect((await as(u.username, 'POST', `/api/cases/${caseId}/complaints`, complaint())).statusCode).toBe(403);
    expect((await as(u.username, 'POST', `/api/complaints/${ids.letter}/reassessment`, { decidedOn: today, outcome: 'changed' })).statusCode).toBe(403);
    expect((await as(u.username, 'POST', `/api/complaints/${ids.onTime}/board-result`, { receivedOn: today, result: 'changed' })).statusCode).toBe(403);
    expect((await as('mette', 'POST', '/api/complaints/999999/reassessment', { decidedOn: today, outcome: 'changed' })).statusCode).toBe(404);
  });

  it('counts the complaints per month and reason, the share reassessed on time, outcomes and board results', async () => {
    const res = await as('maria', 'GET', period);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f.total).toBe(baseline.total + 3);
    expect(f.late).toBe(baseline.late + 1);
    expect(f.reassessment.reassessed).toBe(baseline.reassessment.reassessed + 2);
    expect(f.reassessment.onTime).toBe(baseline.reassessment.onTime + 2);
    expect(f.outcomes.upheld).toBe(baseline.outcomes.upheld + 1);
    expect(f.outcomes.changed).toBe(baseline.outcomes.changed + 1);
    expect(f.boardResults.confirmed).toBe(baseline.boardResults.confirmed + 1);
    expect(f.months.map((m: { month: string }) => m.month)).toEqual(['2026-11', '2026-12', '2027-01']);
    const received = (m: string, x: { months: { month: string; received: number }[] }) => x.months.find((y) => y.month === m)!.received;
    expect(received('2026-12', f)).toBe(received('2026-12', baseline) + 1);
    expect(received('2027-01', f)).toBe(received('2027-01', baseline) + 2);
    expect(JSON.stringify(f)).not.toContain('forlængelse');
    // Team leaders (own team) and analysts read it too; caseworkers and administrators do not.
    const lars = (await as('lars', 'GET', period)).json();
    expect(lars.total).toBeGreaterThanOrEqual(3);
    expect(lars.total).toBeLessThanOrEqual(f.total);
    expect((await as('anne', 'GET', period)).statusCode).toBe(200);
    expect((await as('mette', 'GET', period)).statusCode).toBe(403);
    expect((await as('henrik', 'GET', period)).statusCode).toBe(403);
    const backwards = await as('maria', 'GET', '/api/analytics/complaints?from=2026-12-31&to=2026-01-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('to');
  });
});
