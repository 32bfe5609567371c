import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// The case begins 26 December 2026; three years back the screening window opens on 27 December 2023.
const today = '2027-01-15';
const FIRST_ABSENCE = addDays(today, -20);
const SHIFTER = '2104881234';
const STEADY = '0907924567';
const UNKNOWN = '3112991234';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

const importCsv = async (user: string, csv: string) => t.app.inject({
  method: 'POST', url: '/api/benefit-history/import', payload: csv,
  headers: { cookie: await t.login(user), 'content-type': 'text/csv; charset=utf-8' },
});

async function newCase(cpr: string, name: string) {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name }, kind: 'sickness_benefit', firstAbsenceDay: FIRST_ABSENCE, employment: 'unemployed',
    sickLeave: 'full', targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

const FILE = [
  '\uFEFFcpr;ydelse;fra;til;kilde',
  `${SHIFTER.slice(0, 6)}-${SHIFTER.slice(6)};dagpenge;2024-03-01;2024-08-31;DREAM`,
  `${SHIFTER};arbejde;2024-09-02;2025-05-30;eIndkomst`,
  `${SHIFTER};kontanthjælp;2025-06-02;;KY`,
  `${STEADY};arbejde;2015-08-01;;eIndkomst`,
  `${UNKNOWN};dagpenge;2025-01-06;2025-03-31;DREAM`,
  `${UNKNOWN};arbejde;2025-04-01;;eIndkomst`,
].join('\r\n') + '\r\n';

interface History {
  caseVersion: number; targetGroup: number | null; periods: { kind: string; from: string; to: string | null; source: string | null }[];
  shifts: number; shiftDates: string[]; flagged: boolean; proposal: { targetGroup: 4; reason: string } | null; windowFrom: string;
}

