/**
 * The outbox figure for `npm run bench`: messages per second from the outbox table, through the worker and the HTTP
 * adapter, into the local stand-in gateway (src/integrations/sms/standIn.ts), on a fresh PGlite in memory unless a
 * database is given. What it measures is retur's side (claim, send, record), since the stand-in answers at once.
 */
import { openPglite, type Database } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertRows } from '../src/db/bulk.ts';
import { clockFromEnv } from '../src/clock.ts';
import { createOutboxWorker } from '../src/jobs/outbox.ts';
import { httpSmsGateway, smsSender } from '../src/integrations/sms/gateway.ts';
import { startSmsStandIn } from '../src/integrations/sms/standIn.ts';

export interface OutboxBench {
  engine: string;
  messages: number;
  sentByGateway: number;
  batch: number;
  parallel: number;
  seconds: number;
  messagesPerSecond: number;
}

export async function benchOutbox(opts: { db?: Database; messages?: number; batch?: number; parallel?: number } = {}): Promise<OutboxBench> {
  const n = opts.messages ?? Number(process.env.BENCH_OUTBOX_MESSAGES || 2000);
  const batch = opts.batch ?? 50;
  const parallel = opts.parallel ?? 16;
  const db = opts.db ?? await openPglite();
  const clock = clockFromEnv();
  const gateway = await startSmsStandIn({ token: 'bench' });
  try {
    if (!opts.db) await migrate(db);
    const now = clock.now();
    const run = `bench-${now.getTime()}`;
    // Messages without a case or citizen: only the outbox's own work is measured, not the demo's reminders.
    const rows = Array.from({ length: n }, (_, i) => ['sms', 'bench', null, null, null, `2${String(i).padStart(7, '0')}`,
      `Påmindelse ${i}: Du har samtale med jobcentret i morgen kl. 10:00. Vi ringer til dig. Hilsen kommunen`, `${run}-${i}`, now, now, now]);
    await db.transaction((tx) => insertRows(tx, 'outbox_message',
      ['channel', 'purpose', 'case_id', 'citizen_id', 'meeting_id', 'recipient', 'body', 'idempotency_key', 'send_after', 'next_attempt_at', 'created_at'], rows));
    const worker = createOutboxWorker({ db, clock, senders: { sms: smsSender(httpSmsGateway({ url: gateway.url, token: 'bench' })) }, batch, parallel });
    const t0 = performance.now();
    let sent = 0;
    for (;;) {
      const r = await worker.runOnce();
      sent += r.sent;
      if (r.claimed === 0) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      engine: db.engine, messages: n, sentByGateway: gateway.messages().length, batch, parallel,
      seconds: +seconds.toFixed(2), messagesPerSecond: Math.round(sent / seconds),
    };
  } finally {
    await gateway.close();
    if (!opts.db) await db.close();
  }
}
