/** SQL for case state and case history. The only module that knows the sb_case columns. */
import type { Queryable } from './engine.ts';
import { applyAction, type CaseActionBody, type CaseState } from '../domain/case.ts';
import { notFound } from '../domain/errors.ts';

export const CASE_COLUMNS = `c.id, c.citizen_id, c.team_id, c.kind, c.first_absence_day, c.employment, c.employer_id,
  c.sick_leave, c.partial_hours, c.expected_full_return, c.category, c.target_group, c.pathway, c.fast_track,
  c.standby, c.caseworker_id, c.status, c.exit_date, c.exit_reason, c.version`;

export interface CaseRow {
  id: number; citizen_id: number; team_id: number; kind: string; first_absence_day: string; employment: string;
  employer_id: number | null; sick_leave: string; partial_hours: number | null; expected_full_return: string | null;
  category: number | null; target_group: number | null; pathway: number | null; fast_track: boolean; standby: boolean;
  caseworker_id: number | null; status: string; exit_date: string | null; exit_reason: string | null; version: number;
}

export const rowToState = (r: CaseRow): CaseState & { id: number } => ({
  id: r.id,
  citizenId: r.citizen_id,
  teamId: r.team_id,
  kind: r.kind as CaseState['kind'],
  firstAbsenceDay: r.first_absence_day,
  employment: r.employment as CaseState['employment'],
  employerId: r.employer_id,
  sickLeave: r.sick_leave as CaseState['sickLeave'],
  partialHours: r.partial_hours,
  expectedFullReturn: r.expected_full_return,
  category: r.category as CaseState['category'],
  targetGroup: r.target_group,
  pathway: r.pathway,
  fastTrack: r.fast_track,
  standby: r.standby,
  caseworkerId: r.caseworker_id,
  status: r.status as CaseState['status'],
  exitDate: r.exit_date,
  exitReason: r.exit_reason as CaseState['exitReason'],
  version: r.version,
});

const stateParams = (s: CaseState) => [
  s.citizenId, s.teamId, s.kind, s.firstAbsenceDay, s.employment, s.employerId, s.sickLeave, s.partialHours,
  s.expectedFullReturn, s.category, s.targetGroup, s.pathway, s.fastTrack, s.standby, s.caseworkerId, s.status,
  s.exitDate, s.exitReason, s.version,
];

/** Loads a case and locks its row until the transaction ends, so concurrent edits queue up. */
export async function loadCaseForUpdate(tx: Queryable, id: number) {
  const [row] = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.id = $1 FOR UPDATE`, [id]);
  if (!row) throw notFound('Sagen');
  return rowToState(row);
}

export async function loadCase(tx: Queryable, id: number) {
  const [row] = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.id = $1`, [id]);
  if (!row) throw notFound('Sagen');
  return rowToState(row);
}

/**
 * Applies one action: computes the new state, writes it and appends the action, all on `tx`.
 * `current` is null for a new case.
 */
export async function commitAction(
  tx: Queryable,
  current: (CaseState & { id: number }) | null,
  action: CaseActionBody,
  actorId: number | null,
  at?: string,
): Promise<CaseState & { id: number }> {
  const next = applyAction(current, action);
  let id: number;
  if (!current) {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO sb_case (citizen_id, team_id, kind, first_absence_day, employment, employer_id, sick_leave,
        partial_hours, expected_full_return, category, target_group, pathway, fast_track, standby, caseworker_id,
        status, exit_date, exit_reason, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id`,
      stateParams(next),
    );
    id = row.id;
  } else {
    id = current.id;
    await tx.query(
      `UPDATE sb_case SET citizen_id=$1, team_id=$2, kind=$3, first_absence_day=$4, employment=$5, employer_id=$6,
        sick_leave=$7, partial_hours=$8, expected_full_return=$9, category=$10, target_group=$11, pathway=$12,
        fast_track=$13, standby=$14, caseworker_id=$15, status=$16, exit_date=$17, exit_reason=$18, version=$19,
        updated_at=now()
       WHERE id=$20`,
      [...stateParams(next), id],
    );
  }
  await tx.query(
    `INSERT INTO case_action (case_id, seq, type, actor_id, payload, at) VALUES ($1, $2, $3, $4, $5::jsonb, COALESCE($6::timestamptz, now()))`,
    [id, next.version, action.type, actorId, JSON.stringify(action), at ?? null],
  );
  return { ...next, id };
}

export interface StoredAction {
  seq: number;
  type: string;
  at: string;
  actorId: number | null;
  actorName: string | null;
  payload: CaseActionBody;
}

export async function loadActions(tx: Queryable, caseId: number): Promise<StoredAction[]> {
  const rows = await tx.query<{ seq: number; type: string; at: string; actor_id: number | null; actor_name: string | null; payload: CaseActionBody }>(
    `SELECT a.seq, a.type, a.at, a.actor_id, u.name AS actor_name, a.payload
       FROM case_action a LEFT JOIN app_user u ON u.id = a.actor_id
      WHERE a.case_id = $1 ORDER BY a.seq`,
    [caseId],
  );
  return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at, actorId: r.actor_id, actorName: r.actor_name, payload: r.payload }));
}
