/**
 * The outbox worker against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL) and the real stand-in
 * gateway over HTTP: retries with backoff, two workers at once, a worker killed with SIGKILL mid-send, cancelled and
 * rebooked reminders, final failure as a task on the worklist, receipts. What is checked is what a citizen would
 * notice: how many SMS the gateway received, and what each said.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { engineName, openTestDb } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { openPglite, openPostgres, type Database } from '../../src/db/engine.ts';
import { enqueueMessage, cancelMeetingMessages } from '../../src/db/outbox.ts';
import { manualClock } from '../../src/clock.ts';
import { createOutboxWorker, exponentialBackoff, OPTED_OUT } from '../../src/jobs/outbox.ts';
import { httpSmsGateway, smsSender } from '../../src/integrations/sms/gateway.ts';
import { startSmsStandIn, type SmsStandIn } from '../../src/integrations/sms/standIn.ts';
import { FAILED_SMS_TASK, recordReceipt } from '../../src/app/outbox.ts';
import { DomainError } from '../../src/domain/errors.ts';

const T0 = '2026-12-03T16:00:00+01:00';
const MINUTE = 60_000;
const TOKEN = 'test-token-0123456789';

let testDb: Awaited<ReturnType<typeof openTestDb>>;
let db: Database;
let clock: ReturnType<typeof manualClock>;
let gw: SmsStandIn | null = null;
/** An open case of the demo with its citizen, who has said yes to SMS. */
let subject: { caseId: number; citizenId: number; caseworkerId: number };
let keySeq = 0;

beforeAll(async () => {
  testDb = await openTestDb();
  db = testDb.db;
  await migrate(db);
  clock = manualClock(T0);
  await seedDemo(db, { scale: 'small', today: clock.today() });
  [subject] = await db.query<typeof subject>(
    `SELECT c.id AS "caseId", c.citizen_id AS "citizenId", c.caseworker_id AS "caseworkerId" FROM sb_case c
      WHERE c.status = 'open' AND c.caseworker_id IS NOT NULL ORDER BY c.id LIMIT 1`);
  await db.query('UPDATE citizen SET sms_opt_in = true WHERE id = $1', [subject.citizenId]);
});
afterAll(async () => {
  await gw?.close();
  await testDb.drop();
});
beforeEach(async () => {
  await gw?.close();
  gw = null;
  clock.set(T0);
  // Each test sees only its own messages: whatever an earlier test (or the demo) left queued is set aside.
  await db.query(`UPDATE outbox_message SET status = 'cancelled', cancelled_reason = 'test' WHERE status IN ('queued', 'sending')`);
});

async function standIn(opts: Parameters<typeof startSmsStandIn>[0] = {}) {
  gw = await startSmsStandIn({ token: TOKEN, ...opts });
  return gw;
}

function worker(over: Partial<Parameters<typeof createOutboxWorker>[0]> = {}) {
  return createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: gw!.url, token: TOKEN })) }, batch: 10, leaseMs: MINUTE, maxAttempts: 5, ...over });
}

async function enqueue(n: number, over: { sendAfter?: Date; recipient?: string; meetingId?: number | null; caseId?: number | null; citizenId?: number | null; on?: Database } = {}) {
  const ids: number[] = [];
  await (over.on ?? db).transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const key = `test-${engineName}-${++keySeq}`;
      ids.push(await enqueueMessage(tx, {
        channel: 'sms', purpose: 'meeting-reminder',
        caseId: over.caseId === undefined ? subject.caseId : over.caseId,
        citizenId: over.citizenId === undefined ? subject.citizenId : over.citizenId,
        meetingId: over.meetingId ?? null, recipient: over.recipient ?? '12 34 56 78',
        body: `Påmindelse ${key}: Du har møde i jobcentret i morgen kl. 10:00.`, idempotencyKey: key,
        sendAfter: over.sendAfter ?? clock.now(), now: clock.now(),
      }));
    }
  });
  return ids;
}

