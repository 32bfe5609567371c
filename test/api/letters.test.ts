/**
 * Letters (issue 9): made from a template on the case's data with the template version recorded, approved for Digital
 * Post (a MeMo in the outbox, delivered by the worker to the stand-in) or for the print batch; decision letters held on
 * Fridays and before closed days unless sent at once with a reason, which the weekly results count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { pdfText } from '../pdfText.ts';
import { createOutboxWorker } from '../../src/jobs/outbox.ts';
import { httpDigitalPostGateway } from '../../src/integrations/digitalPost/gateway.ts';
import { startDigitalPostStandIn, type DigitalPostStandIn } from '../../src/integrations/digitalPost/standIn.ts';
import { formatDanish } from '../../src/domain/dates.ts';

let t: TestApp;
let dp: DigitalPostStandIn;
let cases: number[];
let next = 0;
const TOKEN = 'dp-test-token';

beforeAll(async () => {
  // Seeded on the Wednesday before Ascension 2026; the tests move the clock forward to Fridays and Christmas.
  t = await startTestApp({ today: '2026-05-13' });
  dp = await startDigitalPostStandIn({ token: TOKEN });
  cases = (await t.db.query<{ id: number }>(
    `SELECT c.id FROM sb_case c JOIN app_user u ON u.id = c.caseworker_id JOIN citizen ci ON ci.id = c.citizen_id
      WHERE u.username = 'mette' AND c.status = 'open' AND NOT ci.digital_post_exempt ORDER BY c.id LIMIT 12`)).map((r) => r.id);
});
afterAll(async () => { await dp?.close(); await t?.close(); });

const caseOf = () => cases[next++];
/** The tests move the clock by months, past any session's lifetime: a login per clock moment. */
const sessions = new Map<string, string>();
async function cookie(user: string) {
  const key = `${user}@${t.clock.now().toISOString()}`;
  if (!sessions.has(key)) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: 'demo' } });
    sessions.set(key, `retur_session=${res.cookies.find((c) => c.name === 'retur_session')!.value}`);
  }
  return sessions.get(key)!;
}
async function post(user: string, url: string, payload?: unknown) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: await cookie(user) }, ...(payload === undefined ? {} : { payload: payload as object }) });
}
async function get(user: string, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: await cookie(user) } });
}
const worker = () => createOutboxWorker({ db: t.db, clock: t.clock, senders: { 'digital-post': httpDigitalPostGateway({ url: dp.url, token: TOKEN }) } });

