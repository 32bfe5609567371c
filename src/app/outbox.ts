/**
 * Outgoing messages as the case and the administrator see them, delivery receipts, and the end of a message that
 * could not be delivered: a `message-failed` action and a task on the caseworker's worklist, so the citizen gets a
 * phone call instead. The sending itself is the worker's (src/jobs/outbox.ts).
 */
import { auditAs, type Ctx } from './context.ts';
import type { Database, Queryable } from '../db/engine.ts';
import { audit } from '../db/audit.ts';
import { commitAction, loadCase, loadCaseForUpdate, type CaseRow } from '../db/caseStore.ts';
import type { CaseActionBody } from '../domain/case.ts';
import * as W from '../domain/workspace.ts';
import { can, require, requireCaseAccess } from '../domain/permissions.ts';
import { notFound } from '../domain/errors.ts';
import type { IsoDate } from '../domain/dates.ts';
import { afterCaseChange } from './plans.ts';

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The task a finally failed reminder leaves on the caseworker's worklist. */
export const FAILED_SMS_TASK = 'SMS-påmindelse kunne ikke sendes – ring til borgeren';
/** The task a finally failed message leaves, by channel: what the caseworker should do instead. */
export const FAILED_TASKS: Record<string, string> = {
  sms: FAILED_SMS_TASK,
  'digital-post': 'Brevet kunne ikke sendes med Digital Post – send det med posten, eller ring til borgeren',
  email: 'Kvitteringen på e-mail kunne ikke sendes – ring eller skriv til borgeren',
};
/** What the audit log names as the endpoint of writes the background worker makes (no user: actor id null). */
export const OUTBOX_JOB_ENDPOINT = 'job outbox';
/** Receipts from the SMS provider (the webhook). */
export const RECEIPT_ENDPOINT = 'POST /api/integrations/sms/receipts';

/** The moment a job acts at, from the one clock. */
export interface JobTime { now: Date; today: IsoDate }

/**
 * Error text kept on the message and shown in the admin view: our own wording, but a provider's could echo the
 * number, so runs of digits that could be a phone or CPR number are masked, and the length is bounded.
 */
export const safeError = (s: string) => s.replace(/\+?\d[\d\s-]{6,}\d/g, '…').slice(0, 300);

/** A case action by the system (no user): state + action + audit entry + plan, on the caller's transaction. */
async function writeSystemActions(tx: Queryable, current: CaseRow, actions: CaseActionBody[], at: JobTime, endpoint: string): Promise<CaseRow> {
  let next = current;
  for (const action of actions) {
    next = await commitAction(tx, next, action, null, at.now);
    await audit(tx, { at: at.now, userId: null, operation: 'write', entity: 'case', entityId: next.id, citizenId: next.citizenId, endpoint, details: { action: action.type } });
  }
  // afterCaseChange reads only the day from the context (the plan's "today"); the system has no actor.
  await afterCaseChange({ today: at.today } as Pick<Ctx, 'today'> as Ctx, tx, next);
  return next;
}

/**
 * A message that will never be delivered: status 'failed', and on its case a `message-failed` action and a task
 * for the caseworker (when the case is open), all in one transaction. `expect` fences the change: the worker passes
 * the attempt it claimed (a worker whose lease was taken over changes nothing), a receipt the statuses it may end.
 * Returns false when the message was no longer in the expected state.
 */
export async function failMessage(
  db: Database, at: JobTime, messageId: number, error: string,
  expect: { attempts: number } | { statuses: MessageStatus[] }, endpoint = OUTBOX_JOB_ENDPOINT,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Lock the case before the message, the order the booking side takes them in (case, then its reminders).
    const [ref] = await tx.query<{ caseId: number | null }>('SELECT case_id AS "caseId" FROM outbox_message WHERE id = $1', [messageId]);
    if (!ref) return false;
    const state = ref.caseId != null ? await loadCaseForUpdate(tx, ref.caseId) : null;
    const [m] = await tx.query<{ id: number; channel: string; purpose: string; status: MessageStatus; attempts: number }>(
      'SELECT id, channel, purpose, status, attempts FROM outbox_message WHERE id = $1 FOR UPDATE', [messageId]);
    if (!m) return false;
    const expected = 'attempts' in expect ? m.status === 'sending' && m.attempts === expect.attempts : expect.statuses.includes(m.status);
    if (!expected) return false;
    await tx.query(`UPDATE outbox_message SET status = 'failed', last_error = $2, locked_until = NULL WHERE id = $1`, [m.id, safeError(error)]);
    if (state) {
      const actions: CaseActionBody[] = [{ type: 'message-failed', messageId: m.id, channel: m.channel, purpose: m.purpose }];
      if (state.status === 'open') {
        const [t] = await tx.query<{ id: number }>(
          'INSERT INTO case_task (case_id, title, due, created_by, created_at) VALUES ($1, $2, $3, NULL, $4) RETURNING id', [state.id, FAILED_TASKS[m.channel] ?? FAILED_SMS_TASK, at.today, at.now]);
        actions.push(W.createTask(state, t.id, FAILED_TASKS[m.channel] ?? FAILED_SMS_TASK, at.today));
      }
      await writeSystemActions(tx, state, actions, at, endpoint);
    }
    return true;
  });
}

