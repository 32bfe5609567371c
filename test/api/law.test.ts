/**
 * The rest of the law a caseworker meets (issue 10, slice E): extensions at the revurdering (SDL § 27) with their end
 * days, and sanctions for not taking part (SDL § 21) from the failure through the advance notice and its answer
 * deadline to the stop and the resumption within 4 weeks; refusing treatment is never a ground (§ 21 a).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// A Wednesday in September 2026, after the revurdering month (July 2026) of an employee sick since 5 January 2026
// (legal-rules.md 7.3).
const today = '2026-09-16';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

async function newCase(cpr: string): Promise<{ id: number; version: number }> {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Lov Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: '2026-01-05',
    employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full',
    expectedFullReturn: addDays(today, 200), targetGroup: 3, category: 2,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function otherTeamCaseworker() {
  const [u] = await t.db.query<{ username: string }>(
    `SELECT username FROM app_user WHERE role = 'caseworker' AND team_id <> (SELECT team_id FROM app_user WHERE username = 'mette') ORDER BY id LIMIT 1`);
  return u.username;
}
const NOTE = 'Afventer operation på Odense Universitetshospital';

describe(`extensions at the revurdering, SDL § 27 (${engineName})`, () => {
  let c: { id: number; version: number };
  let open: { id: number; version: number };
  let extId: number;
  beforeAll(async () => { c = await newCase('0505805678'); open = await newCase('0606806789'); });

  it('records nr. 2 with its end 69 weeks after the revurdering month end, and the revurdering on the case', async () => {
    const list = (await as('mette', 'GET', `/api/cases/${c.id}/extensions`)).json();
    expect(list.planMonthEnd).toBe('2026-07-31');
    expect(list.grounds).toHaveLength(7);
    const res = await as('mette', 'POST', `/api/cases/${c.id}/extensions`, { ground: 2, decidedOn: '2026-07-24', note: NOTE, version: c.version });
    expect(res.statusCode, res.body).toBe(201);
    // 2026-07-31 + 69 × 7 days.
    expect(res.json()).toMatchObject({ ground: 2, basisMonthEnd: '2026-07-31', endsOn: '2027-11-26', reassessedOn: '2026-07-24', version: c.version + 1 });
    extId = res.json().id;
    const kase = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(kase.case.reassessedOn).toBe('2026-07-24');
    // Ending after 1 January 2027: the reduced-rate note ([L]) is shown, not computed.
    const [x] = (await as('mette', 'GET', `/api/cases/${c.id}/extensions`)).json().extensions;
    expect(x).toMatchObject({ id: extId, ground: 2, endsOn: '2027-11-26', source: 'SDL § 27, stk. 1, nr. 2', active: true, note: NOTE, suggestedNextFollowUp: '2026-08-28' });
    expect(x.notes.map((n: { ruleId: string }) => n.ruleId)).toEqual(['J-10']);
  });

  it('refuses a second extension while one runs, and bad input by field', async () => {
    const again = await as('mette', 'POST', `/api/cases/${c.id}/extensions`, { ground: 5, decidedOn: '2026-09-01' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ path: 'ground', message: 'Sagen har allerede en forlængelse efter nr. 2; afslut den først' });
    const bad = await as('mette', 'POST', `/api/cases/${open.id}/extensions`, { ground: 2, decidedOn: '2026-07-24', hospitalWaitDays: 4 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('hospitalWaitDays');
    const future = await as('mette', 'POST', `/api/cases/${open.id}/extensions`, { ground: 2, decidedOn: '2026-09-17' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('decidedOn');
  });

  it('records nr. 5 open-ended, and ends an extension', async () => {
    const res = await as('mette', 'POST', `/api/cases/${open.id}/extensions`, { ground: 5, decidedOn: '2026-07-30' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ground: 5, endsOn: null, basisMonthEnd: '2026-07-31' });
    const [x] = (await as('mette', 'GET', `/api/cases/${open.id}/extensions`)).json().extensions;
    expect(x).toMatchObject({ endsOn: null, active: true, runs: 'Uden tidsbegrænsning (opfølgningen fortsætter)' });
    expect((await as('mette', 'POST', `/api/extensions/${x.id}/end`, { endedOn: '2026-07-29', reason: 'recovered' })).body).toContain('endedOn');
    const end = await as('mette', 'POST', `/api/extensions/${x.id}/end`, { endedOn: '2026-09-15', reason: 'recovered' });
    expect(end.statusCode, end.body).toBe(200);
    expect((await as('mette', 'GET', `/api/cases/${open.id}/extensions`)).json().extensions[0]).toMatchObject({ active: false, endedOn: '2026-09-15', endReason: 'recovered' });
  });

  it('hides the note from analysts and refuses another team', async () => {
    const res = await as('anne', 'GET', `/api/cases/${c.id}/extensions`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Odense');
    const other = await otherTeamCaseworker();
    expect((await as(other, 'GET', `/api/cases/${c.id}/extensions`)).statusCode).toBe(403);
    expect((await as(other, 'POST', `/api/cases/${c.id}/extensions`, { ground: 5, decidedOn: '2026-09-01' })).statusCode).toBe(403);
    expect((await as(other, 'POST', `/api/extensions/${extId}/end`, { endedOn: '2026-09-01', reason: 'other' })).statusCode).toBe(403);
  });
});

describe(`sanctions for not taking part, SDL § 21 (${engineName})`, () => {
  let c: { id: number };
  let id: number;
  beforeAll(async () => { c = await newCase('0707807890'); });
  const sanctionLines = async () => ((await as('mette', 'GET', '/api/worklist')).json().items as { type: string; caseId: number; due: string; ruleId: string }[])
    .filter((i) => i.caseId === c.id && i.type === 'sanction');

  it('S-3: refuses refusing medical treatment as a ground, naming failureKind and § 21 a', async () => {
    const res = await as('mette', 'POST', `/api/cases/${c.id}/sanctions`, { failureKind: 'refused-treatment', failureOn: '2026-08-24' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('failureKind');
    expect(res.body).toContain('§ 21 a');
    const bad = await as('mette', 'POST', `/api/cases/${c.id}/sanctions`, { failureKind: 'missed-meeting', failureOn: '2026-09-17' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('failureOn');
  });

  it('registers a missed meeting, sends the advance notice with the letter drafted, and puts the decision on the worklist', async () => {
    const res = await as('mette', 'POST', `/api/cases/${c.id}/sanctions`, { failureKind: 'missed-meeting', failureOn: '2026-08-24', note: 'Udeblev uden afbud' });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    const hearing = await as('mette', 'POST', `/api/sanctions/${id}/hearing`, { sentOn: '2026-08-25', letter: true });
    expect(hearing.statusCode, hearing.body).toBe(200);
    // 14 days (the policy's default) after Tuesday 25 August: Tuesday 8 September.
    expect(hearing.json()).toMatchObject({ status: 'hearing', hearingAnswerDue: '2026-09-08' });
    const letterId = hearing.json().letterId;
    const letters = (await as('mette', 'GET', `/api/cases/${c.id}/letters`)).json().letters as { id: number; templateId: string; status: string }[];
    expect(letters.find((l) => l.id === letterId)).toMatchObject({ templateId: 'advance-notice', status: 'draft' });
    expect(await sanctionLines()).toEqual([expect.objectContaining({ due: '2026-09-09', ruleId: 'S-1' })]);
  });

  it('refuses a stop on the answer deadline, stops the day after, and resumes within 4 weeks', async () => {
    const early = await as('mette', 'POST', `/api/sanctions/${id}/decision`, { decision: 'stopped', decidedOn: '2026-09-08' });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('decidedOn');
    expect(early.body).toContain('svarfrist');
    const stop = await as('mette', 'POST', `/api/sanctions/${id}/decision`, { decision: 'stopped', decidedOn: '2026-09-09' });
    expect(stop.statusCode, stop.body).toBe(200);
    // Stopped from the failure day (S-1); 4 weeks from the notice of the stop (the default reading of S-2).
    expect(stop.json()).toMatchObject({ status: 'stopped', stoppedFrom: '2026-08-24', resumeBy: '2026-10-07' });
    expect(await sanctionLines()).toEqual([]);
    const resume = await as('mette', 'POST', `/api/sanctions/${id}/resume`, { resumedOn: '2026-09-14' });
    expect(resume.statusCode, resume.body).toBe(200);
    expect(resume.json()).toMatchObject({ status: 'resumed', paymentResumesFrom: '2026-09-15' });
    const [s] = (await as('mette', 'GET', `/api/cases/${c.id}/sanctions`)).json().sanctions;
    expect(s).toMatchObject({ failureOn: '2026-08-24', hearingSentOn: '2026-08-25', hearingAnswerDue: '2026-09-08', decidedOn: '2026-09-09', resumedOn: '2026-09-14', status: 'resumed', note: 'Udeblev uden afbud' });
    expect((await as('mette', 'POST', `/api/sanctions/${id}/decision`, { decision: 'x', decidedOn: '2026-09-09' })).body).toContain('decision');
  });

  it('hides the note from analysts and refuses another team', async () => {
    const res = await as('anne', 'GET', `/api/cases/${c.id}/sanctions`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('afbud');
    const other = await otherTeamCaseworker();
    expect((await as(other, 'GET', `/api/cases/${c.id}/sanctions`)).statusCode).toBe(403);
    expect((await as(other, 'POST', `/api/cases/${c.id}/sanctions`, { failureKind: 'other', failureOn: '2026-09-01' })).statusCode).toBe(403);
    expect((await as(other, 'POST', `/api/sanctions/${id}/resume`, { resumedOn: '2026-09-15' })).statusCode).toBe(403);
    expect((await as('mette', 'POST', '/api/sanctions/999999/hearing', { sentOn: '2026-09-01' })).statusCode).toBe(404);
  });
});