describe(`benefit-history import and screening (${engineName})`, () => {
  let shifterCase: number;
  let steadyCase: number;

  beforeAll(async () => {
    shifterCase = await newCase(SHIFTER, 'Skift Testesen');
    steadyCase = await newCase(STEADY, 'Stabil Testesen');
    expect(await t.db.query('SELECT 1 FROM citizen WHERE cpr = $1', [UNKNOWN])).toEqual([]);
  });

  it('imports a file from Excel, skips and counts the citizen retur does not know, and audits each citizen without the CPR number', async () => {
    const res = await importCsv('mette', FILE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ lines: 6, imported: 4, updated: 0, unchanged: 0, unknownCitizens: 1, unknownCitizenLines: 2, citizens: 2, errors: [], errorCount: 0 });
    const audit = await t.db.query<{ entity: string; citizen_id: number | null; details: unknown }>(
      `SELECT entity, citizen_id, details FROM audit_entry WHERE entity LIKE 'benefit-history%' AND operation = 'write' ORDER BY id`);
    expect(audit.map((a) => a.entity).sort()).toEqual(['benefit-history', 'benefit-history', 'benefit-history-import']);
    expect(JSON.stringify(audit)).not.toMatch(/\d{6}-?\d{4}/);
    expect(await t.db.query('SELECT 1 FROM benefit_period p JOIN citizen c ON c.id = p.citizen_id WHERE c.cpr = $1', [UNKNOWN])).toEqual([]);
  });

  it('shows the history on the case, flags the citizen who shifted three times in three years and proposes target group 4', async () => {
    const res = await as('mette', 'GET', `/api/cases/${shifterCase}/benefit-history`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json() as History;
    expect(h.periods.map((p) => [p.kind, p.from, p.to])).toEqual([
      ['unemployment_benefit', '2024-03-01', '2024-08-31'], ['work', '2024-09-02', '2025-05-30'], ['cash_benefit', '2025-06-02', null],
    ]);
    // Work → cash benefit → the sickness spell of this case (26 December 2026).
    expect(h.windowFrom).toBe('2023-12-27');
    expect(h.shiftDates).toEqual(['2024-09-02', '2025-06-02', '2026-12-26']);
    expect(h.flagged).toBe(true);
    expect(h.proposal).toEqual({ targetGroup: 4, reason: 'Borgeren har skiftet ydelse 3 gange på 3 år – overvej målgruppe 4' });

    const steady = (await as('mette', 'GET', `/api/cases/${steadyCase}/benefit-history`)).json() as History;
    expect(steady).toMatchObject({ shifts: 1, flagged: false, proposal: null });
  });

  it('changes nothing when the same file comes again, and updates a period whose end day was corrected', async () => {
    const again = await importCsv('lars', FILE);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ imported: 0, updated: 0, unchanged: 4, unknownCitizens: 1 });
    const corrected = await importCsv('mette', `cpr;ydelse;fra;til;kilde\n${SHIFTER};kontanthjælp;2025-06-02;2026-12-23;KY\n`);
    expect(corrected.json()).toMatchObject({ imported: 0, updated: 1, unchanged: 0 });
    const h = (await as('mette', 'GET', `/api/cases/${shifterCase}/benefit-history`)).json() as History;
    expect(h.periods.find((p) => p.kind === 'cash_benefit')?.to).toBe('2026-12-23');
    expect(await t.db.query('SELECT 1 FROM benefit_period p JOIN citizen c ON c.id = p.citizen_id WHERE c.cpr = $1', [SHIFTER])).toHaveLength(3);
  });

  it('imports nothing from a file with one bad line, and the error names line and column', async () => {
    const res = await importCsv('mette', `cpr;ydelse;fra;til;kilde\n${STEADY};dagpenge;2014-01-06;2015-07-31;DREAM\n${STEADY};sygedagpenge;2023-02-29;;KY\n`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const p = res.json() as { imported: number; errors: { path: string; line: number; column: string; message: string }[] };
    expect(p.imported).toBe(0);
    expect(p.errors).toEqual([{ path: 'body', line: 3, column: 'fra', message: 'Linje 3, kolonne fra: datoen 2023-02-29 findes ikke i kalenderen' }]);
    const h = (await as('mette', 'GET', `/api/cases/${steadyCase}/benefit-history`)).json() as History;
    expect(h.periods).toHaveLength(1);
  });

  it('lets only roles that write cases and see CPR numbers import; the analyst reads the history without any CPR number', async () => {
    for (const user of ['anne', 'maria', 'henrik']) expect((await importCsv(user, FILE)).statusCode, user).toBe(403);
    const res = await as('anne', 'GET', `/api/cases/${shifterCase}/benefit-history`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(SHIFTER);
    expect(res.body).not.toContain(SHIFTER.slice(0, 6));
    expect((res.json() as History).flagged).toBe(true);
  });

  it("refuses another team's caseworker the case's history", async () => {
    const [other] = await t.db.query<{ username: string }>(
      `SELECT u.username FROM app_user u JOIN team tm ON tm.id = u.team_id WHERE u.role = 'caseworker' AND tm.name <> 'Team Nord' ORDER BY u.id LIMIT 1`);
    const res = await as(other.username, 'GET', `/api/cases/${shifterCase}/benefit-history`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('kontanthj');
  });

  it('reads text/csv on the import only: other routes still refuse it', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${shifterCase}/inquiries`, payload: 'a;b', headers: { cookie: await t.login('mette'), 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(415);
  });

  it('accepting the proposal is the ordinary facts change: the case gets target group 4 and the proposal goes away', async () => {
    const before = (await as('mette', 'GET', `/api/cases/${shifterCase}/benefit-history`)).json() as History;
    const res = await as('mette', 'PATCH', `/api/cases/${shifterCase}`, { version: before.caseVersion, changes: { targetGroup: 4 } });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await as('mette', 'GET', `/api/cases/${shifterCase}/benefit-history`)).json() as History;
    expect(after).toMatchObject({ targetGroup: 4, flagged: true, proposal: null, caseVersion: before.caseVersion + 1 });
    const c = (await as('mette', 'GET', `/api/cases/${shifterCase}`)).json() as { case: { targetGroup: number }; actions: { type: string; payload: { changes?: Record<string, unknown> } }[] };
    expect(c.case.targetGroup).toBe(4);
    expect(c.actions.at(-1)).toMatchObject({ type: 'changed', payload: { changes: { targetGroup: { from: 1, to: 4 } } } });
  });

  it('gives the demo municipality histories, some of them flagged', async () => {
    const [r] = await t.db.query<{ citizens: number | string }>('SELECT count(DISTINCT citizen_id) AS citizens FROM benefit_period');
    expect(Number(r.citizens)).toBeGreaterThan(2);
    const [mine] = await t.db.query<{ id: number }>(
      `SELECT c.id FROM sb_case c JOIN app_user u ON u.id = c.caseworker_id
        WHERE u.username = 'mette' AND c.status = 'open' AND EXISTS (SELECT 1 FROM benefit_period p WHERE p.citizen_id = c.citizen_id AND p.imported_by IS NULL)
        ORDER BY c.citizen_id LIMIT 1`);
    const h = (await as('mette', 'GET', `/api/cases/${mine.id}/benefit-history`)).json() as History;
    expect(h.flagged).toBe(true);
    expect(h.shifts).toBeGreaterThanOrEqual(3);
  });
});