const row = async (id: number) => (await db.query<{ status: string; attempts: number; nextAttemptAt: string; providerId: string | null; sentAt: string | null; lastError: string | null; deliveredAt: string | null }>(
  `SELECT status, attempts, next_attempt_at AS "nextAttemptAt", provider_id AS "providerId", sent_at AS "sentAt", last_error AS "lastError", delivered_at AS "deliveredAt"
     FROM outbox_message WHERE id = $1`, [id]))[0];

async function newMeeting(): Promise<number> {
  const [m] = await db.query<{ id: number }>(
    `INSERT INTO follow_up_meeting (case_id, status, planned_for, form, recorded_at) VALUES ($1, 'planned', $2, 'phone', $3) RETURNING id`,
    [subject.caseId, '2026-12-04', clock.now()]);
  return m.id;
}

describe(`outbox worker (${engineName})`, () => {
  it('a gateway that fails twice, then accepts, delivers exactly one SMS after 1 and 2 minutes of backoff', async () => {
    const sms = await standIn({ failFirst: 2 });
    const w = worker({ backoff: exponentialBackoff(MINUTE) });
    const [id] = await enqueue(1);

    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: new Date(Date.parse(T0) + MINUTE).toISOString() });
    expect(await row(id).then((r) => r.lastError)).toContain('503');
    // Not due yet: nothing happens, however often the worker looks.
    expect((await w.runOnce()).claimed).toBe(0);
    clock.advance(MINUTE - 1);
    expect((await w.runOnce()).claimed).toBe(0);

    clock.advance(1);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: new Date(Date.parse(T0) + 3 * MINUTE).toISOString() });

    clock.advance(2 * MINUTE);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const done = await row(id);
    expect(done).toMatchObject({ status: 'sent', attempts: 3, sentAt: new Date(Date.parse(T0) + 3 * MINUTE).toISOString(), lastError: null });
    expect(done.providerId).toBeTruthy();
    expect(sms.messages()).toHaveLength(1);
    expect(sms.messages()[0]).toMatchObject({ to: '+4512345678', text: expect.stringContaining('Påmindelse') });
    expect(sms.requests()).toBe(3);
    expect((await w.runOnce()).claimed).toBe(0);
  });

  it('two workers (on PostgreSQL each with its own connection pool) deliver 60 due messages once each', async () => {
    const sms = await standIn({ delayMs: 3 });
    const other = testDb.url ? openPostgres(testDb.url) : db;
    try {
      const ids = await enqueue(60);
      const a = worker({ batch: 7, parallel: 3 });
      const b = createOutboxWorker({ db: other, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: TOKEN })) }, batch: 7, leaseMs: MINUTE, parallel: 3 });
      const drain = async (w: typeof a) => { let sent = 0; for (;;) { const r = await w.runOnce(); sent += r.sent; if (r.claimed === 0) return sent; } };
      const [sentA, sentB] = await Promise.all([drain(a), drain(b)]);
      expect(sentA + sentB).toBe(60);
      expect(sentA, 'both workers took part').toBeGreaterThan(0);
      expect(sentB, 'both workers took part').toBeGreaterThan(0);
      expect(sms.requests()).toBe(60); // not even a repeat the gateway had to drop
      const keys = sms.messages().map((m) => m.idempotencyKey);
      expect(new Set(keys).size).toBe(60);
      const rows = await db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM outbox_message WHERE id = ANY($1::bigint[])', [ids]);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('a worker killed with SIGKILL while the gateway is answering: after the lease, a new worker loses nothing and sends nothing twice', async () => {
    const sms = await standIn({ delayMs: 60_000 });
    // The killed process needs a database of its own process can reach: the PostgreSQL test database, or a PGlite
    // folder (one process at a time: the test closes it while the child runs).
    const dir = mkdtempSync(join(tmpdir(), 'retur-outbox-kill-'));
    let crashDb: Database = db;
    try {
      if (!testDb.url) {
        crashDb = await openPglite(join(dir, 'db'));
        await migrate(crashDb);
      }
      const ids = await enqueue(5, { caseId: null, citizenId: null, on: crashDb });
      if (!testDb.url) await crashDb.close();

      const src = (p: string) => pathToFileURL(resolve(p)).href;
      const child = join(dir, 'child.mts');
      writeFileSync(child, `
        import { openPglite, openPostgres } from '${src('src/db/engine.ts')}';
        import { manualClock } from '${src('src/clock.ts')}';
        import { createOutboxWorker } from '${src('src/jobs/outbox.ts')}';
        import { httpSmsGateway, smsSender } from '${src('src/integrations/sms/gateway.ts')}';
        const db = process.env.KILL_DB_URL ? openPostgres(process.env.KILL_DB_URL) : await openPglite(process.env.KILL_DB_DIR);
        const w = createOutboxWorker({ db, clock: manualClock(process.env.KILL_NOW!), senders: { sms: smsSender(httpSmsGateway({ url: process.env.KILL_SMS_URL!, token: '${TOKEN}', timeoutMs: 120_000 })) }, batch: 10, leaseMs: ${MINUTE}, parallel: 5 });
        await w.runOnce();
        process.stdout.write('finished\\n');
      `);
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        cwd: resolve('.'), stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KILL_DB_URL: testDb.url ?? '', KILL_DB_DIR: join(dir, 'db'), KILL_NOW: T0, KILL_SMS_URL: sms.url },
      });
      let output = '';
      proc.stdout.on('data', (d) => { output += d; });
      proc.stderr.on('data', (d) => { output += d; });
      let gone = false;
      const exited = new Promise<NodeJS.Signals | null>((res) => proc.on('exit', (_code, signal) => { gone = true; res(signal); }));
      // The gateway has accepted (and recorded) all five; the worker is waiting for the answers: kill it now.
      for (let waited = 0; sms.messages().length < 5; waited += 50) {
        if (waited > 30_000 || gone) throw new Error(`the child never reached the gateway: ${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(output).not.toContain('finished');
      sms.setDelay(0);

      if (!testDb.url) crashDb = await openPglite(join(dir, 'db'));
      const statuses = await crashDb.query<{ status: string }>('SELECT status FROM outbox_message WHERE id = ANY($1::bigint[])', [ids]);
      expect(statuses.map((s) => s.status)).toEqual(['sending', 'sending', 'sending', 'sending', 'sending']);

      const restart = createOutboxWorker({ db: crashDb, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: TOKEN })) }, batch: 10, leaseMs: MINUTE });
      // While the dead worker's lease runs, nobody touches its messages.
      clock.advance(MINUTE / 2);
      expect((await restart.runOnce()).claimed).toBe(0);
      clock.advance(MINUTE / 2 + 1);
      expect(await restart.runOnce()).toMatchObject({ claimed: 5, sent: 5 });

      const after = await crashDb.query<{ status: string; attempts: number; body: string; key: string }>(
        'SELECT status, attempts, body, idempotency_key AS key FROM outbox_message WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
      expect(after.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
      // Ten requests reached the gateway, five SMS went out: each key's text exactly once.
      expect(sms.requests()).toBe(10);
      expect(sms.messages().map((m) => [m.idempotencyKey, m.text]).sort()).toEqual(after.map((r) => [r.key, r.body]).sort());
    } finally {
      if (crashDb !== db) await crashDb.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reminder cancelled before its time is never sent; a rebooked meeting sends only the new one', async () => {
    const sms = await standIn();
    const w = worker();
    const cancelled = await newMeeting();
    const rebooked = await newMeeting();
    const [gone] = await enqueue(1, { meetingId: cancelled, sendAfter: new Date(Date.parse(T0) + 60 * MINUTE) });
    const [old] = await enqueue(1, { meetingId: rebooked, sendAfter: new Date(Date.parse(T0) + 60 * MINUTE) });
    await db.transaction(async (tx) => {
      expect(await cancelMeetingMessages(tx, cancelled, 'Mødet er aflyst', clock.now())).toBe(1);
      expect(await cancelMeetingMessages(tx, rebooked, 'Mødet er flyttet', clock.now())).toBe(1);
    });
    const [fresh] = await enqueue(1, { meetingId: rebooked, sendAfter: new Date(Date.parse(T0) + 120 * MINUTE) });

    clock.advance(3 * 60 * MINUTE);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await row(gone)).status).toBe('cancelled');
    expect((await row(old)).status).toBe('cancelled');
    expect((await row(fresh)).status).toBe('sent');
    const [freshKey] = await db.query<{ k: string }>('SELECT idempotency_key AS k FROM outbox_message WHERE id = $1', [fresh]);
    expect(sms.messages().map((m) => m.idempotencyKey)).toEqual([freshKey.k]);
  });

  it('a reminder whose meeting has already begun (the gateway was down for hours) is cancelled, not sent', async () => {
    const sms = await standIn();
    const w = worker();
    const meeting = await newMeeting();
    await db.query('UPDATE follow_up_meeting SET starts_at = $2 WHERE id = $1', [meeting, new Date(Date.parse(T0) + 90 * MINUTE)]);
    const [late] = await enqueue(1, { meetingId: meeting, sendAfter: new Date(Date.parse(T0) + 60 * MINUTE) });
    clock.advance(2 * 60 * MINUTE);
    await w.runOnce();
    expect(await row(late)).toMatchObject({ status: 'cancelled' });
    expect(sms.messages()).toEqual([]);
  });

  it('a reminder in the gateway at this moment cannot be cancelled (409), and no transaction is held while it is sent', async () => {
    const sms = await standIn({ delayMs: 400 });
    const w = worker();
    const meeting = await newMeeting();
    const [id] = await enqueue(1, { meetingId: meeting });
    const round = w.runOnce();
    for (let waited = 0; sms.messages().length === 0; waited += 10) {
      if (waited > 10_000) throw new Error('never reached the gateway');
      await new Promise((r) => setTimeout(r, 10));
    }
    // The database answers while the worker waits for the gateway (on PGlite: one connection, so nothing is held).
    const refusal = await db.transaction((tx) => cancelMeetingMessages(tx, meeting, 'Mødet er aflyst', clock.now())).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).kind).toBe('conflict');
    expect(await round).toMatchObject({ sent: 1 });
    expect((await row(id)).status).toBe('sent');
  });

  it('a citizen who withdrew consent after the reminder was queued gets no SMS', async () => {
    const sms = await standIn();
    const [other] = await db.query<{ citizenId: number; caseId: number }>(
      `SELECT citizen_id AS "citizenId", id AS "caseId" FROM sb_case WHERE status = 'open' AND citizen_id <> $1 ORDER BY id LIMIT 1`, [subject.citizenId]);
    await db.query('UPDATE citizen SET sms_opt_in = true WHERE id = $1', [other.citizenId]);
    const [id] = await enqueue(1, { caseId: other.caseId, citizenId: other.citizenId });
    await db.query('UPDATE citizen SET sms_opt_in = false, sms_opt_changed_at = $2 WHERE id = $1', [other.citizenId, clock.now()]);
    expect(await worker().runOnce()).toMatchObject({ claimed: 0, cancelled: 1 });
    expect(await db.query('SELECT status, cancelled_reason AS reason FROM outbox_message WHERE id = $1', [id])).toEqual([{ status: 'cancelled', reason: OPTED_OUT }]);
    expect(sms.requests()).toBe(0);
  });

  it('after the last attempt the message fails, and the caseworker gets a task and a message-failed action, by the system', async () => {
    const sms = await standIn({ failFirst: 1000 });
    const w = worker({ maxAttempts: 3, backoff: exponentialBackoff(MINUTE) });
    const [before] = await db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [subject.caseId]);
    const [id] = await enqueue(1);
    for (const wait of [0, 1, 2]) {
      clock.advance(wait * MINUTE);
      expect((await w.runOnce()).claimed).toBe(1);
    }
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await row(id)).lastError).toContain('opgivet efter 3 forsøg');
    expect(sms.messages()).toHaveLength(0);
    clock.advance(60 * MINUTE);
    expect((await w.runOnce()).claimed).toBe(0);

    const actions = await db.query<{ seq: number; type: string; actorId: number | null; payload: { messageId?: number; title?: string } }>(
      `SELECT seq, type, actor_id AS "actorId", payload FROM case_action WHERE case_id = $1 AND seq > $2 ORDER BY seq`, [subject.caseId, before.version]);
    expect(actions.map((a) => [a.type, a.actorId])).toEqual([['message-failed', null], ['task-created', null]]);
    expect(actions[0].payload.messageId).toBe(id);
    const [c] = await db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [subject.caseId]);
    expect(c.version).toBe(before.version + 2);
    // On the caseworker's worklist: an open task on their open case, due today.
    const tasks = await db.query<{ title: string; due: string }>(
      `SELECT t.title, t.due FROM case_task t JOIN sb_case c ON c.id = t.case_id
        WHERE c.caseworker_id = $1 AND c.status = 'open' AND t.done_at IS NULL AND t.title = $2`, [subject.caseworkerId, FAILED_SMS_TASK]);
    expect(tasks).toEqual([{ title: FAILED_SMS_TASK, due: clock.today() }]);
    const audits = await db.query<{ userId: number | null; endpoint: string }>(
      `SELECT user_id AS "userId", endpoint FROM audit_entry WHERE entity = 'case' AND entity_id = $1 AND details->>'action' = 'message-failed'`, [String(subject.caseId)]);
    expect(audits).toEqual([{ userId: null, endpoint: 'job outbox' }]);
    const [plan] = await db.query<{ n: number }>('SELECT count(*) AS n FROM case_plan WHERE case_id = $1', [subject.caseId]);
    expect(plan.n).toBe(1);
  });

  it('a number no gateway can deliver fails at once, without retries', async () => {
    const sms = await standIn();
    const [id] = await enqueue(1, { recipient: '1234' });
    expect(await worker().runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(sms.requests()).toBe(0);
  });

  it('the gateway adapter: a refusal (4xx) fails the message at once, a timeout is tried again later', async () => {
    const sms = await standIn({ delayMs: 300 });
    const [refused] = await enqueue(1);
    // A wrong token: the provider answers 401, and trying again cannot help.
    const wrongToken = createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: 'wrong' })) }, maxAttempts: 5 });
    expect(await wrongToken.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await row(refused)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('401') });

    const [slow] = await enqueue(1);
    const impatient = createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: sms.url, token: TOKEN, timeoutMs: 50 })) }, backoff: exponentialBackoff(MINUTE) });
    expect(await impatient.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await row(slow)).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('50 ms') });
    // The gateway did get it before the answer timed out; the retry carries the same key and is not a second SMS.
    sms.setDelay(0);
    clock.advance(MINUTE);
    expect(await impatient.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sms.messages()).toHaveLength(1);
    expect(sms.requests()).toBe(3);
  });

  it('delivery receipts mark a message delivered, or failed with a task; a receipt that outruns the worker is refused until it has written the id', async () => {
    const sms = await standIn();
    const w = worker();
    const [a, b] = await enqueue(2);
    await w.runOnce();
    const [ra, rb] = [await row(a), await row(b)];
    const at = { now: clock.now(), today: clock.today() };
    expect(await recordReceipt(db, at, { id: ra.providerId!, status: 'delivered' })).toEqual({ messageId: a, status: 'delivered' });
    expect(await recordReceipt(db, at, { id: ra.providerId!, status: 'delivered' })).toEqual({ messageId: a, status: 'delivered' });
    expect(await row(a)).toMatchObject({ status: 'delivered', deliveredAt: clock.now().toISOString() });
    expect(await recordReceipt(db, at, { id: rb.providerId!, status: 'failed', error: 'Nummeret findes ikke' })).toEqual({ messageId: b, status: 'failed' });
    expect((await row(b)).lastError).toContain('Nummeret findes ikke');
    const unknown = await recordReceipt(db, at, { id: 'no-such-id', status: 'delivered' }).catch((e: unknown) => e);
    expect((unknown as DomainError).kind).toBe('not-found');
    expect(sms.messages()).toHaveLength(2);
  });

  it('start() works the outbox in the background until stop()', async () => {
    const sms = await standIn();
    const w = worker({ batch: 4 });
    await enqueue(9);
    w.start(20);
    for (let waited = 0; sms.messages().length < 9; waited += 20) {
      if (waited > 10_000) throw new Error('the running worker did not send');
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.stop();
    await enqueue(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(sms.messages()).toHaveLength(9);
  });
});
