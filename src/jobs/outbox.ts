/**
 * The outbox worker: sends the messages that are due (SMS, Digital Post letters, e-mail), each exactly once, each
 * through the sender of its channel.
 *
 * The outbox table is the queue, on PGlite and PostgreSQL alike (one code path, tested on both): a message is claimed
 * in a short transaction (`FOR UPDATE SKIP LOCKED`, status 'sending', attempts + 1, a lease `locked_until`), handed to
 * the gateway OUTSIDE any transaction (PGlite has one connection, and a transaction held over an HTTP call would stop
 * every request of the app meanwhile), and the result written afterwards, fenced by the attempt number so a worker
 * whose lease was taken over changes nothing. Several app instances on one PostgreSQL each run a worker: SKIP LOCKED
 * keeps them off each other's rows and the lease keeps them off messages in flight.
 *
 * Exactly once rests on three things together: the row is written in the same transaction as the action that causes
 * it (never lost, never sent for a rolled-back action); the claim with a lease (one sender at a time); and the
 * idempotency key the gateway honours, so the one remaining gap, a crash after the gateway accepted but before the
 * worker wrote 'sent', ends in a re-send with the same key once the lease runs out, which the gateway drops.
 */
import type { Database } from '../db/engine.ts';
import type { Clock } from '../clock.ts';
import { DeliveryError, type Sender } from '../integrations/delivery.ts';
import type { Channel } from '../db/outbox.ts';
import { failMessage, safeError } from '../app/outbox.ts';

export interface OutboxWorkerOptions {
  db: Database;
  clock: Clock;
  /** One sender per channel; messages of a channel without one wait in the outbox. */
  senders: Partial<Record<Channel, Sender>>;
  /** Messages claimed per round. */
  batch?: number;
  /**
   * How long a claimed message is ours. A round records its results at the end, so the lease must cover a whole round:
   * ceil(batch / parallel) × the gateway's timeout (defaults: 3 × 10 s against 60 s).
   */
  leaseMs?: number;
  /** Attempts before a message finally fails (a permanent refusal fails it at once). */
  maxAttempts?: number;
  /** The wait after the n-th failed attempt, in ms. */
  backoff?: (attempt: number) => number;
  /** Messages of one round handed to the gateway at the same time. */
  parallel?: number;
  /** Where a round that failed as a whole is reported (the database unreachable). */
  onError?: (err: unknown) => void;
}

export interface RoundResult { claimed: number; sent: number; retried: number; failed: number; cancelled: number }

/** 1, 2, 4, 8 … minutes after the first, second, third … failed attempt, at most an hour. */
export const exponentialBackoff = (baseMs = 60_000, capMs = 60 * 60_000) => (attempt: number) =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), capMs);

/** Why a message is not sent after all: the citizen withdrew consent after it was queued. */
export const OPTED_OUT = 'Borgeren har fravalgt sms';
export const TOO_LATE = 'Samtalen var begyndt, før påmindelsen kunne sendes';

interface Claimed { id: number; channel: Channel; recipient: string; body: string; idempotencyKey: string; attempts: number }

