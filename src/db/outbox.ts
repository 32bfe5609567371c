/**
 * The outbox: every outgoing message is a row written in the same transaction as the case action that causes it, so
 * a message is never sent for an action that rolled back and never lost for one that committed. The worker in
 * src/jobs/ sends what is due; the idempotency key goes with it to the gateway.
 */
import type { Queryable } from './engine.ts';
import { DomainError } from '../domain/errors.ts';

export type Channel = 'sms' | 'digital-post' | 'email';
export interface NewMessage {
  channel: Channel;
  /** What the message is for, e.g. 'meeting-reminder'. */
  purpose: string;
  caseId: number | null;
  citizenId: number | null;
  meetingId?: number | null;
  /** The letter a Digital Post message carries. */
  letterId?: number | null;
  recipient: string;
  body: string;
  /** Unique per message: the gateway drops a second delivery with the same key. */
  idempotencyKey: string;
  sendAfter: Date;
  now: Date;
}

export async function enqueueMessage(tx: Queryable, m: NewMessage): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO outbox_message (channel, purpose, case_id, citizen_id, meeting_id, letter_id, recipient, body, idempotency_key, send_after, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
    [m.channel, m.purpose, m.caseId, m.citizenId, m.meetingId ?? null, m.letterId ?? null, m.recipient, m.body, m.idempotencyKey, m.sendAfter, m.now]);
  return row.id;
}

/**
 * Cancels the messages of a meeting that have not gone yet (a rebooked or cancelled meeting: the old reminder must
 * never be sent after the change). A message the worker is handing to the gateway at this moment (status 'sending'
 * with a live lease) cannot be called back, so the change is refused with 409 and can be tried again a moment later;
 * once the change has committed, the old reminder is cancelled and the worker never claims it.
 */
export async function cancelMeetingMessages(tx: Queryable, meetingId: number, reason: string, now: Date, purpose = 'meeting-reminder'): Promise<number> {
  const inFlight = await tx.query<{ id: number }>(
    `SELECT id FROM outbox_message WHERE meeting_id = $1 AND purpose = $2 AND status = 'sending' AND locked_until > $3 FOR UPDATE`, [meetingId, purpose, now]);
  if (inFlight.length) throw new DomainError('conflict', 'Påmindelsen om mødet bliver sendt netop nu. Prøv igen om et øjeblik.');
  const rows = await tx.query<{ id: number }>(
    `UPDATE outbox_message SET status = 'cancelled', cancelled_reason = $3
      WHERE meeting_id = $1 AND purpose = $2 AND status IN ('queued', 'sending') RETURNING id`, [meetingId, purpose, reason]);
  return rows.length;
}
