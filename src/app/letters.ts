/**
 * Letters to a citizen: made from the latest version of a template on the case's own data, kept with that version
 * number, their text and their PDF; approved for sending, when they go to Digital Post through the outbox (a MeMo
 * message, written in the same transaction as the approval) or, for citizens exempt from Digital Post, to the daily
 * print batch. Decision letters follow the dispatch policy (seed 000, Slagelse): approved on a Friday or the day
 * before a closed day, they are held to the next allowed day unless the caseworker gives a reason to send at once;
 * that reason is recorded and counted in the weekly results.
 *
 * Letters are not case actions (like inquiries): they live in their own table and leave the case's version alone, so
 * writing a letter never makes a colleague's open edit of the case stale.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { policyInForce } from './plans.ts';
import { letterModel } from './letterTemplates.ts';
import { courseOverviewForCase } from './courseOverview.ts';
import type { Database, Queryable } from '../db/engine.ts';
import { audit } from '../db/audit.ts';
import { loadCase, loadCaseForUpdate } from '../db/caseStore.ts';
import { enqueueMessage } from '../db/outbox.ts';
import { can, require, requireCaseAccess } from '../domain/permissions.ts';
import { DomainError, forbidden, invalidField, notFound } from '../domain/errors.ts';
import * as L from '../domain/letters.ts';
import type { IsoDate } from '../domain/dates.ts';
import { renderLetter } from '../letters/templates.ts';
import { dispatchDate } from '../rules/letters.ts';
import { letterPdf, printBatchPdf, type LetterContent } from '../documents/letterPdf.ts';
import { courseOverviewPdf } from '../documents/courseOverviewPdf.ts';
import { buildMemo } from '../integrations/digitalPost/memo.ts';

export interface LetterView {
  id: number;
  caseId: number;
  templateId: string;
  templateVersion: number;
  kind: L.LetterKind;
  title: string;
  text: string;
  status: L.LetterStatus;
  statusLabel: string;
  delivery: 'digital-post' | 'print' | null;
  approvedOn: string | null;
  scheduledFor: string | null;
  held: boolean;
  sendNowReason: string | null;
  createdBy: string | null;
  approvedBy: string | null;
  lastError: string | null;
}

/** The sender named in the MeMo header: the municipality's CVR from its settings (a demo value until it is set). */
const DEMO_SENDER_CVR = '29189846';

interface Row {
  id: number; caseId: number; citizenId: number; templateId: string; templateVersion: number; kind: L.LetterKind; title: string; text: string;
  rowStatus: 'draft' | 'approved' | 'cancelled'; delivery: 'digital-post' | 'print' | null; approvedOn: string | null; scheduledFor: string | null;
  held: boolean; sendNowReason: string | null; createdBy: string | null; approvedBy: string | null; messageStatus: string | null;
  lastError: string | null; printed: boolean; messageId: number | null;
}

const SELECT = `SELECT l.id, l.case_id AS "caseId", l.citizen_id AS "citizenId", l.template_id AS "templateId", l.template_version AS "templateVersion",
       l.kind, l.title, l.body_text AS text, l.status AS "rowStatus", l.delivery, to_char(l.approved_on, 'YYYY-MM-DD') AS "approvedOn",
       to_char(l.scheduled_for, 'YYYY-MM-DD') AS "scheduledFor", l.held, l.send_now_reason AS "sendNowReason",
       cu.name AS "createdBy", au.name AS "approvedBy", m.status AS "messageStatus", m.last_error AS "lastError", m.id AS "messageId",
       (l.print_batch_id IS NOT NULL) AS printed
  FROM letter l LEFT JOIN app_user cu ON cu.id = l.created_by LEFT JOIN app_user au ON au.id = l.approved_by
  LEFT JOIN LATERAL (SELECT id, status, last_error FROM outbox_message WHERE letter_id = l.id ORDER BY id DESC LIMIT 1) m ON true`;

