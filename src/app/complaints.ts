/**
 * Complaints about the municipality's decisions on a case: registering one fixes the citizen's deadline (and
 * whether the complaint came after it) and the municipality's reassessment deadline, which stays on the worklist until
 * the outcome is recorded; a complaint sent on to Ankestyrelsen gets the board's result when it returns. Like
 * inquiries, complaints live in their own table and leave the case's version alone. Every write is one transaction
 * with its audit entry; reads of a citizen's complaints are audited.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { policyInForce } from './plans.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, loadCaseForUpdate } from '../db/caseStore.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import { forbidden, invalidField, notFound } from '../domain/errors.ts';
import { municipalCalendar } from '../rules/calendar.ts';
import * as K from '../domain/complaints.ts';

export interface ComplaintView {
  id: number;
  caseId: number;
  receivedOn: string;
  decisionType: K.DecisionType;
  decisionOn: string;
  notifiedOn: string;
  letterId: number | null;
  reason: K.Reason;
  summary: string;
  complaintDue: string;
  late: boolean;
  reassessLegalDate: string;
  reassessDue: string;
  outcome: K.Outcome | null;
  decidedOn: string | null;
  outcomeNote: string | null;
  reassessedOnTime: boolean | null;
  boardResult: K.BoardResult | null;
  boardReceivedOn: string | null;
  createdBy: string | null;
  decidedBy: string | null;
  /** open / overdue: awaiting the municipality's reassessment; at-board: sent on, awaiting Ankestyrelsen; closed. */
  status: K.ComplaintStatus;
}

const d = (col: string, as: string) => `to_char(k.${col}, 'YYYY-MM-DD') AS "${as}"`;
const SELECT = `SELECT k.id, k.case_id AS "caseId", ${d('received_on', 'receivedOn')}, k.decision_type AS "decisionType",
       ${d('decision_on', 'decisionOn')}, ${d('notified_on', 'notifiedOn')}, k.letter_id AS "letterId", k.reason, k.summary,
       ${d('complaint_due', 'complaintDue')}, k.late, ${d('reassess_legal_date', 'reassessLegalDate')}, ${d('reassess_due', 'reassessDue')},
       k.outcome, ${d('decided_on', 'decidedOn')}, k.outcome_note AS "outcomeNote", k.reassessed_on_time AS "reassessedOnTime",
       k.board_result AS "boardResult", ${d('board_received_on', 'boardReceivedOn')}, cu.name AS "createdBy", du.name AS "decidedBy"
  FROM complaint k LEFT JOIN app_user cu ON cu.id = k.created_by LEFT JOIN app_user du ON du.id = k.decided_by`;

type Row = Omit<ComplaintView, 'status'>;

/** The summary and the outcome note are free text that may name the citizen or their health. */
function present(r: Row, ctx: Ctx): ComplaintView {
  const identify = can(ctx.actor, 'citizen:identify');
  return {
    ...r,
    summary: identify ? r.summary : HIDDEN,
    outcomeNote: identify || r.outcomeNote == null ? r.outcomeNote : HIDDEN,
    status: K.complaintStatus(r, ctx.today),
  };
}

export function registerComplaint(ctx: Ctx, caseId: number, input: K.RegisterComplaintInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (input.receivedOn > ctx.today) throw invalidField('receivedOn', 'Klagen kan ikke være modtaget i fremtiden');
    if (input.decisionOn > ctx.today) throw invalidField('decisionOn', 'Afgørelsens dato kan ikke ligge i fremtiden');
    if (input.receivedOn < input.decisionOn) throw invalidField('receivedOn', `Klagen kan ikke være modtaget før afgørelsen blev truffet (${input.decisionOn})`);
    let notifiedOn = input.notifiedOn ?? input.decisionOn;
    if (input.letterId != null) {
      const [letter] = await tx.query<{ caseId: number; kind: string; status: string; scheduledFor: string | null }>(
        `SELECT case_id AS "caseId", kind, status, to_char(scheduled_for, 'YYYY-MM-DD') AS "scheduledFor" FROM letter WHERE id = $1`, [input.letterId]);
      if (!letter || letter.caseId !== caseId) throw invalidField('letterId', 'Brevet findes ikke på sagen');
      if (letter.kind !== 'decision') throw invalidField('letterId', 'Brevet er ikke en afgørelse');
      if (letter.status !== 'approved') throw invalidField('letterId', 'Afgørelsesbrevet er ikke godkendt og sendt');
      // The citizen is told when the letter goes out (Digital Post delivers on the dispatch day), not when it was decided.
      // A letter the dispatch policy still holds has not reached the citizen: the decision day stands until it goes.
      if (!input.notifiedOn && letter.scheduledFor && letter.scheduledFor > notifiedOn && letter.scheduledFor <= ctx.today) notifiedOn = letter.scheduledFor;
    }
    if (notifiedOn < input.decisionOn) throw invalidField('notifiedOn', 'Borgeren kan ikke have fået afgørelsen før den blev truffet');
    if (notifiedOn > ctx.today) throw invalidField('notifiedOn', 'Datoen for meddelelsen kan ikke ligge i fremtiden');
    const policy = await policyInForce(tx, input.receivedOn);
    const cal = municipalCalendar(policy.closedDays);
    const due = K.complaintDeadline(notifiedOn, cal, policy.interpretations['citizen-deadline-on-closed-day']);
    const late = K.isLate(input.receivedOn, due.due);
    const reassess = K.reassessmentDeadline(input.receivedOn, cal);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO complaint (case_id, citizen_id, received_on, decision_type, decision_on, notified_on, letter_id, reason, summary,
                              complaint_due, late, reassess_legal_date, reassess_due, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [caseId, state.citizenId, input.receivedOn, input.decisionType, input.decisionOn, notifiedOn, input.letterId ?? null, input.reason,
        input.summary, due.due, late, reassess.legalDate, reassess.due, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'complaint', entityId: row.id, citizenId: state.citizenId, details: { caseId, decisionType: input.decisionType, late, reassessDue: reassess.due } });
    return { id: row.id, complaintDue: due.due, late, reassessDue: reassess.due, reassessLegalDate: reassess.legalDate };
  });
}

