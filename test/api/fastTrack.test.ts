/**
 * Fast-track requests through the API (issue 10): an employer's request puts the first follow-up within 2 weeks on
 * the caseworker's worklist at once; a late request or a decline falls back to the ordinary deadlines with the reason;
 * outcomes are counted for the analytics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';

// Tuesday 10 March 2026.
const today = '2026-03-10';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

async function newCase(cpr: string, name: string, firstAbsenceDay: string, employment: 'employed' | 'unemployed') {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name }, kind: 'sickness_benefit', firstAbsenceDay, employment,
    ...(employment === 'employed' ? { employer: { cvr: '31000009', name: 'Fasttrack Plejecenter' } } : {}),
    sickLeave: 'full', targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; version: number };
}

interface View {
  version: number; fastTrack: boolean; repeated?: boolean;
  current: { requestedBy: string; requestedOn: string; status: string; reason: string | null; receivedVia: string } | null;
  firstFollowUp: { due: string; legalDate: string; ruleId: string } | null;
  deadlines: { kind: string; ruleId: string; due: string; legalDate: string }[];
}
interface WorkItem { kind: string; caseId: number; due: string; ruleId: string | null; why: string }

const worklistOf = async (user: string, caseId: number) =>
  ((await as(user, 'GET', '/api/worklist')).json() as { items: WorkItem[] }).items.filter((i) => i.caseId === caseId);

describe(`fast-track requests (${engineName})`, () => {
  let onTime: { id: number; version: number };
  let late: { id: number; version: number };
  let citizen: { id: number; version: number };

  beforeAll(async () => {
    // Monday 23 February 2026: the employer may ask until D + 34 = Sunday 29 March (T-1).
    onTime = await newCase('0101801234', 'Frida Fasttrack', '2026-02-23', 'employed');
    // Monday 5 January 2026 (the worked example in legal-rules.md 7.3): last day for the request Sunday 8 February.
    late = await newCase('0202802345', 'Lauge Forsent', '2026-01-05', 'employed');
    citizen = await newCase('0303803456', 'Birthe Borger', '2026-02-16', 'unemployed');
  });

  it("an employer's request without a version (an outside system) puts the first follow-up within 2 weeks on the worklist at once", async () => {
    const res = await as('mette', 'POST', `/api/cases/${onTime.id}/fast-track`, { requestedBy: 'employer', requested: '2026-03-09' });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as View;
    expect(v.current).toMatchObject({ requestedBy: 'employer', requestedOn: '2026-03-09', status: 'accepted', reason: null, receivedVia: 'api' });
    expect(v.fastTrack).toBe(true);
    // T-10: 9 March + 14 days = Monday 23 March, a working day.
    expect(v.firstFollowUp).toEqual({ due: '2026-03-23', legalDate: '2026-03-23', ruleId: 'T-10' });
    const byKind = Object.fromEntries(v.deadlines.map((d) => [d.kind, d]));
    expect(byKind['fast-track-request-window'].legalDate).toBe('2026-03-29');
    // T-2: the letter goes out with the request (Mon 9 March); 2 bank days later is Wednesday 11 March.
    expect(byKind['fast-track-acceptance'].legalDate).toBe('2026-03-11');

    const items = await worklistOf('mette', onTime.id);
    const first = items.find((i) => i.kind === 'first-follow-up');
    expect(first).toMatchObject({ due: '2026-03-23', ruleId: 'T-10' });
    expect(first!.why).toMatch(/2 uger efter anmodningen/);

    // The history has one facts change, and the case page shows the fast-track facts.
    const c = (await as('mette', 'GET', `/api/cases/${onTime.id}`)).json() as { case: { fastTrack: boolean; fastTrackRequestedBy: string; version: number }; actions: { type: string }[] };
    expect(c.case).toMatchObject({ fastTrack: true, fastTrackRequestedBy: 'employer', version: onTime.version + 1 });
    expect(c.actions.at(-1)!.type).toBe('changed');
  });

  it('the same request again changes nothing; another one while it stands is a conflict', async () => {
    const again = await as('mette', 'POST', `/api/cases/${onTime.id}/fast-track`, { requestedBy: 'employer', requested: '2026-03-09' });
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as View).repeated).toBe(true);
    expect((again.json() as View).version).toBe(onTime.version + 1);
    const other = await as('mette', 'POST', `/api/cases/${onTime.id}/fast-track`, { requestedBy: 'employer', requested: '2026-03-10' });
    expect(other.statusCode).toBe(409);
  });

  it('a stale version from the UI is refused', async () => {
    const res = await as('mette', 'POST', `/api/cases/${late.id}/fast-track`, { requestedBy: 'employer', requested: '2026-02-09', version: late.version + 5 });
    expect(res.statusCode).toBe(409);
  });

  it('a request after the first 5 weeks keeps the ordinary deadlines and says why', async () => {
    const res = await as('mette', 'POST', `/api/cases/${late.id}/fast-track`, { requestedBy: 'employer', requested: '2026-02-09', version: late.version });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json() as View;
    expect(v.current).toMatchObject({ status: 'late', receivedVia: 'ui' });
    expect(v.current!.reason).toMatch(/efter de første 5 uger.*08-02-2026|efter de første 5 uger/);
    expect(v.current!.reason).toMatch(/almindelige frister/);
    expect(v.fastTrack).toBe(false);
    // F-1: end of week 8 is Sunday 1 March; the municipality's due day is the Friday before.
    expect(v.firstFollowUp).toEqual({ due: '2026-02-27', legalDate: '2026-03-01', ruleId: 'F-1' });
    const first = (await worklistOf('mette', late.id)).find((i) => i.kind === 'first-follow-up');
    expect(first).toMatchObject({ due: '2026-02-27', ruleId: 'F-1' });
    // Shown on the case when it is opened again.
    const shown = (await as('mette', 'GET', `/api/cases/${late.id}/fast-track`)).json() as View;
    expect(shown.current!.status).toBe('late');
  });

  it("a citizen's own request, then declined: the ordinary deadlines and the reason", async () => {
    const req = await as('mette', 'POST', `/api/cases/${citizen.id}/fast-track`, { requestedBy: 'citizen', requested: '2026-03-02' });
    expect(req.statusCode, req.body).toBe(201);
    const before = req.json() as View;
    expect(before.firstFollowUp).toMatchObject({ due: '2026-03-16', ruleId: 'T-10' });
    expect(before.deadlines.find((d) => d.kind === 'gp-consultation')?.legalDate).toBe('2026-03-10');
    const dec = await as('mette', 'POST', `/api/cases/${citizen.id}/fast-track/decline`, { reason: 'Borgeren ønsker alligevel ikke tidlig opfølgning', version: before.version });
    expect(dec.statusCode, dec.body).toBe(200);
    const v = dec.json() as View;
    expect(v.current).toMatchObject({ status: 'declined', reason: 'Borgeren ønsker alligevel ikke tidlig opfølgning' });
    // D = 16 February; end of week 8 = Sunday 12 April; the due day is Thursday 9 April (Good Friday 3 April and
    // Easter Monday 6 April are holidays, but 10 April is a Friday) — whatever the calendar says, it is F-1 now.
    expect(v.firstFollowUp!.ruleId).toBe('F-1');
    expect(v.firstFollowUp!.legalDate).toBe('2026-04-12');
    expect((await worklistOf('mette', citizen.id)).find((i) => i.kind === 'first-follow-up')).toMatchObject({ ruleId: 'F-1', due: v.firstFollowUp!.due });
    // The analyst sees the outcome but not the caseworker's reason text.
    const anne = (await as('anne', 'GET', `/api/cases/${citizen.id}/fast-track`)).json() as View;
    expect(anne.current).toMatchObject({ status: 'declined', reason: '(skjult)' });
    // A retry of the declined request does not undo the decline.
    const retry = await as('mette', 'POST', `/api/cases/${citizen.id}/fast-track`, { requestedBy: 'citizen', requested: '2026-03-02' });
    expect(retry.statusCode).toBe(200);
    expect((retry.json() as View).current!.status).toBe('declined');
    // Declining twice is a conflict.
    expect((await as('mette', 'POST', `/api/cases/${citizen.id}/fast-track/decline`, { reason: 'Igen igen' })).statusCode).toBe(409);
  });

  it('a decline through the case facts (PATCH) falls back too', async () => {
    const c = (await as('mette', 'GET', `/api/cases/${onTime.id}`)).json() as { case: { version: number } };
    const res = await as('mette', 'PATCH', `/api/cases/${onTime.id}`, { version: c.case.version, changes: { fastTrackDeclined: true } });
    expect(res.statusCode, res.body).toBe(200);
    const first = (await worklistOf('mette', onTime.id)).find((i) => i.kind === 'first-follow-up');
    expect(first?.ruleId).toBe('F-1');
    const v = (await as('mette', 'GET', `/api/cases/${onTime.id}/fast-track`)).json() as View;
    expect(v.firstFollowUp!.ruleId).toBe('F-1');
    expect(v.current).toMatchObject({ status: 'declined', requestedOn: '2026-03-09' });
    expect(v.current!.reason).toMatch(/afvist/);
  });

  // Needs changeCase (src/app/cases.ts) to call syncFastTrackRequest in its transaction (see the slice report).
  it('a request entered on the case form (facts) gets its row and counts in the figures', async () => {
    const c = await newCase('0505805678', 'Knud Kasseform', '2026-03-02', 'employed');
    const res = await as('mette', 'PATCH', `/api/cases/${c.id}`, { version: c.version, changes: { fastTrackRequestedBy: 'employer', fastTrackRequested: '2026-03-06' } });
    expect(res.statusCode, res.body).toBe(200);
    const rows = await t.db.query<{ status: string; received_via: string }>('SELECT status, received_via FROM fast_track_request WHERE case_id = $1 AND superseded_at IS NULL', [c.id]);
    expect(rows).toEqual([{ status: 'accepted', received_via: 'facts' }]);
  });

  it('names the field of bad input', async () => {
    const cases: [unknown, string][] = [
      [{ requestedBy: 'chef', requested: '2026-03-09' }, 'requestedBy'],
      [{ requestedBy: 'employer', requested: '2026-02-30' }, 'requested'],
      [{ requestedBy: 'employer', requested: '2026-03-11' }, 'requested'], // in the future
      [{ requestedBy: 'employer', requested: '2026-01-01' }, 'requested'], // before the first absence day
      [{ requestedBy: 'citizen', requested: '2026-03-09', letterSent: '2026-03-09' }, 'letterSent'],
      [{ requestedBy: 'employer', requested: '2026-03-09', cpr: '0101801234' }, 'cpr'],
    ];
    const fresh = await newCase('0404804567', 'Ib Input', '2026-02-20', 'employed');
    for (const [body, field] of cases) {
      const res = await as('mette', 'POST', `/api/cases/${fresh.id}/fast-track`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toContain(field);
    }
    // An employer cannot ask for an unemployed citizen.
    const noEmployer = await as('mette', 'POST', `/api/cases/${citizen.id}/fast-track`, { requestedBy: 'employer', requested: '2026-03-09' });
    expect(noEmployer.statusCode).toBe(400);
    expect(noEmployer.body).toContain('requestedBy');
    expect((await as('mette', 'POST', `/api/cases/${fresh.id}/fast-track/decline`, { reason: 'x' })).statusCode).toBe(400);
  });

  it("another team's case is refused", async () => {
    const [syd] = await t.db.query<{ id: number }>(
      `SELECT c.id FROM sb_case c JOIN team tm ON tm.id = c.team_id AND tm.name = 'Team Syd' WHERE c.status = 'open' AND c.employment = 'employed' ORDER BY c.id LIMIT 1`);
    const res = await as('mette', 'POST', `/api/cases/${syd.id}/fast-track`, { requestedBy: 'employer', requested: today });
    expect(res.statusCode).toBe(403);
    expect((await as('lars', 'GET', `/api/cases/${syd.id}/fast-track`)).statusCode).toBe(403);
    expect((await as('maria', 'GET', `/api/cases/${syd.id}/fast-track`)).statusCode).toBe(200);
  });

  it('counts requests by requester and outcome for the analytics', async () => {
    const res = await as('anne', 'GET', '/api/analytics/fast-track?from=2026-02-01&to=2026-03-10');
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json() as { byRequester: { requestedBy: string; accepted: number; late: number; declined: number }[] };
    const employer = f.byRequester.find((r) => r.requestedBy === 'employer')!;
    const citizenRow = f.byRequester.find((r) => r.requestedBy === 'citizen')!;
    // Ours: employer on time (declined later through the facts), employer late, citizen declined; the demo adds its own.
    expect(employer.late).toBeGreaterThanOrEqual(1);
    expect(employer.declined).toBeGreaterThanOrEqual(1);
    expect(citizenRow.declined).toBeGreaterThanOrEqual(1);
    const narrow = (await as('anne', 'GET', '/api/analytics/fast-track?from=2026-03-09&to=2026-03-09')).json() as typeof f;
    expect(narrow.byRequester.find((r) => r.requestedBy === 'employer')).toMatchObject({ declined: 1 });
    expect((await as('mette', 'GET', '/api/analytics/fast-track?from=2026-02-01&to=2026-03-10')).statusCode).toBe(403);
    const bad = await as('anne', 'GET', '/api/analytics/fast-track?from=2026-03-10&to=2026-02-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('to');
  });
});
