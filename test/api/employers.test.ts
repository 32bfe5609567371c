/** The employer register, the contact log on case and employer, and early-effort targeting (issue 10). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

const today = '2026-03-10';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

describe(`employers (${engineName})`, () => {
  let employerId: number;
  let caseId: number;

  beforeAll(async () => {
    const res = await as('mette', 'POST', '/api/cases', {
      citizen: { cpr: '0606806789', name: 'Karen Kontakt' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -20), employment: 'employed',
      employer: { cvr: '31000025', name: 'Kontaktby Supermarked', industryCode: '471120', industryVersion: 'DB07' }, sickLeave: 'full',
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = (res.json() as { id: number }).id;
    employerId = (await t.db.query<{ id: number }>("SELECT id FROM employer WHERE cvr = '31000025'"))[0].id;
  });

  it('finds employers by name and by the first digits of the CVR number; the demo has municipal workplaces with contacts', async () => {
    const byName = (await as('mette', 'GET', '/api/employers?q=kontaktby')).json() as { employers: { id: number; openCases: number }[] };
    expect(byName.employers.map((e) => e.id)).toEqual([employerId]);
    expect(byName.employers[0].openCases).toBe(1);
    const byCvr = (await as('mette', 'GET', '/api/employers?q=3100002')).json() as { employers: { cvr: string }[] };
    expect(byCvr.employers.map((e) => e.cvr)).toContain('31000025');
    const all = (await as('mette', 'GET', '/api/employers')).json() as { employers: { id: number; isMunicipality: boolean; sizeBand: string | null }[] };
    expect(all.employers[0].isMunicipality).toBe(true);
    expect(all.employers.filter((e) => e.sizeBand).length).toBeGreaterThan(0);
    const muni = (await as('mette', 'GET', `/api/employers/${all.employers[0].id}`)).json() as { contacts: { role: string }[] };
    expect(muni.contacts.length).toBeGreaterThan(0);
    expect((await as('anne', 'GET', '/api/employers?q=kontaktby')).statusCode).toBe(403);
  });

  it('adds a contact person and a log entry about the case, shown on the employer and on the case, and audited', async () => {
    const c = await as('mette', 'POST', `/api/employers/${employerId}/contacts`, { name: 'Hanne Hansen', role: 'Butikschef', phone: '+45 00 12 34 56', email: 'hanne@example.dk' });
    expect(c.statusCode, c.body).toBe(201);
    const l = await as('mette', 'POST', `/api/employers/${employerId}/log`, { caseId, channel: 'phone', summary: 'Butikschefen kan tilbyde 15 timer om ugen uden løft.' });
    expect(l.statusCode, l.body).toBe(201);
    const general = await as('lars', 'POST', `/api/employers/${employerId}/log`, { channel: 'visit', summary: 'Besøg om fastholdelse generelt.' });
    expect(general.statusCode).toBe(201);

    const e = (await as('mette', 'GET', `/api/employers/${employerId}`)).json() as { cases: { open: number }; contacts: { name: string }[]; log: { caseId: number | null; summary: string }[] };
    expect(e.cases.open).toBe(1);
    expect(e.contacts.map((x) => x.name)).toContain('Hanne Hansen');
    expect(e.log.map((x) => x.caseId)).toEqual([null, caseId]);
    const onCase = (await as('mette', 'GET', `/api/cases/${caseId}/employer`)).json() as { employer: { name: string }; contacts: unknown[]; log: { summary: string }[] };
    expect(onCase.employer.name).toBe('Kontaktby Supermarked');
    expect(onCase.contacts).toHaveLength(1);
    expect(onCase.log.map((x) => x.summary)).toEqual(['Butikschefen kan tilbyde 15 timer om ugen uden løft.']);

    const [citizen] = await t.db.query<{ citizen_id: number }>('SELECT citizen_id FROM sb_case WHERE id = $1', [caseId]);
    const audited = await t.db.query<{ operation: string; endpoint: string }>(
      "SELECT operation, endpoint FROM audit_entry WHERE entity = 'employer-contact-log' AND citizen_id = $1 ORDER BY id", [citizen.citizen_id]);
    expect(audited.map((a) => `${a.operation} ${a.endpoint}`)).toEqual([
      'write POST /api/employers/:id/log', 'read GET /api/employers/:id', 'read GET /api/cases/:id/employer']);
  });

  it('refuses a log entry about a case of another employer or another team, and names bad fields', async () => {
    const [other] = await t.db.query<{ id: number }>(
      `SELECT c.id FROM sb_case c JOIN team tm ON tm.id = c.team_id AND tm.name = 'Team Nord' WHERE c.employer_id IS NOT NULL AND c.employer_id <> $1 ORDER BY c.id LIMIT 1`, [employerId]);
    const wrongEmployer = await as('mette', 'POST', `/api/employers/${employerId}/log`, { caseId: other.id, channel: 'phone', summary: 'x' });
    expect(wrongEmployer.statusCode).toBe(400);
    expect(wrongEmployer.body).toContain('caseId');
    const [syd] = await t.db.query<{ id: number; employer_id: number }>(
      `SELECT c.id, c.employer_id FROM sb_case c JOIN team tm ON tm.id = c.team_id AND tm.name = 'Team Syd' WHERE c.employer_id IS NOT NULL ORDER BY c.id LIMIT 1`);
    expect((await as('mette', 'POST', `/api/employers/${syd.employer_id}/log`, { caseId: syd.id, channel: 'phone', summary: 'x' })).statusCode).toBe(403);
    expect((await as('mette', 'GET', `/api/cases/${syd.id}/employer`)).statusCode).toBe(403);
    const bad = await as('mette', 'POST', `/api/employers/${employerId}/contacts`, { name: '', email: 'nej' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('name');
    expect(bad.body).toContain('email');
    expect((await as('mette', 'POST', '/api/employers/2147483647/contacts', { name: 'X' })).statusCode).toBe(404);
    expect((await as('maria', 'POST', `/api/employers/${employerId}/contacts`, { name: 'X' })).statusCode).toBe(403);
  });

  it('analysts see the case employer without contact details or log text', async () => {
    const onCase = (await as('anne', 'GET', `/api/cases/${caseId}/employer`)).json() as { employer: { name: string }; contacts: unknown[]; log: { summary: string }[] };
    expect(onCase.employer.name).toBe('Kontaktby Supermarked');
    expect(onCase.contacts).toEqual([]);
    expect(onCase.log.map((x) => x.summary)).toEqual(['(skjult)']);
  });

  it('early effort: a call list with contact person and phone for leaders, industries only for analysts', async () => {
    const from = addDays(today, -90);
    const lead = await as('maria', 'GET', `/api/analytics/early-effort?from=${from}&to=${today}&limit=5`);
    expect(lead.statusCode, lead.body).toBe(200);
    const l = lead.json() as { employers: { name: string; cvr: string; contactName: string | null; phone: string | null; newCases: number }[]; industries: { newCases: number }[] };
    expect(l.employers.length).toBeGreaterThan(0);
    expect(l.employers.length).toBeLessThanOrEqual(5);
    expect(l.employers[0].newCases).toBeGreaterThanOrEqual(l.employers.at(-1)!.newCases);
    expect(l.employers[0].contactName).toBeTruthy();
    expect(l.employers[0].phone).toMatch(/^\+45/);
    const total = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sb_case WHERE employer_id IS NOT NULL AND first_absence_day BETWEEN $1 AND $2 GROUP BY employer_id ORDER BY 1 DESC LIMIT 1', [from, today]);
    expect(l.employers[0].newCases).toBe(total[0].n);

    const analyst = (await as('anne', 'GET', `/api/analytics/early-effort?from=${from}&to=${today}`)).json() as { employers: unknown; industries: { industryCode: string; newCases: number }[] };
    expect(analyst.employers).toBeNull();
    expect(analyst.industries.length).toBeGreaterThan(0);
    expect(JSON.stringify(analyst)).not.toMatch(/\+45/);
    expect((await as('mette', 'GET', `/api/analytics/early-effort?from=${from}&to=${today}`)).statusCode).toBe(403);
    const bad = await as('maria', 'GET', `/api/analytics/early-effort?from=${today}&to=${from}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('to');
  });

  it('names industries: the shipped DB07 division, and an imported name for the exact code wins', async () => {
    const from = addDays(today, -365);
    const url = `/api/analytics/early-effort?from=${from}&to=${today}&limit=20`;
    type Industry = { industryCode: string | null; industryVersion: string | null; industryName: string | null };
    const before = (await as('anne', 'GET', url)).json().industries as Industry[];
    const care = before.find((i) => i.industryCode === '871000' && i.industryVersion === 'DB07');
    expect(care?.industryName).toBe('Plejeinstitutioner');
    await t.db.query(`INSERT INTO industry_code (version, code, name) VALUES ('DB07', '871000', 'Plejehjem')`);
    const after = (await as('anne', 'GET', url)).json().industries as Industry[];
    expect(after.find((i) => i.industryCode === '871000')?.industryName).toBe('Plejehjem');
  });
});
