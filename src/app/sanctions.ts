/**
 * Sanctions for not taking part (SDL § 21, S-1/S-2/S-3): a failure is registered, the citizen is heard (partshøring,
 * optionally with the advance-notice letter drafted on the case), the stop is decided only after the answer deadline,
 * and a stop is resumed when the citizen takes part again within 4 weeks. A row table like complaints: every write is
 * one transaction with its audit entry; reads are audited. The worklist shows heard sanctions awaiting a decision.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { policyInForce } from './plans.ts';
import { createLetterIn } from './letters.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, loadCaseForUpdate } from '../db/caseStore.ts';
import { can, requireCaseAccess } from '../domain/permissions.ts';
import { notFound } from '../domain/errors.ts';
import { hearingAnswerDue } from '../rules/letters.ts';
import * as S from '../domain/sanctions.ts';

export interface SanctionView extends S.SanctionFacts {
  id: number;
  caseId: number;
  failureKind: S.FailureKind;
  failureLabel: string;
  letterId: number | null;
  note: string | null;
  createdBy: string | null;
  decidedBy: string | null;
  status: S.SanctionStatus;
  statusLabel: string;
  paymentResumesFrom: string | null;
}

const d = (col: string, as: string) => `to_char(s.${col}, 'YYYY-MM-DD') AS "${as}"`;
const COLS = `s.id, s.case_id AS "caseId", s.failure_kind AS "failureKind", ${d('failure_on', 'failureOn')}, ${d('hearing_sent_on', 'hearingSentOn')},
       ${d('hearing_answer_due', 'hearingAnswerDue')}, s.letter_id AS "letterId", s.decision, ${d('decided_on', 'decidedOn')},
       ${d('stopped_from', 'stoppedFrom')}, ${d('resume_by', 'resumeBy')}, ${d('resumed_on', 'resumedOn')}, s.note`;
type Row = Omit<SanctionView, 'failureLabel' | 'status' | 'statusLabel' | 'paymentResumesFrom'>;

function present(r: Row, ctx: Ctx): SanctionView {
  const status = S.sanctionStatus(r);
  return {
    ...r, failureLabel: S.FAILURE_KINDS[r.failureKind], status, statusLabel: S.STATUS_LABELS[status],
    note: can(ctx.actor, 'citizen:identify') || r.note == null ? r.note : HIDDEN,
    paymentResumesFrom: r.resumedOn && r.resumeBy ? S.paymentResumesFrom(r.resumedOn, r.resumeBy) : null,
  };
}

/** The sanction row, then its case (the lock order complaints use), with the access check. */
async function sanctionForUpdate(ctx: Ctx, tx: Queryable, id: number) {
  // The case row first, then the sanction: the order every case write takes its locks in.
  const [ref] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM case_sanction WHERE id = $1', [id]);
  if (!ref) throw notFound('Sanktionen');
  const state = await loadCaseForUpdate(tx, ref.caseId);
  requireCaseAccess(ctx.actor, 'case:write', state);
  const [s] = await tx.query<Row>(`SELECT ${COLS}, NULL AS "createdBy", NULL AS "decidedBy" FROM case_sanction s WHERE s.id = $1 FOR UPDATE`, [id]);
  return { s, state };
}

export function registerSanction(ctx: Ctx, caseId: number, input: S.RegisterSanctionInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    S.checkRegister(input, state.firstAbsenceDay, ctx.today);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO case_sanction (case_id, citizen_id, failure_kind, failure_on, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [caseId, state.citizenId, input.failureKind, input.failureOn, input.note ?? null, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-sanction', entityId: row.id, citizenId: state.citizenId, details: { caseId, failureKind: input.failureKind, failureOn: input.failureOn } });
    return { id: row.id, status: 'registered' as S.SanctionStatus };
  });
}

/**
 * The advance notice (partshøring, Forvaltningsloven § 19). With `letter: true` the advance-notice letter is drafted on
 * the case in the same transaction, so the hearing and its letter are written together or not at all.
 */
export function sendHearing(ctx: Ctx, id: number, input: S.HearingInput) {
  return ctx.db.transaction(async (tx) => {
    const { s, state } = await sanctionForUpdate(ctx, tx, id);
    S.checkHearing(s, input.sentOn, ctx.today);
    const letterId = input.letter ? (await createLetterIn(ctx, tx, state.id, { template: 'advance-notice' })).id : null;
    const answerDue = hearingAnswerDue(input.sentOn, await policyInForce(tx, input.sentOn));
    await tx.query(`UPDATE case_sanction SET hearing_sent_on = $2, hearing_answer_due = $3, letter_id = $4 WHERE id = $1`, [id, input.sentOn, answerDue, letterId]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-sanction', entityId: id, citizenId: state.citizenId, details: { hearingSentOn: input.sentOn, answerDue, letterId } });
    return { id, status: 'hearing' as S.SanctionStatus, hearingAnswerDue: answerDue, letterId };
  });
}

export function decideSanction(ctx: Ctx, id: number, input: S.DecisionInput) {
  return ctx.db.transaction(async (tx) => {
    const { s, state } = await sanctionForUpdate(ctx, tx, id);
    const { stoppedFrom } = S.checkDecision(s, input, ctx.today);
    const policy = await policyInForce(tx, input.decidedOn);
    const resumeBy = stoppedFrom ? S.resumeByOf(policy.interpretations['sanction-resume-start'], s.failureOn, input.decidedOn) : null;
    await tx.query(`UPDATE case_sanction SET decision = $2, decided_on = $3, stopped_from = $4, resume_by = $5, decided_by = $6, decided_at = $7 WHERE id = $1`,
      [id, input.decision, input.decidedOn, stoppedFrom, resumeBy, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-sanction', entityId: id, citizenId: state.citizenId, details: { decision: input.decision, decidedOn: input.decidedOn, stoppedFrom, resumeBy } });
    return { id, status: input.decision as S.SanctionStatus, stoppedFrom, resumeBy };
  });
}

export function resumeSanction(ctx: Ctx, id: number, input: S.ResumeInput) {
  return ctx.db.transaction(async (tx) => {
    const { s, state } = await sanctionForUpdate(ctx, tx, id);
    S.checkResume(s, input.resumedOn, ctx.today);
    await tx.query(`UPDATE case_sanction SET resumed_on = $2 WHERE id = $1`, [id, input.resumedOn]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-sanction', entityId: id, citizenId: state.citizenId, details: { resumedOn: input.resumedOn } });
    return { id, status: 'resumed' as S.SanctionStatus, resumedOn: input.resumedOn, paymentResumesFrom: S.paymentResumesFrom(input.resumedOn, s.resumeBy!) };
  });
}

/** The case's sanctions, newest first, with their timeline of dates. */
export function listSanctions(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<Row>(
      `SELECT ${COLS}, cu.name AS "createdBy", du.name AS "decidedBy" FROM case_sanction s
         LEFT JOIN app_user cu ON cu.id = s.created_by LEFT JOIN app_user du ON du.id = s.decided_by
        WHERE s.case_id = $1 ORDER BY s.failure_on DESC, s.id DESC`, [caseId]);
    const policy = await policyInForce(tx, ctx.today);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case-sanction', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    return { today: ctx.today, resumeStart: policy.interpretations['sanction-resume-start'], source: S.SANCTION_SOURCE, sanctions: rows.map((r) => present(r, ctx)) };
  });
}