export function createOutboxWorker(opts: OutboxWorkerOptions) {
  const { db, clock, senders } = opts;
  const channels = Object.keys(senders).filter((c) => senders[c as Channel]);
  const batch = opts.batch ?? 20;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const backoff = opts.backoff ?? exponentialBackoff();
  const parallel = Math.max(1, opts.parallel ?? 8);

  /** One short transaction: pick due messages nobody holds, take a lease on them, commit. */
  async function claim(now: Date): Promise<{ claimed: Claimed[]; cancelled: number }> {
    return db.transaction(async (tx) => {
      const due = await tx.query<{ id: number; optedOut: boolean; tooLate: boolean }>(
        `SELECT m.id, (m.channel = 'sms' AND ci.id IS NOT NULL AND NOT ci.sms_opt_in) AS "optedOut",
                (m.purpose = 'meeting-reminder' AND fm.starts_at IS NOT NULL AND fm.starts_at <= $1) AS "tooLate"
           FROM outbox_message m LEFT JOIN citizen ci ON ci.id = m.citizen_id LEFT JOIN follow_up_meeting fm ON fm.id = m.meeting_id
          WHERE m.channel = ANY($3::text[]) AND m.status IN ('queued', 'sending') AND m.next_attempt_at <= $1
            AND (m.locked_until IS NULL OR m.locked_until < $1)
          ORDER BY m.id LIMIT $2 FOR UPDATE OF m SKIP LOCKED`, [now, batch, channels]);
      // Consent withdrawn, or the meeting has begun (a gateway down for hours): the reminder would only confuse.
      const optedOut = due.filter((d) => d.optedOut).map((d) => d.id);
      const tooLate = due.filter((d) => !d.optedOut && d.tooLate).map((d) => d.id);
      const ids = due.filter((d) => !d.optedOut && !d.tooLate).map((d) => d.id);
      for (const [list, reason] of [[optedOut, OPTED_OUT], [tooLate, TOO_LATE]] as const) {
        if (list.length) await tx.query(`UPDATE outbox_message SET status = 'cancelled', cancelled_reason = $2, locked_until = NULL WHERE id = ANY($1::bigint[])`, [list, reason]);
      }
      if (!ids.length) return { claimed: [], cancelled: optedOut.length + tooLate.length };
      const claimed = await tx.query<Claimed>(
        `UPDATE outbox_message SET status = 'sending', attempts = attempts + 1, locked_until = $2
          WHERE id = ANY($1::bigint[])
          RETURNING id, channel, recipient, body, idempotency_key AS "idempotencyKey", attempts`, [ids, new Date(now.getTime() + leaseMs)]);
      return { claimed: claimed.sort((a, b) => a.id - b.id), cancelled: optedOut.length + tooLate.length };
    });
  }

  /**
   * Hands one message to the gateway (no transaction open). An accepted message is returned for recording with the
   * rest of the round (one UPDATE instead of one per message); a refusal is written down at once.
   */
  async function deliver(m: Claimed): Promise<{ providerId: string; at: Date } | 'retried' | 'failed' | 'lost-lease'> {
    try {
      const { providerId } = await senders[m.channel]!({ recipient: m.recipient, body: m.body, idempotencyKey: m.idempotencyKey });
      return { providerId, at: clock.now() };
    } catch (err) {
      const gatewayErr = err instanceof DeliveryError ? err : null;
      const message = gatewayErr?.message ?? 'Uventet fejl ved afsendelse';
      if (gatewayErr?.permanent || m.attempts >= maxAttempts) {
        const now = clock.now();
        const text = gatewayErr?.permanent ? message : `${message} (opgivet efter ${m.attempts} forsøg)`;
        return (await failMessage(db, { now, today: clock.today() }, m.id, text, { attempts: m.attempts })) ? 'failed' : 'lost-lease';
      }
      const now = clock.now();
      const rows = await db.query(
        `UPDATE outbox_message SET status = 'queued', next_attempt_at = $3, locked_until = NULL, last_error = $4
          WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
        [m.id, m.attempts, new Date(now.getTime() + backoff(m.attempts)), safeError(message)]);
      return rows.length ? 'retried' : 'lost-lease';
    }
  }

  /** 'sent' for the accepted messages whose lease is still ours (the attempt number fences out a taken-over one). */
  async function recordSent(sent: { m: Claimed; providerId: string; at: Date }[]): Promise<number> {
    if (!sent.length) return 0;
    const rows = await db.query(
      `UPDATE outbox_message m SET status = 'sent', provider_id = v.provider_id, sent_at = v.sent_at, locked_until = NULL, last_error = NULL
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[]) AS v(id, attempts, provider_id, sent_at)
        WHERE m.id = v.id AND m.status = 'sending' AND m.attempts = v.attempts RETURNING m.id`,
      [sent.map((s) => s.m.id), sent.map((s) => s.m.attempts), sent.map((s) => s.providerId), sent.map((s) => s.at)]);
    return rows.length;
  }

  /**
   * One round: claim what is due, send it, record it. If recording fails (or the process dies) the lease runs out
   * and the message is sent again with the same idempotency key, which the gateway drops.
   */
  async function runOnce(): Promise<RoundResult> {
    const { claimed, cancelled } = await claim(clock.now());
    const result: RoundResult = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, cancelled };
    const accepted: { m: Claimed; providerId: string; at: Date }[] = [];
    let next = 0;
    let firstError: unknown = null;
    const lane = async () => {
      while (next < claimed.length) {
        const m = claimed[next++];
        try {
          const outcome = await deliver(m);
          if (typeof outcome === 'object') accepted.push({ m, ...outcome });
          else if (outcome !== 'lost-lease') result[outcome]++;
        } catch (err) {
          firstError ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, claimed.length) }, lane));
    result.sent = await recordSent(accepted);
    if (firstError) throw firstError;
    return result;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  /** Rounds until nothing more is due right now. */
  async function drain() {
    for (;;) {
      const r = await runOnce();
      if (r.claimed + r.cancelled < batch || stopped) return;
    }
  }

  return {
    runOnce,
    /** Works the outbox every `intervalMs` (at once when a round was full) until stop(). */
    start(intervalMs = 5_000) {
      if (!stopped) return;
      stopped = false;
      const tick = () => {
        running = drain()
          .catch((err) => opts.onError?.(err))
          .finally(() => {
            running = null;
            if (!stopped) { timer = setTimeout(tick, intervalMs); timer.unref(); }
          });
      };
      tick();
    },
    /** Stops after the round in flight has recorded its results. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
