/**
 * Inquiries from citizens on a case: registering one fixes its answer deadline (municipal answer policy in force on
 * the day it was received, rules/letters.ts `answerDue`); answering records whether it came on time. Every write is
 * one transaction with its audit entry; reads of a citizen's inquiries are audited. Inquiries are not case actions:
 * they live in their own table and leave the case's version alone, so registering a phone call never makes a
 * caseworker's open edit of the case stale.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { policyInForce } from './plans.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, loadCaseForUpdate } from '../db/caseStore.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import { forbidden, invalidField, notFound } from '../domain/errors.ts';
import { answerDue } from '../rules/letters.ts';
import * as I from '../domain/inquiries.ts';

export interface InquiryView {
  id: number;
  caseId: number;
  channel: I.AnswerChannel;
  receivedOn: string;
  summary: string;
  answerDue: string;
  answeredOn: string | null;
  answerText: string | null;
  answeredOnTime: boolean | null;
  createdBy: string | null;
  answeredBy: string | null;
  /** open: not answered, due today or later; overdue: not answered and past due; answered. */
  status: 'open' | 'overdue' | 'answered';
}

const SELECT = `SELECT q.id, q.case_id AS "caseId", q.channel, to_char(q.received_on, 'YYYY-MM-DD') AS "receivedOn", q.summary,
       to_char(q.answer_due, 'YYYY-MM-DD') AS "answerDue", to_char(q.answered_on, 'YYYY-MM-DD') AS "answeredOn", q.answer_text AS "answerText",
       q.answered_on_time AS "answeredOnTime", cu.name AS "createdBy", au.name AS "answeredBy"
  FROM inquiry q LEFT JOIN app_user cu ON cu.id = q.created_by LEFT JOIN app_user au ON au.id = q.answered_by`;

type Row = Omit<InquiryView, 'status'>;

/** Summary and answer are free text that may name the citizen or their health: hidden from roles without citizen:identify. */
function present(r: Row, ctx: Ctx, today: string): InquiryView {
  const identify = can(ctx.actor, 'citizen:identify');
  const status = r.answeredOn ? 'answered' : r.answerDue < today ? 'overdue' : 'open';
  return { ...r, summary: identify ? r.summary : HIDDEN, answerText: identify || r.answerText == null ? r.answerText : HIDDEN, status };
}

export function registerInquiry(ctx: Ctx, caseId: number, input: I.RegisterInquiryInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (input.receivedAt > ctx.today) throw invalidField('receivedAt', 'Henvendelsen kan ikke være modtaget i fremtiden');
    const due = answerDue(input.channel, input.receivedAt, await policyInForce(tx, input.receivedAt));
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO inquiry (case_id, citizen_id, channel, received_on, summary, answer_due, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [caseId, state.citizenId, input.channel, input.receivedAt, input.summary, due, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'inquiry', entityId: row.id, citizenId: state.citizenId, details: { caseId, channel: input.channel, answerDue: due } });
    return { id: row.id, answerDue: due };
  });
}

async function inquiryForUpdate(tx: Queryable, id: number) {
  const [q] = await tx.query<{ id: number; caseId: number; receivedOn: string; answerDue: string; answeredOn: string | null }>(
    `SELECT id, case_id AS "caseId", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(answer_due, 'YYYY-MM-DD') AS "answerDue",
            to_char(answered_on, 'YYYY-MM-DD') AS "answeredOn" FROM inquiry WHERE id = $1 FOR UPDATE`, [id]);
  if (!q) throw notFound('Henvendelsen');
  return q;
}