function present(r: Row, ctx: Ctx): LetterView {
  const status = L.letterStatus({ status: r.rowStatus, delivery: r.delivery, scheduledFor: r.scheduledFor, messageStatus: r.messageStatus, printed: r.printed }, ctx.today);
  const identify = can(ctx.actor, 'citizen:identify');
  return {
    id: r.id, caseId: r.caseId, templateId: r.templateId, templateVersion: Number(r.templateVersion), kind: r.kind, title: r.title,
    // The text names the citizen: only roles that may identify citizens read it.
    text: identify ? r.text : HIDDEN, status, statusLabel: L.LETTER_STATUSES[status], delivery: r.delivery, approvedOn: r.approvedOn,
    scheduledFor: r.scheduledFor, held: r.held, sendNowReason: identify ? r.sendNowReason : r.sendNowReason && HIDDEN,
    createdBy: r.createdBy, approvedBy: r.approvedBy, lastError: r.lastError,
  };
}

async function loadLetter(tx: Queryable, id: number, lock = false): Promise<Row> {
  const [r] = await tx.query<Row>(`${SELECT} WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`, [id]);
  if (!r) throw notFound('Brevet');
  return r;
}

async function municipalityOf(tx: Queryable): Promise<{ name: string; cvr: string }> {
  const [m] = await tx.query<{ name: string; cvr: string | null }>(`SELECT name, settings->>'cvr' AS cvr FROM municipality ORDER BY code LIMIT 1`);
  return { name: m?.name ?? 'Kommunen', cvr: m?.cvr && /^\d{8}$/.test(m.cvr) ? m.cvr : DEMO_SENDER_CVR };
}

/** Creates a letter from a template (a draft, or approved for sending in the same transaction). */
export function createLetter(ctx: Ctx, caseId: number, input: L.CreateLetterInput) {
  return ctx.db.transaction((tx) => createLetterIn(ctx, tx, caseId, input));
}

/** The same on the caller's transaction: a letter that belongs to another write (the advance notice of a sanction). */
export async function createLetterIn(ctx: Ctx, tx: Queryable, caseId: number, input: L.CreateLetterInput) {
  if (input.sendNowReason !== undefined && !input.approve) throw invalidField('sendNowReason', 'Et brev sendes først, når det er godkendt (approve)');
  // The case row first, the order every write takes its locks in.
  const state = await loadCaseForUpdate(tx, caseId);
  requireCaseAccess(ctx.actor, 'case:write', state);
  if (state.status !== 'open' && input.approve) throw invalidField('caseId', 'Sagen er afsluttet; genåbn den for at sende breve');
  const [tpl] = await tx.query<{ id: string; name: string; kind: L.LetterKind; version: number; body: string }>(
    `SELECT t.id, t.name, t.kind, v.version, v.body FROM letter_template t JOIN letter_template_version v ON v.template_id = t.id
      WHERE t.id = $1 ORDER BY v.version DESC LIMIT 1`, [input.template]);
  if (!tpl) throw invalidField('template', `Brevskabelonen "${input.template}" findes ikke`);
  if (input.inquiryId !== undefined) {
    const [q] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM inquiry WHERE id = $1', [input.inquiryId]);
    if (!q || q.caseId !== caseId) throw invalidField('inquiryId', 'Henvendelsen hører ikke til denne sag');
  }
  const { model, citizenId, municipality } = await letterModel(ctx, tx, caseId, 'letter');
  const text = renderLetter(tpl.body, model);
  const [cw] = state.caseworkerId ? await tx.query<{ name: string }>('SELECT name FROM app_user WHERE id = $1', [state.caseworkerId]) : [];
  const content: LetterContent = { title: tpl.name, citizenName: model.borger.navn, caseNumber: caseId, date: ctx.today, caseworker: cw?.name ?? null, text };
  const pdf = await letterPdf(content, { municipality, createdAt: ctx.now });
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO letter (case_id, citizen_id, template_id, template_version, kind, title, body_text, pdf, inquiry_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [caseId, citizenId, tpl.id, tpl.version, tpl.kind, tpl.name, text, pdf, input.inquiryId ?? null, ctx.actor.id, ctx.now]);
  await auditAs(ctx, tx, { operation: 'write', entity: 'letter', entityId: row.id, citizenId, details: { caseId, template: tpl.id, version: Number(tpl.version) } });
  if (!input.approve) return { id: row.id, status: 'draft' as L.LetterStatus, scheduledFor: null, held: false, delivery: null };
  return approveIn(ctx, tx, row.id, input.sendNowReason);
}

/**
 * Approval: fixes the dispatch day and the way the letter goes, and queues it in this transaction: a MeMo message in
 * the outbox (sent at once, or at 08:00 on the day it is held to), or a place in the print batch of its day.
 */
