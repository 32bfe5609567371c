import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { addDays } from '../../src/domain/dates.ts';

// After Christmas 2026, so inquiries received at Easter and Christmas 2026 lie in the past.
const today = '2027-01-15';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

async function newCase(cpr: string, employment: 'employed' | 'unemployed') {
  const res = await as('mette', 'POST', '/api/cases', {
    citizen: { cpr, name: 'Henvendelse Testesen' }, kind: 'sickness_benefit', firstAbsenceDay: addDays(today, -40),
    employment, ...(employment === 'employed' ? { employer: { cvr: '29403473', name: 'Fjordby Plejecenter' } } : {}),
    sickLeave: 'full', expectedFullReturn: addDays(today, 120), targetGroup: 1,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

async function register(caseId: number, channel: string, receivedAt: string, summary = 'Borgeren spørger til sin udbetaling') {
  const res = await as('mette', 'POST', `/api/cases/${caseId}/inquiries`, { channel, receivedAt, summary });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; answerDue: string };
}

describe(`inquiries (${engineName})`, () => {
  let employedCase: number;
  let unemployedCase: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    employedCase = await newCase('0101901234', 'employed');
    unemployedCase = await newCase('0202902345', 'unemployed');
  });

  it('gives the answer deadline across Easter and Christmas', async () => {
    // E-mail on Wed 1 April 2026: Maundy Thursday to Easter Monday are closed, so the 10th working day is Mon 20 April.
    const easter = await register(employedCase, 'email', '2026-04-01');
    expect(easter.answerDue).toBe('2026-04-20');
    // Phone on Wed 23 December 2026: 24 December (municipal closed day) to Sunday 27 are closed: 28 and 29 December.
    const christmas = await register(employedCase, 'phone', '2026-12-23');
    expect(christmas.answerDue).toBe('2026-12-29');
    ids.easter = easter.id; ids.christmas = christmas.id;
  });

  it('refuses a receipt in the future and unknown fields, naming the field', async () => {
    const future = await as('mette', 'POST', `/api/cases/${employedCase}/inquiries`, { channel: 'phone', receivedAt: addDays(today, 1), summary: 'x' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('receivedAt');
    const extra = await as('mette', 'POST', `/api/cases/${employedCase}/inquiries`, { channel: 'phone', receivedAt: today, summary: 'x', cpr: '1' });
    expect(extra.statusCode).toBe(400);
  });

  it('answering on the due day is on time, the day after is late', async () => {
    const onDue = await as('mette', 'POST', `/api/inquiries/${ids.easter}/answer`, { answeredAt: '2026-04-20', text: 'Udbetalingen sker fredag.' });
    expect(onDue.statusCode, onDue.body).toBe(200);
    expect(onDue.json()).toEqual({ id: ids.easter, answeredOnTime: true });
    const late = await as('mette', 'POST', `/api/inquiries/${ids.christmas}/answer`, { answeredAt: '2026-12-30', text: 'Vi har modtaget attesten.' });
    expect(late.json()).toEqual({ id: ids.christmas, answeredOnTime: false });
    const again = await as('mette', 'POST', `/api/inquiries/${ids.christmas}/answer`, { answeredAt: '2026-12-30', text: 'Igen' });
    expect(again.statusCode).toBe(400);
  });

  it('refuses an answer before receipt or in the future', async () => {
    const q = await register(unemployedCase, 'letter', '2026-06-01');
    ids.letter = q.id;
    const before = await as('mette', 'POST', `/api/inquiries/${q.id}/answer`, { answeredAt: '2026-05-31', text: 'Svar' });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('answeredAt');
    const future = await as('mette', 'POST', `/api/inquiries/${q.id}/answer`, { answeredAt: addDays(today, 1), text: 'Svar' });
    expect(future.statusCode).toBe(400);
    expect((await as('mette', 'POST', `/api/inquiries/${q.id}/answer`, { answeredAt: '2026-06-02', text: 'Svar sendt' })).json().answeredOnTime).toBe(true);
    ids.open = (await register(unemployedCase, 'digital', '2026-12-01')).id;
  });

  it('lists the case inquiries with due date and status', async () => {
    const res = await as('mette', 'GET', `/api/cases/${employedCase}/inquiries`);
    expect(res.statusCode).toBe(200);
    const list = res.json().inquiries as { id: number; status: string; answerDue: string; summary: string; answerText: string | null }[];
    expect(list.map((i) => i.id)).toEqual([ids.christmas, ids.easter]);
    expect(list[1]).toMatchObject({ status: 'answered', answerDue: '2026-04-20', summary: 'Borgeren spørger til sin udbetaling', answerText: 'Udbetalingen sker fredag.' });
    const other = (await as('mette', 'GET', `/api/cases/${unemployedCase}/inquiries`)).json().inquiries as { id: number; status: string }[];
    expect(other.find((i) => i.id === ids.open)!.status).toBe('overdue');
  });

  it("refuses another team's caseworker", async () => {
    const [u] = await t.db.query<{ username: string }>(
      `SELECT username FROM app_user WHERE role = 'caseworker' AND team_id <> (SELECT team_id FROM app_user WHERE username = 'mette') ORDER BY id LIMIT 1`);
    expect((await as(u.username, 'GET', `/api/cases/${employedCase}/inquiries`)).statusCode).toBe(403);
    expect((await as(u.username, 'POST', `/api/cases/${employedCase}/inquiries`, { channel: 'phone', receivedAt: today, summary: 'x' })).statusCode).toBe(403);
    expect((await as(u.username, 'POST', `/api/inquiries/${ids.open}/answer`, { answeredAt: today, text: 'x' })).statusCode).toBe(403);
  });

  it('shows analysts no summary or answer text', async () => {
    const res = await as('anne', 'GET', `/api/cases/${employedCase}/inquiries`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('udbetaling');
    expect(res.body).not.toContain('fredag');
    expect(res.json().inquiries[1]).toMatchObject({ summary: '(skjult)', answerText: '(skjult)', answeredOnTime: true });
    const s = await as('anne', 'GET', '/api/inquiries/sample?from=2026-01-01&to=2026-12-31&size=10&seed=7');
    expect(s.statusCode).toBe(200);
    expect(s.body).not.toContain('udbetaling');
    expect(s.body).not.toContain('Svar sendt');
  });

  it('computes the shares answered on time per channel and employment group', async () => {
    const res = await as('maria', 'GET', '/api/inquiries/compliance?from=2026-01-01&to=2026-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.total).toEqual({ answered: 3, onTime: 2, share: 0.667 });
    expect(c.unanswered).toBe(1);
    expect(c.byChannel.email).toEqual({ answered: 1, onTime: 1, share: 1 });
    expect(c.byChannel.phone).toEqual({ answered: 1, onTime: 0, share: 0 });
    expect(c.byChannel.digital.share).toBeNull();
    expect(c.byEmployment.employed).toEqual({ answered: 2, onTime: 1, share: 0.5 });
    expect(c.byEmployment.unemployed).toEqual({ answered: 1, onTime: 1, share: 1 });
    // Team leaders and analysts read it too; caseworkers and administrators do not.
    expect((await as('lars', 'GET', '/api/inquiries/compliance?from=2026-01-01&to=2026-12-31')).json().total.answered).toBe(3);
    expect((await as('anne', 'GET', '/api/inquiries/compliance?from=2026-01-01&to=2026-12-31')).statusCode).toBe(200);
    expect((await as('mette', 'GET', '/api/inquiries/compliance?from=2026-01-01&to=2026-12-31')).statusCode).toBe(403);
    expect((await as('henrik', 'GET', '/api/inquiries/compliance?from=2026-01-01&to=2026-12-31')).statusCode).toBe(403);
    expect((await as('maria', 'GET', '/api/inquiries/compliance?from=2026-12-31&to=2026-01-01')).statusCode).toBe(400);
  });

  it('draws the same sample for the same seed', async () => {
    const url = (seed: number) => `/api/inquiries/sample?from=2026-01-01&to=2026-12-31&size=2&seed=${seed}`;
    const a = (await as('maria', 'GET', url(2026))).json();
    const b = (await as('maria', 'GET', url(2026))).json();
    expect(a.population).toBe(4);
    expect(a.size).toBe(2);
    expect(a.inquiries.map((i: { id: number }) => i.id)).toEqual(b.inquiries.map((i: { id: number }) => i.id));
    const draws = new Set<string>();
    for (let s = 1; s <= 8; s++) draws.add(JSON.stringify((await as('maria', 'GET', url(s))).json().inquiries.map((i: { id: number }) => i.id)));
    expect(draws.size).toBeGreaterThan(1);
  });
});