export function answerInquiry(ctx: Ctx, id: number, input: I.AnswerInquiryInput) {
  return ctx.db.transaction(async (tx) => {
    const peek = await inquiryForUpdate(tx, id);
    // The case row is locked too, in the same order as every case write (case, then its rows).
    const state = await loadCaseForUpdate(tx, peek.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (peek.answeredOn) throw invalidField('answeredAt', `Henvendelsen er allerede besvaret ${peek.answeredOn}`);
    if (input.answeredAt < peek.receivedOn) throw invalidField('answeredAt', `Svaret kan ikke ligge før henvendelsen blev modtaget (${peek.receivedOn})`);
    if (input.answeredAt > ctx.today) throw invalidField('answeredAt', 'Svardatoen kan ikke ligge i fremtiden');
    const answeredOnTime = I.onTime(input.answeredAt, peek.answerDue);
    await tx.query(
      `UPDATE inquiry SET answered_on = $2, answer_text = $3, answered_on_time = $4, answered_by = $5, answered_at = $6 WHERE id = $1`,
      [id, input.answeredAt, input.text, answeredOnTime, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'inquiry', entityId: id, citizenId: state.citizenId, details: { answered: input.answeredAt, answeredOnTime } });
    return { id, answeredOnTime };
  });
}

/** The case's inquiries, newest first. */
export function listInquiries(ctx: Ctx, caseId: number): Promise<{ today: string; inquiries: InquiryView[] }> {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<Row>(`${SELECT} WHERE q.case_id = $1 ORDER BY q.received_on DESC, q.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'inquiry', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    return { today: ctx.today, inquiries: rows.map((r) => present(r, ctx, ctx.today)) };
  });
}

/**
 * Who reads compliance and the sample: roles holding both `case:read` and `rules:preview` — team leaders, managers and
 * analysts (caseworkers lack rules:preview, administrators lack case:read). Team leaders see their own team's
 * inquiries; managers and analysts the municipality's.
 */
function requireComplianceReader(ctx: Ctx) {
  require(ctx.actor, 'rules:preview');
  if (!can(ctx.actor, 'case:read')) throw forbidden();
  return seesAllTeams(ctx.actor) ? null : ctx.actor.teamId ?? -1;
}

/** Shares answered on time among inquiries received in [from, to] and answered, per channel and employment group. */
export function compliance(ctx: Ctx, p: { from: string; to: string }) {
  const team = requireComplianceReader(ctx);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ channel: I.AnswerChannel; employment: string; answered: number | string; onTime: number | string; unanswered: number | string }>(
      `SELECT q.channel, c.employment,
              count(*) FILTER (WHERE q.answered_on IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE q.answered_on_time)::int AS "onTime",
              count(*) FILTER (WHERE q.answered_on IS NULL)::int AS unanswered
         FROM inquiry q JOIN sb_case c ON c.id = q.case_id
        WHERE q.received_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR c.team_id = $3)
        GROUP BY q.channel, c.employment`, [p.from, p.to, team]);
    const shares = I.complianceShares(rows.map((r) => ({ channel: r.channel, employment: r.employment, answered: Number(r.answered), onTime: Number(r.onTime) })));
    // Aggregates only, no citizen: audited as a report read.
    await auditAs(ctx, tx, { operation: 'read', entity: 'inquiry-compliance', entityId: null, citizenId: null, details: { from: p.from, to: p.to, team } });
    return { from: p.from, to: p.to, teamId: team, unanswered: rows.reduce((s, r) => s + Number(r.unanswered), 0), ...shares };
  });
}

/**
 * The hand check of the Copenhagen seed: a simple random sample of the inquiries received in [from, to], drawn from the
 * seed number so anyone can draw the same sample again. Analysts get it without free text.
 */
export function sample(ctx: Ctx, p: { from: string; to: string; size: number; seed: number }) {
  const team = requireComplianceReader(ctx);
  return ctx.db.transaction(async (tx) => {
    const ids = await tx.query<{ id: number }>(
      `SELECT q.id FROM inquiry q JOIN sb_case c ON c.id = q.case_id
        WHERE q.received_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR c.team_id = $3)`, [p.from, p.to, team]);
    const picked = I.sampleInquiries(ids.map((r) => r.id), p.size, p.seed);
    const rows = picked.length ? await tx.query<Row & { citizenId: number }>(`${SELECT.replace('q.id,', 'q.id, q.citizen_id AS "citizenId",')} WHERE q.id = ANY($1::int[]) ORDER BY q.id`, [picked]) : [];
    await auditAs(ctx, tx, rows.map((r) => ({ operation: 'read' as const, entity: 'inquiry', entityId: r.id, citizenId: r.citizenId, details: { sample: { seed: p.seed, from: p.from, to: p.to } } })));
    return {
      from: p.from, to: p.to, seed: p.seed, population: ids.length, size: picked.length,
      inquiries: rows.map(({ citizenId: _c, ...r }) => present(r, ctx, ctx.today)),
    };
  });
}