async function approveIn(ctx: Ctx, tx: Queryable, id: number, sendNowReason: string | undefined) {
  const l = await loadLetter(tx, id, true);
  if (l.rowStatus !== 'draft') throw new DomainError('conflict', l.rowStatus === 'approved' ? 'Brevet er allerede godkendt' : 'Brevet er annulleret');
  const policy = await policyInForce(tx, ctx.today);
  const plan = L.dispatchPlan(l.kind, ctx.today, dispatchDate(ctx.today, policy), sendNowReason);
  const [citizen] = await tx.query<{ cpr: string; name: string; exempt: boolean }>(
    'SELECT cpr, name, digital_post_exempt AS exempt FROM citizen WHERE id = $1', [l.citizenId]);
  const delivery = citizen.exempt ? 'print' : 'digital-post';
  await tx.query(
    `UPDATE letter SET status = 'approved', delivery = $2, approved_on = $3, scheduled_for = $4, held = $5, send_now_reason = $6, approved_by = $7, approved_at = $8
      WHERE id = $1`, [id, delivery, ctx.today, plan.scheduledFor, plan.held, sendNowReason ?? null, ctx.actor.id, ctx.now]);
  if (delivery === 'digital-post') {
    const [{ pdf }] = await tx.query<{ pdf: Buffer }>('SELECT pdf FROM letter WHERE id = $1', [id]);
    const mun = await municipalityOf(tx);
    const attachments = l.templateId === 'orientation' ? [await courseOverviewAttachment(ctx, tx, l.caseId, mun.name)] : [];
    const memo = buildMemo({
      messageUuid: randomUUID(), messageId: `retur-letter-${id}`, title: l.title, createdAt: ctx.now,
      sender: { cvr: mun.cvr, name: mun.name }, recipient: { cpr: citizen.cpr, name: citizen.name },
      // Decisions are legal notifications: Digital Post records when the citizen could read them.
      legalNotification: l.kind === 'decision',
      mainDocument: { id: `letter-${id}`, title: l.title, filename: `brev-${id}.pdf`, pdf: Buffer.from(pdf) },
      additionalDocuments: attachments,
    });
    await enqueueMessage(tx, {
      channel: 'digital-post', purpose: 'letter', caseId: l.caseId, citizenId: l.citizenId, letterId: id, recipient: citizen.cpr, body: memo,
      idempotencyKey: `letter-${id}`, sendAfter: L.sendAfterOf(plan.scheduledFor, ctx.today, ctx.now), now: ctx.now,
    });
  }
  await auditAs(ctx, tx, {
    operation: 'write', entity: 'letter', entityId: id, citizenId: l.citizenId,
    details: { approved: ctx.today, scheduledFor: plan.scheduledFor, held: plan.held, delivery, sendNow: sendNowReason !== undefined },
  });
  const status: L.LetterStatus = plan.held ? 'held' : delivery === 'print' ? 'print-queued' : 'queued';
  return { id, status, scheduledFor: plan.scheduledFor, held: plan.held, delivery };
}

/** The course overview as the orientation letter's attachment (issue 9: "attached to the orientation letter"). */
async function courseOverviewAttachment(ctx: Ctx, tx: Queryable, caseId: number, municipality: string) {
  const overview = await courseOverviewForCase(ctx, tx, caseId);
  const pdf = await courseOverviewPdf(overview, { municipality, createdAt: ctx.now });
  return { id: `course-overview-${caseId}`, title: 'Oversigt over dit forløb', filename: 'oversigt-over-dit-forloeb.pdf', pdf };
}

async function letterForChange(ctx: Ctx, tx: Queryable, id: number) {
  const [ref] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM letter WHERE id = $1', [id]);
  if (!ref) throw notFound('Brevet');
  const state = await loadCaseForUpdate(tx, ref.caseId);
  requireCaseAccess(ctx.actor, 'case:write', state);
  return loadLetter(tx, id, true);
}

export function approveLetter(ctx: Ctx, id: number, input: { sendNowReason?: string }) {
  return ctx.db.transaction(async (tx) => {
    await letterForChange(ctx, tx, id);
    return approveIn(ctx, tx, id, input.sendNowReason);
  });
}

