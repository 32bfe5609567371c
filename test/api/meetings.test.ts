/** Booking, rebooking and cancelling meetings with their SMS reminders (issue 8), through the API on both engines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { fitSms } from '../../src/integrations/sms/gsm.ts';

const TODAY = '2026-11-25'; // a Wednesday
let t: TestApp;
let c: { id: number; citizenId: number };
beforeAll(async () => {
  t = await startTestApp({ today: TODAY });
  // A case of a caseworker with a free calendar: a new caseworker in Team Nord, so the demo's meetings are not in the way.
  await t.db.query(`INSERT INTO app_user (username, name, role, team_id, password_hash) SELECT 'karen', 'Karen Mødebooker', 'caseworker', team_id, password_hash FROM app_user WHERE username = 'mette'`);
  [c] = await t.db.query<{ id: number; citizenId: number }>(
    `UPDATE sb_case SET caseworker_id = (SELECT id FROM app_user WHERE username = 'karen')
      WHERE id = (SELECT c.id FROM sb_case c JOIN app_user u ON u.username = 'mette' AND u.team_id = c.team_id JOIN citizen ci ON ci.id = c.citizen_id
                   WHERE c.status = 'open' AND ci.phone IS NOT NULL ORDER BY c.id LIMIT 1)
      RETURNING id, citizen_id AS "citizenId"`);
  await t.db.query('UPDATE citizen SET sms_opt_in = false WHERE id = $1', [c.citizenId]);
});
afterAll(async () => { await t?.close(); });

const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: await t.login(user) } });
const version = async () => (await t.db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [c.id]))[0].version;
const reminders = () => t.db.query<{ id: number; status: string; send_after: string; body: string; meeting_id: number }>(
  `SELECT id, status, send_after, body, meeting_id FROM outbox_message WHERE case_id = $1 AND purpose = 'meeting-reminder' ORDER BY id`, [c.id]);

describe(`meetings and their SMS reminders (${engineName})`, () => {
  it('no reminder without consent; consent is recorded with its date and queues the reminder of a meeting already booked', async () => {
    const booked = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: await version(), plannedFor: '2026-11-30', time: '10:00', form: 'in-person' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await reminders()).toEqual([]);
    const consent = await as('mette', 'POST', `/api/cases/${c.id}/sms-consent`, { optIn: true });
    expect(consent.json()).toMatchObject({ optIn: true, remindersQueued: 1 });
    const [r] = await reminders();
    // Monday's meeting is reminded on Friday at 16:00 Danish time.
    expect(r).toMatchObject({ status: 'queued', send_after: '2026-11-27T15:00:00.000Z' });
    expect(r.body).toMatch(/mandag 30\. november kl\. 10:00/);
    expect(fitSms(r.body).septets).toBeLessThanOrEqual(160);
    const view = (await as('mette', 'GET', `/api/cases/${c.id}`)).json();
    expect(view.citizen).toMatchObject({ smsOptIn: true, smsOptChangedAt: expect.any(String) });
  });

  it('a rebooked meeting cancels the old reminder and queues a new one; the move is a case action with its reason', async () => {
    const [old] = await reminders();
    const res = await as('mette', 'POST', `/api/cases/${c.id}/meetings/${old.meeting_id}/rebook`, { version: await version(), plannedFor: '2026-12-01', time: '11:00', reason: 'Borgeren er til lægen mandag' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await reminders();
    expect(after.find((r) => r.id === old.id)!.status).toBe('cancelled');
    expect(after.filter((r) => r.status === 'queued')).toEqual([expect.objectContaining({ send_after: '2026-11-30T15:00:00.000Z' })]);
    const actions = (await as('mette', 'GET', `/api/cases/${c.id}`)).json().actions;
    expect(actions.at(-1).payload).toMatchObject({ type: 'meeting-rebooked', reason: 'Borgeren er til lægen mandag', to: '2026-12-01T10:00:00.000Z' });
  });

  it('the same caseworker cannot be booked twice at once, nor outside working hours or on a closed day', async () => {
    const clash = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: await version(), plannedFor: '2026-12-01', time: '11:30', form: 'phone' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors[0].path).toBe('startsAt');
    const evening = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: await version(), plannedFor: '2026-12-01', time: '19:00', form: 'phone' });
    expect(evening.statusCode).toBe(400);
    const christmas = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: await version(), plannedFor: '2026-12-24', time: '10:00', form: 'phone' });
    expect(christmas.statusCode).toBe(400);
  });

  it('a cancelled meeting sends no reminder; saying no to SMS cancels the reminders not yet sent', async () => {
    const second = await as('mette', 'POST', `/api/cases/${c.id}/meetings`, { version: await version(), plannedFor: '2026-12-03', time: '09:00', form: 'phone' });
    expect(second.statusCode, second.body).toBe(201);
    const queued = (await reminders()).filter((r) => r.status === 'queued');
    expect(queued.length).toBe(2);
    const cancel = await as('mette', 'POST', `/api/cases/${c.id}/meetings/${queued[1].meeting_id}/cancel`, { version: await version(), reason: 'Borgeren er raskmeldt' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await reminders()).filter((r) => r.status === 'queued').length).toBe(1);
    await as('mette', 'POST', `/api/cases/${c.id}/sms-consent`, { optIn: false });
    expect((await reminders()).filter((r) => r.status === 'queued')).toEqual([]);
  });

  it('the analyst sees that messages exist, not the number or the text', async () => {
    const list = (await as('anne', 'GET', `/api/cases/${c.id}/messages`)).json();
    expect(list.length).toBeGreaterThan(0);
    for (const m of list) { expect(m.body).toBeUndefined(); expect(m.recipient).toBeUndefined(); }
  });
});