describe(`decision letters follow the dispatch policy (${engineName})`, () => {
  it.each([
    ['2026-05-13', '2026-05-18', 'the day before Ascension waits until Monday (Friday after Ascension is a Friday)'],
    ['2026-11-20', '2026-11-23', 'a Friday waits until Monday'],
    ['2026-12-23', '2026-12-28', '23 December waits until after Christmas'],
  ])('approved %s → held to %s (%s)', async (day, expected) => {
    t.clock.set(day);
    const id = caseOf();
    const res = await post('mette', `/api/cases/${id}/letters`, { template: 'decision-extension', approve: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'held', scheduledFor: expected, held: true });
    // The caseworker sees it held, with the day, on the case.
    const list = (await get('mette', `/api/cases/${id}/letters`)).json().letters;
    expect(list[0]).toMatchObject({ status: 'held', statusLabel: 'Holdt tilbage', scheduledFor: expected });
    // Its Digital Post message waits in the outbox until 08:00 Danish time on that day: the worker leaves it.
    await worker().runOnce();
    expect(dp.messages().some((x) => x.idempotencyKey === `letter-${res.json().id}`)).toBe(false);
    const [m] = await t.db.query<{ sendAfter: Date; status: string }>('SELECT send_after AS "sendAfter", status FROM outbox_message WHERE letter_id = $1', [res.json().id]);
    expect(m.status).toBe('queued');
    expect(new Date(m.sendAfter).toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' })).toBe(`${expected} 08:00:00`);
  });

  it('a Monday decision goes the same day, and an invitation is never held', async () => {
    t.clock.set('2026-11-23');
    expect((await post('mette', `/api/cases/${caseOf()}/letters`, { template: 'decision-stop', approve: true })).json()).toMatchObject({ status: 'queued', scheduledFor: '2026-11-23', held: false });
    t.clock.set('2026-11-20');
    expect((await post('mette', `/api/cases/${caseOf()}/letters`, { template: 'meeting-invitation', approve: true })).json()).toMatchObject({ status: 'queued', scheduledFor: '2026-11-20', held: false });
  });

  it('sending at once needs a reason: refused without one, recorded and counted in the weekly results with one', async () => {
    t.clock.set('2026-11-20');
    const id = caseOf();
    const empty = await post('mette', `/api/cases/${id}/letters`, { template: 'decision-stop', approve: true, sendNowReason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors.map((e: { path: string }) => e.path)).toContain('sendNowReason');
    const before = (await get('lars', '/api/team/weekly?week=2026-11-16')).json().team.decisionsSentNow;
    const now = await post('mette', `/api/cases/${id}/letters`, { template: 'decision-stop', approve: true, sendNowReason: 'Borgeren har selv bedt om afgørelsen i dag' });
    expect(now.json()).toMatchObject({ status: 'queued', scheduledFor: '2026-11-20', held: false });
    const weekly = (await get('lars', '/api/team/weekly?week=2026-11-16')).json();
    expect(weekly.team.decisionsSentNow).toBe(before + 1);
    expect(weekly.rows.find((r: { name: string }) => r.name.startsWith('Mette')).decisionsSentNow).toBeGreaterThanOrEqual(1);
    // A held letter released later needs the reason too.
    const heldCase = caseOf();
    const held = (await post('mette', `/api/cases/${heldCase}/letters`, { template: 'decision-extension', approve: true })).json();
    const noReason = await post('mette', `/api/letters/${held.id}/send-now`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    const released = await post('mette', `/api/letters/${held.id}/send-now`, { reason: 'Fristen for afgørelsen udløber i dag' });
    expect(released.json()).toMatchObject({ status: 'queued', scheduledFor: '2026-11-20' });
    await worker().runOnce();
    expect((await get('mette', `/api/cases/${heldCase}/letters`)).json().letters[0].status).toBe('sent');
  });
});

describe(`letters on a case (${engineName})`, () => {
  it('a draft records the template version, its PDF names the citizen and the due dates, and approval sends a MeMo to Digital Post', async () => {
    t.clock.set('2026-11-24');
    const id = caseOf();
    // The administrator saves a new version of the orientation letter; the letter records version 2.
    const saved = await post('henrik', '/api/letter-templates/orientation/versions', {
      body: 'Kære {{ borger.navn }}\n\nDin første samtale er senest {{ frister.foersteOpfoelgning | dato }}.\n\nVenlig hilsen\n{{ kommune.navn }}', reason: 'Kortere tekst',
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const draft = await post('mette', `/api/cases/${id}/letters`, { template: 'orientation' });
    expect(draft.json()).toMatchObject({ status: 'draft', scheduledFor: null });
    const [{ name }] = await t.db.query<{ name: string }>('SELECT ci.name FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id WHERE c.id = $1', [id]);
    const [{ due }] = await t.db.query<{ due: string }>(
      `SELECT to_char(COALESCE(adjusted_due, due), 'YYYY-MM-DD') AS due FROM case_deadline WHERE case_id = $1 AND kind = 'first-follow-up'`, [id]);
    const letters = (await get('mette', `/api/cases/${id}/letters`)).json().letters;
    expect(letters[0]).toMatchObject({ templateId: 'orientation', templateVersion: 2, status: 'draft' });
    const pdf = await get('mette', `/api/letters/${draft.json().id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(name);
    expect(text).toContain(formatDanish(due));

    const approved = await post('mette', `/api/letters/${draft.json().id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'queued', delivery: 'digital-post' });
    await worker().runOnce();
    const got = dp.messages().find((x) => x.idempotencyKey === `letter-${draft.json().id}`)!;
    expect(got.memo.title).toBe('Orientering ved sagens start');
    expect(got.memo.recipient.name).toBe(name);
    // The course overview goes with the orientation letter as an additional document.
    expect(got.memo.documents.length).toBe(2);
    expect(await pdfText(got.memo.documents[0].pdf)).toContain(name);
    expect((await get('mette', `/api/cases/${id}/letters`)).json().letters[0]).toMatchObject({ status: 'sent', statusLabel: 'Sendt med Digital Post' });
    // Approving twice is a conflict, not a second letter.
    expect((await post('mette', `/api/letters/${draft.json().id}/approve`, {})).statusCode).toBe(409);
  });

  it('citizens exempt from Digital Post get the letter in the daily print batch, one PDF for the print room', async () => {
    t.clock.set('2026-11-24');
    const id = caseOf();
    await t.db.query('UPDATE citizen SET digital_post_exempt = true WHERE id = (SELECT citizen_id FROM sb_case WHERE id = $1)', [id]);
    const res = await post('mette', `/api/cases/${id}/letters`, { template: 'information-form', approve: true });
    expect(res.json()).toMatchObject({ status: 'print-queued', delivery: 'print' });
    expect((await get('mette', '/api/print-batches')).json().waiting).toBeGreaterThanOrEqual(1);
    const batch = await post('mette', '/api/print-batches');
    expect(batch.statusCode).toBe(201);
    expect(batch.json().letters).toBeGreaterThanOrEqual(1);
    const [{ name }] = await t.db.query<{ name: string }>('SELECT ci.name FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id WHERE c.id = $1', [id]);
    const text = await pdfText((await get('mette', `/api/print-batches/${batch.json().id}/pdf`)).rawPayload);
    expect(text).toContain(name);
    expect(text).toContain('Anmodning om oplysningsskema');
    expect((await get('mette', `/api/cases/${id}/letters`)).json().letters[0].status).toBe('printed');
    // The same day again: the existing batch, not a second one.
    expect((await post('mette', '/api/print-batches')).json()).toMatchObject({ id: batch.json().id, created: false });
  });

  it('a held letter can be cancelled and its Digital Post message is never sent', async () => {
    t.clock.set('2026-11-27'); // a Friday
    const id = caseOf();
    const held = (await post('mette', `/api/cases/${id}/letters`, { template: 'decision-stop', approve: true })).json();
    expect(held.status).toBe('held');
    expect((await post('mette', `/api/letters/${held.id}/cancel`, { reason: 'Borgeren er raskmeldt' })).json().status).toBe('cancelled');
    t.clock.set('2026-11-30T10:00:00+01:00');
    await worker().runOnce();
    expect(dp.messages().some((x) => x.idempotencyKey === `letter-${held.id}`)).toBe(false);
    expect((await get('mette', `/api/cases/${id}/letters`)).json().letters[0].status).toBe('cancelled');
  });

  it('bad input names the field; analysts see no letter text and no PDF; another team cannot write', async () => {
    t.clock.set('2026-11-24');
    const id = caseOf();
    const unknown = await post('mette', `/api/cases/${id}/letters`, { template: 'findes-ikke' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].path).toBe('template');
    const reasonWithoutApprove = await post('mette', `/api/cases/${id}/letters`, { template: 'decision-stop', sendNowReason: 'Hastesag for borgeren' });
    expect(reasonWithoutApprove.statusCode).toBe(400);
    expect(reasonWithoutApprove.json().errors[0].path).toBe('sendNowReason');
    const draft = (await post('mette', `/api/cases/${id}/letters`, { template: 'meeting-invitation' })).json();
    const asAnalyst = (await get('anne', `/api/cases/${id}/letters`)).json().letters[0];
    expect(asAnalyst.text).toBe('(skjult)');
    expect((await get('anne', `/api/letters/${draft.id}/pdf`)).statusCode).toBe(403);
    const [syd] = await t.db.query<{ id: number }>(`SELECT c.id FROM sb_case c JOIN team tm ON tm.id = c.team_id WHERE tm.name = 'Team Syd' AND c.status = 'open' LIMIT 1`);
    expect((await post('mette', `/api/cases/${syd.id}/letters`, { template: 'meeting-invitation' })).statusCode).toBe(403);
  });
});