/** The queued Digital Post message of a letter, refusing when it is with the gateway right now or already gone. */
async function queuedMessage(tx: Queryable, l: Row, now: Date, action: string) {
  if (l.delivery !== 'digital-post') return null;
  const [m] = await tx.query<{ id: number; status: string; locked: boolean }>(
    `SELECT id, status, (locked_until IS NOT NULL AND locked_until > $2) AS locked FROM outbox_message WHERE letter_id = $1 ORDER BY id DESC LIMIT 1 FOR UPDATE`, [l.id, now]);
  if (!m || m.status !== 'queued' || m.locked) throw new DomainError('conflict', `Brevet er allerede sendt eller ved at blive sendt og kan ikke ${action}`);
  return m;
}

/** A held letter goes now after all, with the reason (counted like a send-now at approval). */
export function sendLetterNow(ctx: Ctx, id: number, input: { reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const l = await letterForChange(ctx, tx, id);
    if (l.rowStatus !== 'approved' || !l.scheduledFor || l.scheduledFor <= ctx.today) throw invalidField('reason', 'Brevet er ikke holdt tilbage');
    const m = await queuedMessage(tx, l, ctx.now, 'sendes nu');
    if (m) await tx.query('UPDATE outbox_message SET send_after = $2, next_attempt_at = $2 WHERE id = $1', [m.id, ctx.now]);
    await tx.query('UPDATE letter SET scheduled_for = $2, send_now_reason = $3 WHERE id = $1', [id, ctx.today, input.reason]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'letter', entityId: id, citizenId: l.citizenId, details: { sendNow: true, wasScheduledFor: l.scheduledFor } });
    return { id, status: (l.delivery === 'print' ? 'print-queued' : 'queued') as L.LetterStatus, scheduledFor: ctx.today, held: true, delivery: l.delivery };
  });
}

/** A draft, or an approved letter that has not gone yet, is cancelled (its Digital Post message with it). */
export function cancelLetter(ctx: Ctx, id: number, input: { reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const l = await letterForChange(ctx, tx, id);
    if (l.rowStatus === 'cancelled') throw new DomainError('conflict', 'Brevet er allerede annulleret');
    if (l.printed) throw new DomainError('conflict', 'Brevet er printet og sendt med posten');
    const m = l.rowStatus === 'approved' ? await queuedMessage(tx, l, ctx.now, 'annulleres') : null;
    if (m) await tx.query(`UPDATE outbox_message SET status = 'cancelled', cancelled_reason = $2 WHERE id = $1`, [m.id, 'Brevet blev annulleret']);
    await tx.query(`UPDATE letter SET status = 'cancelled' WHERE id = $1`, [id]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'letter', entityId: id, citizenId: l.citizenId, details: { cancelled: input.reason } });
    return { id, status: 'cancelled' as L.LetterStatus };
  });
}

