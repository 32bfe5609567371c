/**
 * E-mail from citizens (issue 9): what the SMTP listener (src/integrations/email/listener.ts) hands over is stored,
 * matched to a case and acknowledged in one transaction; what cannot be matched waits in a queue a caseworker clears.
 *
 * Matching, most certain first, and only when it points at exactly one case (a wrong match would put a citizen's mail
 * on another citizen's case, so anything ambiguous goes to the queue instead):
 *  1. exactly one valid CPR number in the subject or text, of a citizen with exactly one open case ('cpr');
 *  2. the sender's address is the e-mail of exactly one citizen with an open case, who has exactly one ('sender');
 *  3. otherwise 'unmatched'.
 * A matched mail becomes an inquiry (channel 'email') with its answer deadline from the municipal answer policy in
 * force that day (rules/letters.ts answerDue), so it sits on the worklist until answered. Every mail from a person,
 * matched or not, gets an acknowledgement at once stating that day (queued in the outbox in the same transaction).
 * A relay that delivers the same Message-ID twice changes nothing the second time.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { loadPolicyVersions, policyInForce } from './plans.ts';
import type { JobTime } from './outbox.ts';
import type { Database, Queryable } from '../db/engine.ts';
import { audit } from '../db/audit.ts';
import { enqueueMessage } from '../db/outbox.ts';
import { loadCaseForUpdate } from '../db/caseStore.ts';
import { can, require, requireCaseAccess } from '../domain/permissions.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { todayInDenmark, type IsoDate } from '../domain/dates.ts';
import * as M from '../domain/inboundMail.ts';
import { answerDue } from '../rules/letters.ts';
import { policyOn } from '../rules/policy.ts';
import { encodeEmailBody } from '../integrations/email/mailer.ts';
import type { InboundMail } from '../domain/inboundMail.ts';

export type { InboundMail };

/** What the audit log names as the endpoint of the listener's writes (no user: user id null). */
export const SMTP_ENDPOINT = 'smtp inbound';
/** The outbox purpose of the acknowledgement. */
export const ACK_PURPOSE = 'inquiry-acknowledgement';

export type InboundStatus = 'matched' | 'unmatched' | 'assigned' | 'discarded';
export type MatchedBy = 'cpr' | 'sender';

export interface ReceiveResult {
  id: number;
  status: InboundStatus;
  matchedBy?: MatchedBy | 'manual';
  inquiryId?: number;
  /** The day the citizen was promised an answer. */
  answerDue: IsoDate;
  /** Whether an acknowledgement was queued (not for machine-sent mail or a mail without a usable sender). */
  acknowledged: boolean;
}

/** Serialises two deliveries of the same Message-ID on PostgreSQL (the second sees the first's row). */
const RECEIVE_LOCK = 727_009;

const sendable = (address: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address);

interface Match { by: MatchedBy; caseId: number; citizenId: number; citizenName: string }

/** The citizens with open cases a CPR number or an address points at, with those cases. */
async function openCasesOf(tx: Queryable, where: string, value: string) {
  return tx.query<{ citizenId: number; name: string; caseId: number }>(
    `SELECT ci.id AS "citizenId", ci.name, c.id AS "caseId"
       FROM citizen ci JOIN sb_case c ON c.citizen_id = ci.id AND c.status = 'open'
      WHERE ${where} ORDER BY ci.id, c.id`, [value]);
}

/** One citizen with one open case, or nothing. */
function single(rows: { citizenId: number; name: string; caseId: number }[], by: MatchedBy): Match | null {
  if (rows.length !== 1) return null;
  return { by, caseId: rows[0].caseId, citizenId: rows[0].citizenId, citizenName: rows[0].name };
}

async function findMatch(tx: Queryable, mail: InboundMail): Promise<Match | null> {
  const cprs = M.findCprCandidates(`${mail.subject}\n${mail.text}`);
  if (cprs.length === 1) {
    const m = single(await openCasesOf(tx, 'ci.cpr = $1', cprs[0]), 'cpr');
    if (m) return m;
  }
  if (mail.from) return single(await openCasesOf(tx, 'lower(trim(ci.email)) = $1', mail.from.trim().toLowerCase()), 'sender');
  return null;
}

async function municipalityName(tx: Queryable): Promise<string> {
  const [m] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
  return m?.name ?? 'Kommunen';
}

/**
 * Stores a received mail, matches it, registers the inquiry and queues the acknowledgement: one transaction, so the
 * listener's 250 to the relay means all of it is written. Written by the system (audit user null, endpoint
 * SMTP_ENDPOINT); the CPR number found and the sender's address never go into the audit details.
 */
