import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import type { CaseCourseOverview } from '../../src/app/courseOverview.ts';
import { pdfText } from '../pdfText.ts';

// Wednesday 25 November 2026. The case's first absence day is Monday 2 November: the first follow-up's legal date,
// the end of week 8 (D + 55), is Sunday 27 December, and 24-26 December are closed, so the municipality must hold it
// by Wednesday 23 December.
const today = '2026-11-25';
const NAME = 'Karla Juul Sørensen';
const CPR = '0211904127';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

describe(`the citizen's course overview (${engineName})`, () => {
  let caseId: number;
  let version: number;

  beforeAll(async () => {
    const res = await as('mette', 'POST', '/api/cases', {
      citizen: { cpr: CPR, name: NAME }, kind: 'sickness_benefit', firstAbsenceDay: '2026-11-02',
      employment: 'employed', employer: { cvr: '29403473', name: 'Fjordby Plejecenter' }, sickLeave: 'full', targetGroup: 1,
    });
    expect(res.statusCode, res.body).toBe(201);
    ({ id: caseId, version } = res.json() as { id: number; version: number });
  });

  it('tells the citizen, by name and in plain Danish, what happens when', async () => {
    const res = await as('mette', 'GET', `/api/cases/${caseId}/course-overview`);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json() as CaseCourseOverview;
    expect(o).toMatchObject({ caseId, municipality: 'Demo Kommune', firstAbsenceDay: '2026-11-02', today, fastTrack: null });
    expect(o.intro).toContain(NAME);
    expect(o.items.map((i) => [i.date, i.week, i.title, i.done])).toEqual([
      ['2026-11-30', 5, 'Samtale med din chef', false],
      ['2026-12-02', 5, 'Kommunen betaler', false],
      ['2026-12-23', 8, 'Første samtale med os', false],
      ['2027-04-30', 26, 'Samtaler i det første halve år', false],
      // 30 days of employer period + 154 days: the 22 weeks pass on 5 May; the decision is due by the month's end.
      ['2027-05-05', 27, 'Vi ser på din sag igen', false],
      ['2027-05-31', 31, 'Svar om forlængelse', false],
    ]);
    // The employer's paperwork (NemRefusion) and fast-track window are not part of the citizen's course.
    expect(o.items.map((i) => i.date)).not.toContain('2026-12-07');
    expect(o.items.find((i) => i.title === 'Første samtale med os')).toMatchObject({ date: '2026-12-23', week: 8, kind: 'meeting' });
    expect(JSON.stringify(o)).not.toContain(CPR);
    const [audit] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'case' AND entity_id = $1 AND operation = 'read' AND details->>'purpose' = 'course-overview' AND details->>'format' = 'json'`, [String(caseId)]);
    expect(audit.n).toBe(1);
  });

  it('prints one page with the name and the first follow-up date, as the PDF writes dates', async () => {
    const res = await as('mette', 'GET', `/api/cases/${caseId}/course-overview.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="forloebsoversigt-sag${caseId}.pdf"`);
    expect(res.headers['content-disposition']).not.toContain(CPR);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(NAME);
    expect(text).toContain('Overblik over dit forløb');
    expect(text).toContain('onsdag 23. december 2026');
    expect(text).toContain('Første samtale med os');
    expect(text).not.toContain(CPR);
    expect(text).toContain('Side 1 af 1');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
    const [audit] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'case' AND entity_id = $1 AND details->>'purpose' = 'course-overview' AND details->>'format' = 'pdf'`, [String(caseId)]);
    expect(audit.n).toBe(1);
  });

  it('draws the timeline as one tagged figure with a text alternative (needs PdfWriter.figure in pdf.ts)', async () => {
    const raw = (await as('mette', 'GET', `/api/cases/${caseId}/course-overview.pdf`)).rawPayload.toString('latin1');
    expect(/\/S \/Figure\s*\/Alt \(/.test(raw), 'a Figure structure element with /Alt').toBe(true);
    // The week labels are drawn, and the table repeats every item as text.
    expect(pdfText(Buffer.from(raw, 'latin1'))).toContain('uge 8');
  });

  it('shows a booked first meeting in place of its deadline', async () => {
    const booked = await as('mette', 'POST', `/api/cases/${caseId}/meetings`, { version, plannedFor: '2026-12-15', time: '10:00', form: 'phone' });
    expect(booked.statusCode, booked.body).toBe(201);
    const o = (await as('mette', 'GET', `/api/cases/${caseId}/course-overview`)).json() as CaseCourseOverview;
    expect(o.items.find((i) => i.title === 'Første samtale med os')).toBeUndefined();
    const first = o.items.find((i) => i.date === '2026-12-15')!;
    expect(first).toMatchObject({ week: 7, kind: 'meeting', title: 'Første samtale (telefon)', done: false });
    expect(first.text).toContain('kl. 10.00');
  });

  it('is refused to the analyst (pseudonymised), to a caseworker of another team, and to the administrator', async () => {
    for (const url of [`/api/cases/${caseId}/course-overview`, `/api/cases/${caseId}/course-overview.pdf`]) {
      const analyst = await as('anne', 'GET', url);
      expect(analyst.statusCode, url).toBe(403);
      expect(analyst.body).not.toContain(NAME);
      expect((await as('henrik', 'GET', url)).statusCode, url).toBe(403);
      // The manager sees every team's cases and may name the citizen.
      expect((await as('maria', 'GET', url)).statusCode, url).toBe(200);
    }
    const [syd] = await t.db.query<{ id: number }>(`SELECT c.id FROM sb_case c JOIN team t ON t.id = c.team_id WHERE t.name = 'Team Syd' ORDER BY c.id LIMIT 1`);
    for (const suffix of ['', '.pdf']) {
      const res = await as('mette', 'GET', `/api/cases/${syd.id}/course-overview${suffix}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toBe('Sagen hører til et andet team.');
    }
    const [refused] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'refused' AND entity_id = $1`, [String(syd.id)]);
    expect(refused.n).toBeGreaterThanOrEqual(2);
    expect((await as('mette', 'GET', '/api/cases/2147483647/course-overview')).statusCode).toBe(404);
  });
});
