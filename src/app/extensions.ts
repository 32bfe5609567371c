/**
 * Extensions at the revurdering (SDL § 27): recording one fixes its end day (nr. 2 and 3) from the revurdering month
 * end, and, when the case has no revurdering recorded yet, records it (the case fact `reassessedOn`) through the case's
 * facts change in the same transaction, so the plan's reassessment deadline is met at once. Like complaints, the
 * extension itself is a row of its own; each write is one transaction with its audit entry, each read is audited.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN } from './present.ts';
import { mutateCaseIn } from './caseWrite.ts';
import { policyInForce } from './plans.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, loadCaseForUpdate } from '../db/caseStore.ts';
import * as Case from '../domain/case.ts';
import { can, requireCaseAccess } from '../domain/permissions.ts';
import { DomainError, invalidField, notFound } from '../domain/errors.ts';
import * as X from '../domain/extensions.ts';

/** A suggestion only: after the first half year the law sets no interval (F-4), the caseworker agrees one with the citizen. */
export const SUGGESTED_FOLLOW_UP_WEEKS = 4;

export interface ExtensionView {
  id: number;
  caseId: number;
  ground: X.Ground;
  groundLabel: string;
  runs: string;
  source: string;
  confidence: X.Confidence;
  decidedOn: string;
  basisMonthEnd: string;
  endsOn: string | null;
  hospitalWaitDays: number | null;
  note: string | null;
  createdBy: string | null;
  endedOn: string | null;
  endReason: X.EndReason | null;
  active: boolean;
  notes: X.ExtensionNote[];
  /** While it runs: the last follow-up held, and a suggested next one (F-4), no later than the end day. */
  lastFollowUpOn: string | null;
  suggestedNextFollowUp: string | null;
}

const d = (col: string, as: string) => `to_char(x.${col}, 'YYYY-MM-DD') AS "${as}"`;
const SELECT = `SELECT x.id, x.case_id AS "caseId", x.ground, ${d('decided_on', 'decidedOn')}, ${d('basis_month_end', 'basisMonthEnd')},
       ${d('ends_on', 'endsOn')}, x.hospital_wait_days AS "hospitalWaitDays", x.note, cu.name AS "createdBy", ${d('ended_on', 'endedOn')},
       x.end_reason AS "endReason"
  FROM case_extension x LEFT JOIN app_user cu ON cu.id = x.created_by`;
type Row = Pick<ExtensionView, 'id' | 'caseId' | 'ground' | 'decidedOn' | 'basisMonthEnd' | 'endsOn' | 'hospitalWaitDays' | 'note' | 'createdBy' | 'endedOn' | 'endReason'>;

/** The revurdering month end of the case's plan (the reassessment deadline's legal date), if the plan has one. */
async function planMonthEnd(tx: Queryable, caseId: number): Promise<string | null> {
  const [r] = await tx.query<{ d: string }>(`SELECT to_char(legal_date, 'YYYY-MM-DD') AS d FROM case_deadline WHERE case_id = $1 AND kind = 'reassessment'`, [caseId]);
  return r?.d ?? null;
}

export function recordExtension(ctx: Ctx, caseId: number, input: X.ExtensionInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (state.status !== 'open') throw new DomainError('conflict', 'Sagen er afsluttet. Genåbn den først.');
    if (input.version !== undefined) Case.ensureVersion(state, input.version);
    const ground = input.ground as X.Ground;
    if (input.decidedOn > ctx.today) throw invalidField('decidedOn', 'Afgørelsen om forlængelse kan ikke ligge i fremtiden');
    if (input.decidedOn < state.firstAbsenceDay) throw invalidField('decidedOn', `Afgørelsen kan ikke ligge før første fraværsdag (${state.firstAbsenceDay})`);
    const basisMonthEnd = input.basisMonthEnd ?? await planMonthEnd(tx, caseId);
    if (!basisMonthEnd) throw invalidField('basisMonthEnd', 'Sagen har ingen revurderingsdato i planen; angiv revurderingsmånedens sidste dag');
    if (basisMonthEnd < state.firstAbsenceDay) throw invalidField('basisMonthEnd', 'Revurderingstidspunktet kan ikke ligge før første fraværsdag');
    const [running] = await tx.query<{ id: number; ground: number }>(
      `SELECT id, ground FROM case_extension WHERE case_id = $1 AND ended_on IS NULL AND (ends_on IS NULL OR ends_on >= $2)`, [caseId, input.decidedOn]);
    if (running) throw invalidField('ground', `Sagen har allerede en forlængelse efter nr. ${running.ground}; afslut den først`);
    const endsOn = X.extensionEnd(ground, basisMonthEnd, input.hospitalWaitDays ?? 0);
    const policy = await policyInForce(tx, input.decidedOn);
    const notes = X.extensionNotes(ground, input.decidedOn, basisMonthEnd, endsOn, policy.interpretations['rs2026-start']);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO case_extension (case_id, citizen_id, ground, decided_on, basis_month_end, ends_on, hospital_wait_days, note, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [caseId, state.citizenId, ground, input.decidedOn, basisMonthEnd, endsOn, ground === 3 ? input.hospitalWaitDays ?? 0 : null, input.note ?? null, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-extension', entityId: row.id, citizenId: state.citizenId, details: { caseId, ground, decidedOn: input.decidedOn, endsOn } });
    // The revurdering is the decision on extension (P-10, P-16): record it on the case if it is not yet, through the
    // same domain command as PATCH /api/cases/:id, so the plan is recomputed in this transaction.
    let version = state.version;
    if (!state.reassessedOn) {
      const next = await mutateCaseIn(ctx, tx, caseId, 'case:write', async (s) =>
        Case.changeCase(s, input.version ?? s.version, { reassessedOn: input.decidedOn }, ctx.today));
      version = next.version;
    }
    return { id: row.id, ground, basisMonthEnd, endsOn, notes, reassessedOn: state.reassessedOn ?? input.decidedOn, version };
  });
}