export async function receiveEmail(db: Database, at: JobTime, mail: InboundMail): Promise<ReceiveResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RECEIVE_LOCK, mail.messageId]);
    const [seen] = await tx.query<{ id: number; status: InboundStatus; matchedBy: MatchedBy | 'manual' | null; inquiryId: number | null; due: string | null; receivedAt: Date | string; acks: number }>(
      `SELECT e.id, e.status, e.matched_by AS "matchedBy", e.inquiry_id AS "inquiryId", to_char(q.answer_due, 'YYYY-MM-DD') AS due, e.received_at AS "receivedAt",
              (SELECT count(*)::int FROM outbox_message o WHERE o.idempotency_key = 'ack-inbound-' || e.id) AS acks
         FROM inbound_email e LEFT JOIN inquiry q ON q.id = e.inquiry_id WHERE e.message_id = $1`, [mail.messageId]);
    if (seen) {
      const day = todayInDenmark(new Date(seen.receivedAt));
      const due = seen.due ?? answerDue('email', day, await policyInForce(tx, day));
      return { id: seen.id, status: seen.status, ...(seen.matchedBy ? { matchedBy: seen.matchedBy } : {}), ...(seen.inquiryId ? { inquiryId: seen.inquiryId } : {}), answerDue: due, acknowledged: seen.acks > 0 };
    }

    // Matched or not, the citizen is promised the same day: the e-mail deadline in force on the day it arrived.
    const due = answerDue('email', at.today, await policyInForce(tx, at.today));
    const match = await findMatch(tx, mail);
    let inquiryId: number | null = null;
    if (match) {
      const [q] = await tx.query<{ id: number }>(
        `INSERT INTO inquiry (case_id, citizen_id, channel, received_on, summary, answer_due, created_by, created_at)
         VALUES ($1, $2, 'email', $3, $4, $5, NULL, $6) RETURNING id`,
        [match.caseId, match.citizenId, at.today, M.inquirySummary(mail.subject, mail.text), due, at.now]);
      inquiryId = q.id;
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO inbound_email (message_id, from_address, subject, body_text, received_at, status, matched_by, case_id, citizen_id, inquiry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [mail.messageId, mail.from, mail.subject, mail.text, mail.receivedAt, match ? 'matched' : 'unmatched', match?.by ?? null,
        match?.caseId ?? null, match?.citizenId ?? null, inquiryId]);

    const acknowledged = !mail.automatic && sendable(mail.from);
    if (acknowledged) {
      const text = M.acknowledgementText({
        // The name only when the mail came from the citizen's own address: the acknowledgement goes to the sender.
        citizenName: match?.by === 'sender' ? match.citizenName : null,
        receivedOn: at.today, answerDue: due, municipality: await municipalityName(tx),
      });
      await enqueueMessage(tx, {
        channel: 'email', purpose: ACK_PURPOSE, caseId: match?.caseId ?? null, citizenId: match?.citizenId ?? null,
        recipient: mail.from, body: encodeEmailBody({ subject: M.ACKNOWLEDGEMENT_SUBJECT, text, inReplyTo: mail.messageId, autoReply: true }),
        idempotencyKey: `ack-inbound-${row.id}`, sendAfter: at.now, now: at.now,
      });
    }

    const base = { at: at.now, userId: null, operation: 'write' as const, endpoint: SMTP_ENDPOINT };
    await audit(tx, [
      ...(match && inquiryId ? [{ ...base, entity: 'inquiry', entityId: inquiryId, citizenId: match.citizenId, details: { caseId: match.caseId, channel: 'email', answerDue: due, inboundEmailId: row.id } }] : []),
      { ...base, entity: 'inbound_email', entityId: row.id, citizenId: match?.citizenId ?? null,
        details: { status: match ? 'matched' : 'unmatched', matchedBy: match?.by ?? null, caseId: match?.caseId ?? null, inquiryId, answerDue: due, acknowledged } },
    ]);
    return { id: row.id, status: match ? 'matched' : 'unmatched', ...(match ? { matchedBy: match.by, inquiryId: inquiryId! } : {}), answerDue: due, acknowledged };
  });
}

export interface UnmatchedMail {
  id: number;
  /** Sender, subject and text: free text that may name the citizen, shown only to roles with citizen:identify. */
  from: string;
  subject: string;
  text: string;
  receivedAt: string;
  /** The day the mail arrived (Danish time) and the answer day the acknowledgement promised. */
  receivedOn: IsoDate;
  answerDue: IsoDate;
}

/** How many unmatched mails one look at the queue shows (oldest first: they are closest to their answer day). */
export const QUEUE_PAGE = 200;

/**
 * The unmatched queue, oldest first. The mailbox is the municipality's, not a team's, so every role that handles
 * cases (case:write) sees the whole queue. The read is audited (one entry for the queue: the mails name no citizen yet).
 */
