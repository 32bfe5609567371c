/**
 * Outgoing messages over HTTP: a case's messages (caseworkers see number and text, analysts only status and times),
 * the administrator's outbox view, and the provider's delivery receipts by webhook, sent by the stand-in gateway to
 * the listening server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engineName, openTestDb } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer, type ServerOptions } from '../../src/api/server.ts';
import { manualClock } from '../../src/clock.ts';
import { DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_POLICY } from '../../src/app/auth.ts';
import { outboxRoutes, RECEIPTS_PATH } from '../../src/api/outbox.ts';
import { enqueueMessage } from '../../src/db/outbox.ts';
import { createOutboxWorker } from '../../src/jobs/outbox.ts';
import { httpSmsGateway, smsSender } from '../../src/integrations/sms/gateway.ts';
import { startSmsStandIn, type SmsStandIn } from '../../src/integrations/sms/standIn.ts';
import { FAILED_SMS_TASK } from '../../src/app/outbox.ts';
import type { Database } from '../../src/db/engine.ts';

const TOKEN = 'receipt-token-for-tests-42';
const PHONE = '87654321';
const BODY = 'Påmindelse: Du har samtale med jobcentret fredag kl. 10:00. Vi ringer til dig.';

let testDb: Awaited<ReturnType<typeof openTestDb>>;
let db: Database;
let app: FastifyInstance;
let sms: SmsStandIn;
const clock = manualClock('2026-12-03T16:00:00+01:00');
let nord: { caseId: number; citizenId: number };
let syd: { caseId: number };
let ids: number[];
const cookies = new Map<string, string>();

async function login(username: string) {
  if (cookies.has(username)) return cookies.get(username)!;
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'demo' } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'retur_session')!;
  cookies.set(username, `retur_session=${c.value}`);
  return cookies.get(username)!;
}
const get = async (user: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: await login(user) } });
const receipt = (payload: unknown, authorization?: string) =>
  app.inject({ method: 'POST', url: RECEIPTS_PATH, payload: payload as object, headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  testDb = await openTestDb();
  db = testDb.db;
  await migrate(db);
  await seedDemo(db, { scale: 'small', today: clock.today() });
  // The lead wires the routes into buildServer (ServerOptions.smsReceiptToken); until then the test adds them itself.
  app = await buildServer({ db, clock, web: false, smsReceiptToken: TOKEN } as ServerOptions);
  if (!app.hasRoute({ method: 'GET', url: '/api/admin/outbox' })) {
    outboxRoutes(app, { db, clock, auth: { sessions: DEFAULT_SESSION_POLICY, loginLimits: DEFAULT_LOGIN_LIMITS, loginRequestsPerMinute: 60, secureCookies: false } }, { receiptToken: TOKEN });
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  [nord] = await db.query<typeof nord>(
    `SELECT c.id AS "caseId", c.citizen_id AS "citizenId" FROM sb_case c JOIN app_user u ON u.id = c.caseworker_id AND u.username = 'mette' WHERE c.status = 'open' ORDER BY c.id LIMIT 1`);
  [syd] = await db.query<typeof syd>(
    `SELECT c.id AS "caseId" FROM sb_case c JOIN team t ON t.id = c.team_id AND t.name = 'Team Syd' WHERE c.status = 'open' ORDER BY c.id LIMIT 1`);
  await db.query('UPDATE citizen SET sms_opt_in = true WHERE id = $1', [nord.citizenId]);
  // Only this test's messages are due.
  await db.query(`UPDATE outbox_message SET status = 'cancelled', cancelled_reason = 'test' WHERE status IN ('queued', 'sending')`);
  ids = await db.transaction(async (tx) => Promise.all([1, 2].map((n) => enqueueMessage(tx, {
    channel: 'sms', purpose: 'meeting-reminder', caseId: nord.caseId, citizenId: nord.citizenId, recipient: PHONE, body: `${BODY} (${n})`,
    idempotencyKey: `api-test-${n}`, sendAfter: clock.now(), now: clock.now(),
  }))));
  sms = await startSmsStandIn({ token: TOKEN, receipts: { afterMs: 10 } });
  const worker = createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: TOKEN, callbackUrl: `${address}${RECEIPTS_PATH}` })) } });
  expect(await worker.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
  // The stand-in posts a receipt per message to the listening server; wait until both are in.
  for (let waited = 0; ; waited += 20) {
    const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM outbox_message WHERE id = ANY($1::bigint[]) AND status = 'delivered'`, [ids]);
    if (r.n === 2) break;
    if (waited > 15_000) throw new Error('receipts never arrived');
    await new Promise((res) => setTimeout(res, 20));
  }
});
afterAll(async () => {
  await sms?.close();
  await app?.close();
  await testDb?.drop();
});

describe(`outbox over HTTP (${engineName})`, () => {
  it('the caseworker sees the case\'s reminders with number, text and status delivered (receipts came by webhook)', async () => {
    const res = await get('mette', `/api/cases/${nord.caseId}/messages`);
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: number; status: string; recipient: string; body: string; channel: string; purpose: string; sentAt: string; deliveredAt: string }[];
    const mine = list.filter((m) => ids.includes(m.id));
    expect(mine).toHaveLength(2);
    for (const m of mine) {
      expect(m).toMatchObject({ channel: 'sms', purpose: 'meeting-reminder', status: 'delivered', recipient: PHONE });
      expect(m.body).toContain('Påmindelse');
      expect(m.sentAt).toBeTruthy();
      expect(m.deliveredAt).toBeTruthy();
    }
    const [audit] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_entry WHERE operation = 'read' AND entity = 'case' AND entity_id = $1 AND details->>'view' = 'messages'`, [String(nord.caseId)]);
    expect(audit.n).toBeGreaterThanOrEqual(1);
  });

  it('an analyst sees channel, purpose, status and times, never the number or the text', async () => {
    const res = await get('anne', `/api/cases/${nord.caseId}/messages`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain('Påmindelse');
    const [m] = (res.json() as Record<string, unknown>[]).filter((x) => ids.includes(x.id as number));
    expect(Object.keys(m).sort()).toEqual(['attempts', 'channel', 'createdAt', 'deliveredAt', 'id', 'meetingId', 'purpose', 'sendAfter', 'sentAt', 'status']);
  });

  it('a caseworker of another team is refused, and the refusal is audited', async () => {
    const res = await get('mette', `/api/cases/${syd.caseId}/messages`);
    expect(res.statusCode).toBe(403);
    expect((await get('mette', '/api/cases/2147483647/messages')).statusCode).toBe(404);
  });

  it('the administrator sees counts and errors without numbers or texts; others are refused', async () => {
    const res = await get('henrik', '/api/admin/outbox?status=delivered&limit=50');
    expect(res.statusCode).toBe(200);
    const view = res.json() as { counts: Record<string, number>; messages: Record<string, unknown>[] };
    expect(view.counts.delivered).toBeGreaterThanOrEqual(2);
    expect(view.messages.map((m) => m.id)).toEqual(expect.arrayContaining(ids));
    expect(view.messages.every((m) => m.status === 'delivered')).toBe(true);
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain('Påmindelse');
    expect((await get('mette', '/api/admin/outbox')).statusCode).toBe(403);
    expect((await get('anne', '/api/admin/outbox')).statusCode).toBe(403);
    const bad = await get('henrik', '/api/admin/outbox?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('status');
  });

  it('a receipt without the token, or with a wrong one, is refused and changes nothing', async () => {
    const [m] = await db.query<{ providerId: string }>('SELECT provider_id AS "providerId" FROM outbox_message WHERE id = $1', [ids[0]]);
    expect((await receipt({ id: m.providerId, status: 'failed' })).statusCode).toBe(401);
    expect((await receipt({ id: m.providerId, status: 'failed' }, `Bearer ${TOKEN}x`)).statusCode).toBe(401);
    expect((await receipt({ id: m.providerId, status: 'failed' }, TOKEN)).statusCode).toBe(401);
    const [after] = await db.query<{ status: string }>('SELECT status FROM outbox_message WHERE id = $1', [ids[0]]);
    expect(after.status).toBe('delivered');
  });

  it('a receipt with a bad body is a 400 naming the field; an unknown id is a 404 (the provider tries again)', async () => {
    const bad = await receipt({ id: 'x', status: 'lost' }, `Bearer ${TOKEN}`);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('status');
    expect((await receipt({ id: 'x', status: 'delivered', extra: 1 }, `Bearer ${TOKEN}`)).statusCode).toBe(400);
    // The body is checked before the token (its schema is public anyway): what the route safety nets send gets a 400.
    expect((await receipt({})).statusCode).toBe(400);
    expect((await receipt({ id: 'no-such-message', status: 'delivered' }, `Bearer ${TOKEN}`)).statusCode).toBe(404);
  });

  it('a failure receipt for a sent message fails it and puts a task on the caseworker\'s worklist', async () => {
    const [id] = await db.transaction(async (tx) => [await enqueueMessage(tx, {
      channel: 'sms', purpose: 'meeting-reminder', caseId: nord.caseId, citizenId: nord.citizenId, recipient: PHONE, body: BODY,
      idempotencyKey: 'api-test-3', sendAfter: clock.now(), now: clock.now(),
    })]);
    await createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: TOKEN })) } }).runOnce();
    const [m] = await db.query<{ providerId: string }>('SELECT provider_id AS "providerId" FROM outbox_message WHERE id = $1', [id]);
    const res = await receipt({ id: m.providerId, status: 'failed', error: 'Telefonen er slukket' }, `Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ messageId: id, status: 'failed' });
    const work = await get('mette', '/api/worklist?group=all');
    expect(work.statusCode).toBe(200);
    const items = (work.json() as { items: { type: string; caseId: number; why: string | null }[] }).items;
    // Mette's own case: the task is on her worklist.
    expect(items.some((i) => i.type === 'task' && i.caseId === nord.caseId && i.why === FAILED_SMS_TASK)).toBe(true);
    const [task] = await db.query<{ n: number }>('SELECT count(*) AS n FROM case_task WHERE case_id = $1 AND title = $2 AND done_at IS NULL', [nord.caseId, FAILED_SMS_TASK]);
    expect(task.n).toBe(1);
    const shown = (await get('mette', `/api/cases/${nord.caseId}/messages`)).json() as { id: number; status: string; lastError: string }[];
    expect(shown.find((x) => x.id === id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('Telefonen er slukket') });
  });
});
