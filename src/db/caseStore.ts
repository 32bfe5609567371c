/** SQL for case state and case history. The only module that knows the sb_case columns. */
import type { Queryable } from './engine.ts';
import { applyAction, type CaseActionBody, type CaseState } from '../domain/case.ts';
import { notFound } from '../domain/errors.ts';

/** Every CaseState field and its column, in one list: reads, inserts and updates are generated from it. */
const COLUMNS: [keyof CaseState, string][] = [
  ['citizenId', 'citizen_id'], ['teamId', 'team_id'], ['kind', 'kind'], ['firstAbsenceDay', 'first_absence_day'],
  ['employment', 'employment'], ['employerId', 'employer_id'], ['sickLeave', 'sick_leave'], ['partialHours', 'partial_hours'],
  ['expectedFullReturn', 'expected_full_return'], ['category', 'category'], ['targetGroup', 'target_group'], ['pathway', 'pathway'], ['diagnosisGroup', 'diagnosis_group'],
  ['fastTrack', 'fast_track'], ['standby', 'standby'], ['caseworkerId', 'caseworker_id'], ['status', 'status'],
  ['exitDate', 'exit_date'], ['exitReason', 'exit_reason'], ['version', 'version'],
  ['pensioner', 'pensioner'], ['selfEmployedInsured', 'self_employed_insured'], ['predictableCourse', 'predictable_course'],
  ['notificationReceived', 'notification_received'], ['informationFormSent', 'information_form_sent'],
  ['medicalCertificateRequested', 'medical_certificate_requested'], ['plannedFirstFollowUp', 'planned_first_follow_up'],
  ['fastTrackRequestedBy', 'fast_track_requested_by'], ['fastTrackRequested', 'fast_track_requested'],
  ['fastTrackLetterSent', 'fast_track_letter_sent'], ['fastTrackDeclined', 'fast_track_declined'], ['reassessedOn', 'reassessed_on'], ['informationFormReceived', 'information_form_received'],
];

/** `c.id, c.citizen_id AS "citizenId", …`: select a case as CaseState (plus id) straight from SQL. */
export const CASE_COLUMNS = ['c.id', ...COLUMNS.map(([f, col]) => `c.${col} AS "${f}"`)].join(', ');
export const CASE_COLUMN_NAMES = COLUMNS.map(([, col]) => col);
export type CaseRow = CaseState & { id: number };
export const stateValues = (s: CaseState) => COLUMNS.map(([f]) => s[f]);

/** Loads a case and locks its row until the transaction ends, so concurrent edits queue up. */
export async function loadCaseForUpdate(tx: Queryable, id: number): Promise<CaseRow> {
  const [row] = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.id = $1 FOR UPDATE`, [id]);
  if (!row) throw notFound('Sagen');
  return row;
}

export async function loadCase(tx: Queryable, id: number): Promise<CaseRow> {
  const [row] = await tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.id = $1`, [id]);
  if (!row) throw notFound('Sagen');
  return row;
}

/**
 * Applies one action: computes the new state, writes it and appends the action, all on `tx`.
 * `current` is null for a new case.
 */
export async function commitAction(tx: Queryable, current: CaseRow | null, action: CaseActionBody, actorId: number | null, at: Date | string): Promise<CaseRow> {
  const next = applyAction(current, action);
  const values = stateValues(next);
  let id: number;
  if (!current) {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO sb_case (${CASE_COLUMN_NAMES.join(', ')}, created_at, updated_at) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}, $${values.length + 1}, $${values.length + 1}) RETURNING id`, [...values, at]);
    id = row.id;
  } else {
    id = current.id;
    await tx.query(
      `UPDATE sb_case SET ${CASE_COLUMN_NAMES.map((c, i) => `${c} = $${i + 1}`).join(', ')}, updated_at = $${values.length + 2} WHERE id = $${values.length + 1}`,
      [...values, id, at]);
  }
  await tx.query(
    `INSERT INTO case_action (case_id, seq, type, actor_id, payload, at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [id, next.version, action.type, actorId, JSON.stringify(action), at],
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
  return tx.query<StoredAction>(
    `SELECT a.seq, a.type, a.at, a.actor_id AS "actorId", u.name AS "actorName", a.payload
       FROM case_action a LEFT JOIN app_user u ON u.id = a.actor_id
      WHERE a.case_id = $1 ORDER BY a.seq`,
    [caseId],
  );
}