export function endExtension(ctx: Ctx, id: number, input: X.EndExtensionInput) {
  return ctx.db.transaction(async (tx) => {
    // The case row first, then the extension: the order every case write takes its locks in.
    const [ref] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM case_extension WHERE id = $1', [id]);
    if (!ref) throw notFound('Forlængelsen');
    const state = await loadCaseForUpdate(tx, ref.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    const [x] = await tx.query<{ caseId: number; decidedOn: string; endsOn: string | null; endedOn: string | null }>(
      `SELECT case_id AS "caseId", to_char(decided_on, 'YYYY-MM-DD') AS "decidedOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
              to_char(ended_on, 'YYYY-MM-DD') AS "endedOn" FROM case_extension WHERE id = $1 FOR UPDATE`, [id]);
    if (x.endedOn) throw invalidField('endedOn', `Forlængelsen er allerede afsluttet ${x.endedOn}`);
    if (input.endedOn < x.decidedOn) throw invalidField('endedOn', `Forlængelsen kan ikke ophøre før den blev bevilget (${x.decidedOn})`);
    if (input.endedOn > ctx.today) throw invalidField('endedOn', 'Datoen kan ikke ligge i fremtiden');
    if (x.endsOn && input.endedOn > x.endsOn) throw invalidField('endedOn', `Forlængelsen udløb allerede ${x.endsOn}`);
    await tx.query(`UPDATE case_extension SET ended_on = $2, end_reason = $3, ended_by = $4, ended_at = $5 WHERE id = $1`,
      [id, input.endedOn, input.reason, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case-extension', entityId: id, citizenId: state.citizenId, details: { endedOn: input.endedOn, reason: input.reason } });
    return { id, endedOn: input.endedOn, reason: input.reason };
  });
}

/** The case's extensions, newest first, with the grounds' sources and the follow-up while one runs. */
export function listExtensions(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<Row>(`${SELECT} WHERE x.case_id = $1 ORDER BY x.decided_on DESC, x.id DESC`, [caseId]);
    const [last] = await tx.query<{ d: string | null }>(
      `SELECT to_char(max(held_on), 'YYYY-MM-DD') AS d FROM follow_up_meeting WHERE case_id = $1 AND status = 'held'`, [caseId]);
    const policy = await policyInForce(tx, ctx.today);
    const identify = can(ctx.actor, 'citizen:identify');
    await auditAs(ctx, tx, { operation: 'read', entity: 'case-extension', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    const extensions: ExtensionView[] = rows.map((r) => {
      const g = X.GROUNDS[r.ground];
      const active = X.extensionActiveOn(r, ctx.today);
      const lastFollowUpOn = last?.d && last.d >= r.decidedOn ? last.d : null;
      return {
        ...r, groundLabel: g.label, runs: g.runs, source: g.source, confidence: g.unverifiedAfterReform && r.decidedOn >= policy.interpretations['rs2026-start'] ? 'L' : g.confidence,
        // The note is free text that may name the citizen's health.
        note: identify || r.note == null ? r.note : HIDDEN,
        active,
        notes: X.extensionNotes(r.ground, r.decidedOn, r.basisMonthEnd, r.endsOn, policy.interpretations['rs2026-start']),
        lastFollowUpOn,
        suggestedNextFollowUp: active ? X.nextFollowUpDuringExtension(r, lastFollowUpOn, SUGGESTED_FOLLOW_UP_WEEKS) : null,
      };
    });
    const grounds = X.GROUND_NUMBERS.map((n) => ({ ground: n, ...X.GROUNDS[n] }));
    return { today: ctx.today, rs2026Start: policy.interpretations['rs2026-start'], planMonthEnd: await planMonthEnd(tx, caseId), grounds, extensions };
  });
}