export function listLetters(ctx: Ctx, caseId: number): Promise<{ today: string; letters: LetterView[] }> {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<Row>(`${SELECT} WHERE l.case_id = $1 ORDER BY l.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'letter', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    return { today: ctx.today, letters: rows.map((r) => present(r, ctx)) };
  });
}

/** The letter's PDF, as sent (or as it will be sent). It names the citizen: citizen:identify roles only. */
export function letterPdfOf(ctx: Ctx, id: number): Promise<{ pdf: Buffer; caseId: number }> {
  return ctx.db.transaction(async (tx) => {
    const [ref] = await tx.query<{ caseId: number; pdf: Uint8Array }>('SELECT case_id AS "caseId", pdf FROM letter WHERE id = $1', [id]);
    if (!ref) throw notFound('Brevet');
    const state = await loadCase(tx, ref.caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    if (!can(ctx.actor, 'citizen:identify')) throw forbidden('Din rolle må ikke se borgerens breve.', { entity: 'letter', entityId: id, citizenId: state.citizenId });
    await auditAs(ctx, tx, { operation: 'read', entity: 'letter', entityId: id, citizenId: state.citizenId, details: { pdf: true } });
    return { pdf: Buffer.from(ref.pdf), caseId: ref.caseId };
  });
}

// ---- The daily print batch ----------------------------------------------------------------------------------------

export const PRINT_JOB_ENDPOINT = 'job print-batch';

/**
 * The print batch of a day: every approved paper letter due by then and not yet printed, in one PDF, marked printed in
 * the same transaction. One batch per day; asked again the same day, the existing batch is returned (letters approved
 * after it go in the next day's). `userId` null: the daily job.
 */
export async function makePrintBatch(db: Database, at: { now: Date; today: IsoDate }, userId: number | null) {
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ id: number; letters: number }>('SELECT id, letters FROM print_batch WHERE batch_date = $1', [at.today]);
    if (existing) return { id: existing.id, letters: Number(existing.letters), created: false };
    const due = await tx.query<{ id: number; caseId: number; citizenId: number; title: string; text: string; citizenName: string; scheduledFor: string; caseworker: string | null }>(
      `SELECT l.id, l.case_id AS "caseId", l.citizen_id AS "citizenId", l.title, l.body_text AS text, ci.name AS "citizenName",
              to_char(l.scheduled_for, 'YYYY-MM-DD') AS "scheduledFor", u.name AS caseworker
         FROM letter l JOIN citizen ci ON ci.id = l.citizen_id JOIN sb_case c ON c.id = l.case_id LEFT JOIN app_user u ON u.id = c.caseworker_id
        WHERE l.delivery = 'print' AND l.status = 'approved' AND l.print_batch_id IS NULL AND l.scheduled_for <= $1
        ORDER BY l.scheduled_for, l.id FOR UPDATE OF l`, [at.today]);
    if (!due.length) return null;
    const mun = await municipalityOf(tx);
    const pdf = await printBatchPdf(at.today, due.map((l) => ({ title: l.title, citizenName: l.citizenName, caseNumber: l.caseId, date: at.today, caseworker: l.caseworker, text: l.text })),
      { municipality: mun.name, createdAt: at.now });
    const [b] = await tx.query<{ id: number }>(
      'INSERT INTO print_batch (batch_date, letters, pdf, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id', [at.today, due.length, pdf, at.now, userId]);
    await tx.query('UPDATE letter SET print_batch_id = $2 WHERE id = ANY($1::int[])', [due.map((l) => l.id), b.id]);
    for (const l of due) {
      await audit(tx, { at: at.now, userId, operation: 'write', entity: 'letter', entityId: l.id, citizenId: l.citizenId, endpoint: PRINT_JOB_ENDPOINT, details: { printBatch: b.id } });
    }
    return { id: b.id, letters: due.length, created: true };
  });
}

/** Who runs the print room's batch: team leaders and caseworkers (case:write) of any team, as the batch is the municipality's. */
function requirePrintAccess(ctx: Ctx) {
  require(ctx.actor, 'case:write');
  if (!can(ctx.actor, 'citizen:identify')) throw forbidden();
}

export function printBatchNow(ctx: Ctx) {
  requirePrintAccess(ctx);
  return makePrintBatch(ctx.db, ctx, ctx.actor.id);
}

export async function listPrintBatches(ctx: Ctx) {
  requirePrintAccess(ctx);
  const rows = await ctx.db.query<{ id: number; batchDate: string; letters: number; createdAt: Date }>(
    `SELECT id, to_char(batch_date, 'YYYY-MM-DD') AS "batchDate", letters, created_at AS "createdAt" FROM print_batch ORDER BY batch_date DESC LIMIT 60`);
  const [{ waiting }] = await ctx.db.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM letter WHERE delivery = 'print' AND status = 'approved' AND print_batch_id IS NULL AND scheduled_for <= $1`, [ctx.today]);
  return { today: ctx.today, waiting: Number(waiting), batches: rows.map((r) => ({ ...r, letters: Number(r.letters), createdAt: new Date(r.createdAt).toISOString() })) };
}

export function printBatchPdfOf(ctx: Ctx, id: number): Promise<Buffer> {
  requirePrintAccess(ctx);
  return ctx.db.transaction(async (tx) => {
    const [b] = await tx.query<{ pdf: Uint8Array }>('SELECT pdf FROM print_batch WHERE id = $1', [id]);
    if (!b) throw notFound('Printkørslen');
    const letters = await tx.query<{ id: number; citizenId: number }>('SELECT id, citizen_id AS "citizenId" FROM letter WHERE print_batch_id = $1', [id]);
    await auditAs(ctx, tx, letters.map((l) => ({ operation: 'read' as const, entity: 'letter', entityId: l.id, citizenId: l.citizenId, details: { printBatch: id } })));
    return Buffer.from(b.pdf);
  });
}