async function complaintForUpdate(tx: Queryable, id: number) {
  const [k] = await tx.query<{ caseId: number; receivedOn: string; reassessLegalDate: string; outcome: K.Outcome | null; decidedOn: string | null; boardResult: K.BoardResult | null }>(
    `SELECT case_id AS "caseId", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(reassess_legal_date, 'YYYY-MM-DD') AS "reassessLegalDate",
            outcome, to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", board_result AS "boardResult" FROM complaint WHERE id = $1 FOR UPDATE`, [id]);
  if (!k) throw notFound('Klagen');
  return k;
}

/** The municipality's reassessment within 4 weeks; records whether it came on time. */
export function recordReassessment(ctx: Ctx, id: number, input: K.ReassessmentInput) {
  return ctx.db.transaction(async (tx) => {
    const k = await complaintForUpdate(tx, id);
    // The case row is locked too; the order (the row, then its case) is the one inquiries use.
    const state = await loadCaseForUpdate(tx, k.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (k.outcome) throw invalidField('outcome', `Genvurderingen er allerede registreret ${k.decidedOn}`);
    if (input.decidedOn < k.receivedOn) throw invalidField('decidedOn', `Genvurderingen kan ikke ligge før klagen blev modtaget (${k.receivedOn})`);
    if (input.decidedOn > ctx.today) throw invalidField('decidedOn', 'Datoen for genvurderingen kan ikke ligge i fremtiden');
    const onTime = K.reassessedOnTime(input.decidedOn, k.reassessLegalDate);
    await tx.query(
      `UPDATE complaint SET outcome = $2, decided_on = $3, outcome_note = $4, reassessed_on_time = $5, decided_by = $6, decided_at = $7 WHERE id = $1`,
      [id, input.outcome, input.decidedOn, input.note ?? null, onTime, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'complaint', entityId: id, citizenId: state.citizenId, details: { outcome: input.outcome, decidedOn: input.decidedOn, onTime } });
    return { id, outcome: input.outcome, reassessedOnTime: onTime, sentToBoard: K.goesToBoard(input.outcome) };
  });
}

/** Ankestyrelsen's result on a complaint the municipality sent on. */
export function recordBoardResult(ctx: Ctx, id: number, input: K.BoardResultInput) {
  return ctx.db.transaction(async (tx) => {
    const k = await complaintForUpdate(tx, id);
    const state = await loadCaseForUpdate(tx, k.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (!k.outcome) throw invalidField('result', 'Klagen er ikke genvurderet og sendt til Ankestyrelsen endnu');
    if (!K.goesToBoard(k.outcome)) throw invalidField('result', 'Borgeren fik fuldt medhold ved genvurderingen; klagen blev ikke sendt til Ankestyrelsen');
    if (k.boardResult) throw invalidField('result', 'Ankestyrelsens afgørelse er allerede registreret');
    if (input.receivedOn < k.decidedOn!) throw invalidField('receivedOn', `Ankestyrelsens afgørelse kan ikke være modtaget før klagen blev sendt (${k.decidedOn})`);
    if (input.receivedOn > ctx.today) throw invalidField('receivedOn', 'Ankestyrelsens afgørelse kan ikke være modtaget i fremtiden');
    await tx.query(`UPDATE complaint SET board_result = $2, board_received_on = $3, board_by = $4, board_at = $5 WHERE id = $1`,
      [id, input.result, input.receivedOn, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'complaint', entityId: id, citizenId: state.citizenId, details: { boardResult: input.result, receivedOn: input.receivedOn } });
    return { id, boardResult: input.result };
  });
}

/** The case's complaints, newest first. */
export function listComplaints(ctx: Ctx, caseId: number): Promise<{ today: string; complaints: ComplaintView[] }> {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<Row>(`${SELECT} WHERE k.case_id = $1 ORDER BY k.received_on DESC, k.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'complaint', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    return { today: ctx.today, complaints: rows.map((r) => present(r, ctx)) };
  });
}

/**
 * Complaint figures, like inquiry compliance: roles holding both `rules:preview` and `case:read` (team leaders,
 * managers, analysts); team leaders see their own team's complaints, managers and analysts the municipality's.
 * Aggregates only, no citizen or free text.
 */
export function complaintFigures(ctx: Ctx, p: { from: string; to: string }) {
  require(ctx.actor, 'rules:preview');
  if (!can(ctx.actor, 'case:read')) throw forbidden();
  const team = seesAllTeams(ctx.actor) ? null : ctx.actor.teamId ?? -1;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<K.FigureRow>(
      `SELECT to_char(k.received_on, 'YYYY-MM-DD') AS "receivedOn", k.reason, k.decision_type AS "decisionType", k.late,
              to_char(k.reassess_due, 'YYYY-MM-DD') AS "reassessDue", k.outcome, k.reassessed_on_time AS "reassessedOnTime", k.board_result AS "boardResult"
         FROM complaint k JOIN sb_case c ON c.id = k.case_id
        WHERE k.received_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR c.team_id = $3)`, [p.from, p.to, team]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'complaint-figures', entityId: null, citizenId: null, details: { from: p.from, to: p.to, team } });
    return { teamId: team, today: ctx.today, ...K.complaintFigures(rows, p.from, p.to, ctx.today) };
  });
}