export async function listUnmatched(ctx: Ctx): Promise<{ total: number; mails: UnmatchedMail[] }> {
  require(ctx.actor, 'case:write');
  return ctx.db.transaction(async (tx) => {
    const [{ total }] = await tx.query<{ total: number }>(`SELECT count(*)::int AS total FROM inbound_email WHERE status = 'unmatched'`);
    const rows = await tx.query<{ id: number; from: string; subject: string; text: string; receivedAt: Date | string }>(
      `SELECT id, from_address AS "from", subject, body_text AS text, received_at AS "receivedAt"
         FROM inbound_email WHERE status = 'unmatched' ORDER BY received_at, id LIMIT $1`, [QUEUE_PAGE]);
    const versions = rows.length ? await loadPolicyVersions(tx) : [];
    const identify = can(ctx.actor, 'citizen:identify');
    const mails = rows.map((r) => {
      const receivedAt = new Date(r.receivedAt);
      const receivedOn = todayInDenmark(receivedAt);
      return {
        id: r.id,
        from: identify ? r.from : HIDDEN,
        subject: identify ? r.subject : HIDDEN,
        text: identify ? r.text : HIDDEN,
        receivedAt: receivedAt.toISOString(),
        receivedOn,
        answerDue: answerDue('email', receivedOn, policyOn(versions, receivedOn)),
      };
    });
    await auditAs(ctx, tx, { operation: 'read', entity: 'inbound_email', entityId: null, citizenId: null, details: { view: 'unmatched', shown: mails.length } });
    return { total, mails };
  });
}

async function unmatchedForUpdate(tx: Queryable, id: number) {
  const [e] = await tx.query<{ id: number; status: InboundStatus; subject: string; text: string; receivedAt: Date | string }>(
    `SELECT id, status, subject, body_text AS text, received_at AS "receivedAt" FROM inbound_email WHERE id = $1 FOR UPDATE`, [id]);
  if (!e) throw notFound('E-mailen');
  if (e.status !== 'unmatched') {
    throw new DomainError('conflict', e.status === 'discarded' ? 'E-mailen er allerede kasseret.' : 'E-mailen er allerede knyttet til en sag.');
  }
  return e;
}

/**
 * A caseworker puts an unmatched mail on a case: it becomes an inquiry received the day the mail arrived (Danish
 * time), with the answer deadline in force that day (the one the acknowledgement promised), on the worklist until
 * answered. The case is locked first, as every case write does (case, then its rows); a mail someone else assigned
 * or discarded meanwhile is a 409.
 */
export async function assignInboundEmail(ctx: Ctx, id: number, input: M.AssignInboundEmailInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, input.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    const e = await unmatchedForUpdate(tx, id);
    const receivedOn = todayInDenmark(new Date(e.receivedAt));
    const due = answerDue('email', receivedOn, await policyInForce(tx, receivedOn));
    const [q] = await tx.query<{ id: number }>(
      `INSERT INTO inquiry (case_id, citizen_id, channel, received_on, summary, answer_due, created_by, created_at)
       VALUES ($1, $2, 'email', $3, $4, $5, $6, $7) RETURNING id`,
      [state.id, state.citizenId, receivedOn, M.inquirySummary(e.subject, e.text), due, ctx.actor.id, ctx.now]);
    await tx.query(
      `UPDATE inbound_email SET status = 'assigned', matched_by = 'manual', case_id = $2, citizen_id = $3, inquiry_id = $4, handled_by = $5, handled_at = $6
        WHERE id = $1`, [id, state.id, state.citizenId, q.id, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, [
      { operation: 'write', entity: 'inquiry', entityId: q.id, citizenId: state.citizenId, details: { caseId: state.id, channel: 'email', answerDue: due, inboundEmailId: id } },
      { operation: 'write', entity: 'inbound_email', entityId: id, citizenId: state.citizenId, details: { status: 'assigned', caseId: state.id, inquiryId: q.id } },
    ]);
    return { id, status: 'assigned' as const, caseId: state.id, inquiryId: q.id, receivedOn, answerDue: due };
  });
}

/** The audit log never holds a CPR number (ARCHITECTURE.md, Audit): one typed into the reason is masked. */
const maskCpr = (s: string) => s.replace(/(?<!\d)\d{6}[-\s\u00a0]?\d{4}(?!\d)/g, '…');

/**
 * A mail that is no inquiry (spam, a bounce, sent to the wrong municipality) leaves the queue. There is no column for
 * the reason, so it is kept in the audit entry, which only administrators read.
 */
export async function discardInboundEmail(ctx: Ctx, id: number, input: M.DiscardInboundEmailInput) {
  require(ctx.actor, 'case:write');
  return ctx.db.transaction(async (tx) => {
    await unmatchedForUpdate(tx, id);
    await tx.query(`UPDATE inbound_email SET status = 'discarded', handled_by = $2, handled_at = $3 WHERE id = $1`, [id, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'inbound_email', entityId: id, citizenId: null, details: { status: 'discarded', reason: maskCpr(input.reason) } });
    return { id, status: 'discarded' as const };
  });
}