export interface Receipt { id: string; status: 'delivered' | 'failed'; error?: string }

/**
 * A delivery receipt from the provider. An id we do not know (yet) is a 404: the receipt can outrun the worker's
 * note of the provider id, and the provider tries again. Repeats change nothing.
 */
export async function recordReceipt(db: Database, at: JobTime, r: Receipt): Promise<{ messageId: number; status: MessageStatus }> {
  const [m] = await db.query<{ id: number; status: MessageStatus }>('SELECT id, status FROM outbox_message WHERE provider_id = $1 ORDER BY id LIMIT 1', [r.id]);
  if (!m) throw notFound('Beskeden');
  if (r.status === 'delivered') {
    const [u] = await db.query<{ status: MessageStatus }>(
      `UPDATE outbox_message SET status = 'delivered', delivered_at = $2 WHERE id = $1 AND status = 'sent' RETURNING status`, [m.id, at.now]);
    return { messageId: m.id, status: u?.status ?? m.status };
  }
  const failed = await failMessage(db, at, m.id, `Ikke leveret: ${r.error ?? 'ukendt fejl hos udbyderen'}`, { statuses: ['sent'] }, RECEIPT_ENDPOINT);
  return { messageId: m.id, status: failed ? 'failed' : m.status };
}

export interface CaseMessage {
  id: number;
  channel: string;
  purpose: string;
  meetingId: number | null;
  status: MessageStatus;
  attempts: number;
  sendAfter: string;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  /** Only for roles that may identify the citizen (not analysts). */
  recipient?: string;
  body?: string;
  lastError?: string | null;
  cancelledReason?: string | null;
}

/** The messages of a case, newest first; analysts see channel, purpose, status and times, never number or text. */
export async function caseMessages(ctx: Ctx, caseId: number): Promise<CaseMessage[]> {
  return ctx.db.transaction(async (tx) => {
    const c = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', c);
    const rows = await tx.query<Required<CaseMessage>>(
      `SELECT id, channel, purpose, meeting_id AS "meetingId", status, attempts, send_after AS "sendAfter", created_at AS "createdAt",
              sent_at AS "sentAt", delivered_at AS "deliveredAt", recipient, body, last_error AS "lastError", cancelled_reason AS "cancelledReason"
         FROM outbox_message WHERE case_id = $1 ORDER BY send_after DESC, id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: c.id, citizenId: c.citizenId, details: { view: 'messages' } });
    if (can(ctx.actor, 'citizen:identify')) return rows;
    return rows.map(({ recipient: _r, body: _b, lastError: _e, cancelledReason: _c, ...rest }) => rest);
  });
}

export interface OutboxEntry {
  id: number; channel: string; purpose: string; caseId: number | null; status: MessageStatus; attempts: number;
  lastError: string | null; sendAfter: string; nextAttemptAt: string; createdAt: string; sentAt: string | null; deliveredAt: string | null;
}

/** The administrator's view: counts per status and the latest messages, without numbers or text. */
export async function outboxOverview(ctx: Ctx, q: { status?: MessageStatus; limit?: number }) {
  require(ctx.actor, 'audit:read');
  return ctx.db.transaction(async (tx) => {
    const counted = await tx.query<{ status: MessageStatus; n: number }>('SELECT status, count(*) AS n FROM outbox_message GROUP BY status');
    const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, counted.find((c) => c.status === s)?.n ?? 0])) as Record<MessageStatus, number>;
    const params: unknown[] = [q.limit ?? 100];
    const messages = await tx.query<OutboxEntry>(
      `SELECT id, channel, purpose, case_id AS "caseId", status, attempts, last_error AS "lastError", send_after AS "sendAfter",
              next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", sent_at AS "sentAt", delivered_at AS "deliveredAt"
         FROM outbox_message ${q.status ? (params.push(q.status), 'WHERE status = $2') : ''} ORDER BY id DESC LIMIT $1`, params);
    await auditAs(ctx, tx, { operation: 'read', entity: 'outbox', details: { status: q.status ?? null, shown: messages.length } });
    return { counts, messages };
  });
}
