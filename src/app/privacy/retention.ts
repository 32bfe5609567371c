/**
 * Retention (GDPR art. 5(1)(e), storage limitation): closed cases go a number of years after their exit date,
 * notes and meeting notes may go sooner, audit entries after their own period, expired sessions and failed logins
 * after days; a citizen with no case left is anonymised (the row stays, so audit entries keep pointing at an id
 * that no longer names anyone). The periods are the municipality's, in its versioned policy (rules/policy.ts).
 *
 * A dry run comes first and says what would go, without CPR numbers or names. Applying takes the cut-offs the dry
 * run showed and refuses if they are no longer today's, so nothing goes that the administrator did not see.
 * Everything happens in one transaction with its audit entries.
 */
import type { Ctx } from '../context.ts';
import { auditAs } from '../context.ts';
import type { Queryable } from '../../db/engine.ts';
import { require } from '../../domain/permissions.ts';
import { DomainError } from '../../domain/errors.ts';
import { addDays, addMonths, type IsoDate } from '../../domain/dates.ts';
import { DEFAULT_POLICY, type RetentionPolicy } from '../../rules/policy.ts';
import { policyInForce } from '../plans.ts';
import { PERSONAL_DATA } from './registry.ts';

/**
 * Where each period ends, as days (Danish calendar): whole days keep the cut-offs the same from the dry run to the
 * deletion on the same day, so the administrator deletes exactly what the dry run showed.
 */
export interface RetentionCutoffs {
  /** Closed cases whose exit date is before this day go, with everything recorded on them. */
  casesExitedBefore: IsoDate;
  /** Notes and meeting notes of closed cases whose exit date is before this day go. */
  notesExitedBefore: IsoDate;
  /** Audit entries written before this day go (the database keeps anything younger than a year regardless). */
  auditBefore: IsoDate;
  /** Sessions that expired or went idle before this day go. */
  sessionsBefore: IsoDate;
  /** Failed logins before this day go. */
  loginFailuresBefore: IsoDate;
  discardedMailBefore: IsoDate;
}

export interface RetentionReport {
  today: IsoDate;
  periods: RetentionPolicy;
  cutoffs: RetentionCutoffs;
  applied: boolean;
  counts: {
    cases: number;
    /** Rows per table that go with those cases. */
    caseRows: Record<string, number>;
    notes: number;
    meetingNotes: number;
    citizensAnonymised: number;
    auditEntries: number;
    sessions: number;
    loginFailures: number;
    discardedMail: number;
  };
  /** The cases that go: no CPR numbers or names. */
  cases: { id: number; kind: string; exitDate: IsoDate; exitReason: string | null; team: string }[];
}

/** What replaces the text of an expired note in the case history (the history keeps that a note was written). */
export const EXPIRED_TEXT = '(Slettet efter opbevaringsperioden)';

export function cutoffsFor(periods: RetentionPolicy, today: IsoDate): RetentionCutoffs {
  return {
    casesExitedBefore: addMonths(today, -12 * periods.caseYears),
    notesExitedBefore: addMonths(today, -12 * periods.noteYears),
    auditBefore: addMonths(today, -12 * periods.auditYears),
    sessionsBefore: addDays(today, -periods.sessionDays),
    loginFailuresBefore: addDays(today, -periods.loginFailureDays),
    discardedMailBefore: addDays(today, -(periods.discardedMailDays ?? 30)),
  };
}
/** The first moment of a day, for comparing timestamps with a cut-off day (UTC: a matter of hours on periods of days and years). */
const startOf = (d: IsoDate) => `${d}T00:00:00Z`;

// The audit log's own guard (migration 004) refuses a cut-off less than a year old; with a clock set ahead of the
// database's (RETUR_CLOCK in demos), the effective cut-off is the younger of the two so the run still succeeds.
const AUDIT_CUTOFF = `LEAST($1::timestamptz, now() - interval '1 year')`;
const count = async (q: Queryable, sql: string, params: unknown[]) => Number((await q.query<{ n: number }>(sql, params))[0].n);

async function survey(q: Queryable, today: IsoDate) {
  const policy = await policyInForce(q, today);
  const periods = { ...DEFAULT_POLICY.retention!, ...policy.retention };
  const cutoffs = cutoffsFor(periods, today);
  const cases = await q.query<{ id: number; kind: string; exitDate: IsoDate; exitReason: string | null; team: string; citizenId: number }>(
    `SELECT c.id, c.kind, c.exit_date AS "exitDate", c.exit_reason AS "exitReason", t.name AS team, c.citizen_id AS "citizenId"
       FROM sb_case c JOIN team t ON t.id = c.team_id
      WHERE c.status = 'closed' AND c.exit_date < $1 ORDER BY c.exit_date, c.id`, [cutoffs.casesExitedBefore]);
  const ids = cases.map((c) => c.id);
  const caseRows: Record<string, number> = {};
  for (const t of PERSONAL_DATA.filter((t) => t.via === 'case')) caseRows[t.table] = ids.length ? await count(q, `SELECT count(*) AS n FROM ${t.table} WHERE case_id = ANY($1::int[])`, [ids]) : 0;
  // Notes of closed cases that stay (those of cases that go are counted with them).
  const noteCases = `SELECT id FROM sb_case WHERE status = 'closed' AND exit_date < $1 AND exit_date >= $2`;
  const notes = await count(q, `SELECT count(*) AS n FROM case_note WHERE case_id IN (${noteCases})`, [cutoffs.notesExitedBefore, cutoffs.casesExitedBefore]);
  const meetingNotes = await count(q, `SELECT count(*) AS n FROM follow_up_meeting WHERE (notes IS NOT NULL OR minutes IS NOT NULL) AND case_id IN (${noteCases})`, [cutoffs.notesExitedBefore, cutoffs.casesExitedBefore]);
  const citizensAnonymised = await count(q,
    `SELECT count(*) AS n FROM citizen z WHERE z.anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM sb_case s WHERE s.citizen_id = z.id AND NOT (s.id = ANY($1::int[])))`, [ids]);
  const auditEntries = await count(q, `SELECT count(*) AS n FROM audit_entry WHERE at < ${AUDIT_CUTOFF}`, [startOf(cutoffs.auditBefore)]);
  const sessions = await count(q, 'SELECT count(*) AS n FROM user_session WHERE expires_at < $1 OR last_seen_at < $1', [startOf(cutoffs.sessionsBefore)]);
  const loginFailures = await count(q, 'SELECT count(*) AS n FROM login_failure WHERE at < $1', [startOf(cutoffs.loginFailuresBefore)]);
  // Unmatched mail waits for a caseworker however old it is; only what was discarded expires (matched mail goes with its case).
  const discardedMail = await count(q, `SELECT count(*) AS n FROM inbound_email WHERE status = 'discarded' AND received_at < $1`, [startOf(cutoffs.discardedMailBefore)]);
  const report: RetentionReport = {
    today, periods, cutoffs, applied: false,
    counts: { cases: cases.length, caseRows, notes, meetingNotes, citizensAnonymised, auditEntries, sessions, loginFailures, discardedMail },
    cases: cases.map(({ citizenId: _, ...c }) => c),
  };
  return { report, cases };
}

/** The dry run: what the retention run would delete and anonymise today. Changes nothing but the audit log. */
export async function previewRetention(ctx: Ctx): Promise<RetentionReport> {
  require(ctx.actor, 'privacy:admin');
  return ctx.db.transaction(async (tx) => {
    const { report } = await survey(tx, ctx.today);
    await auditAs(ctx, tx, { operation: 'read', entity: 'retention', details: { dryRun: true, cutoffs: report.cutoffs, counts: report.counts } });
    return report;
  });
}

/** Applies the retention run with the cut-offs a dry run showed; refuses (409) if they are no longer today's. */
export async function applyRetention(ctx: Ctx, input: { cutoffs: RetentionCutoffs }): Promise<RetentionReport> {
  require(ctx.actor, 'privacy:admin');
  return ctx.db.transaction(async (tx) => {
    const { report, cases } = await survey(tx, ctx.today);
    const c = report.cutoffs;
    const stale = (Object.keys(c) as (keyof RetentionCutoffs)[]).filter((k) => String(input.cutoffs[k]) !== String(c[k]));
    if (stale.length) {
      throw new DomainError('conflict', 'Opbevaringsrapporten er forældet: datoen eller kommunens opbevaringsperioder har ændret sig. Se rapporten igen, før du sletter.',
        stale.map((k) => ({ path: `cutoffs.${k}`, message: `Skæringstidspunktet er nu ${c[k]}` })));
    }
    const ids = cases.map((x) => x.id);
    if (ids.length) {
      // Children before the case (registry order), so no foreign key is left dangling.
      for (const t of PERSONAL_DATA.filter((t) => t.via === 'case')) await tx.query(`DELETE FROM ${t.table} WHERE case_id = ANY($1::int[])`, [ids]);
      await tx.query('DELETE FROM sb_case WHERE id = ANY($1::int[])', [ids]);
    }

    // Notes and meeting notes of closed cases past the note period; the history keeps that they were written, not what.
    const noteCases = `SELECT id FROM sb_case WHERE status = 'closed' AND exit_date < $1`;
    await tx.query(`DELETE FROM case_note WHERE case_id IN (${noteCases})`, [c.notesExitedBefore]);
    await tx.query(`UPDATE follow_up_meeting SET notes = NULL, minutes = NULL WHERE (notes IS NOT NULL OR minutes IS NOT NULL) AND case_id IN (${noteCases})`, [c.notesExitedBefore]);
    await tx.query(
      `UPDATE case_action SET payload = jsonb_set(payload, '{text}', to_jsonb($2::text))
        WHERE type = 'note-added' AND payload->>'text' IS DISTINCT FROM $2 AND case_id IN (${noteCases})`, [c.notesExitedBefore, EXPIRED_TEXT]);
    await tx.query(
      `UPDATE case_action SET payload = jsonb_set(payload, '{notes}', 'null'::jsonb)
        WHERE type = 'meeting-recorded' AND payload->>'notes' IS NOT NULL AND case_id IN (${noteCases})`, [c.notesExitedBefore]);
    // Minutes are free text like notes: their copies in the history go with them.
    await tx.query(
      `UPDATE case_action SET payload = payload || jsonb_build_object('agreed', $2::text, 'nextSteps', $2::text, 'nextMeeting', NULL)
        WHERE type = 'minutes-written' AND payload->>'agreed' IS DISTINCT FROM $2 AND case_id IN (${noteCases})`, [c.notesExitedBefore, EXPIRED_TEXT]);

    const anonymised = await anonymiseCitizensWithoutCases(tx, ctx.now);

    await tx.query(`SELECT set_config('retur.audit_expiry_before', (${AUDIT_CUTOFF})::text, true)`, [startOf(c.auditBefore)]);
    await tx.query(`DELETE FROM audit_entry WHERE at < ${AUDIT_CUTOFF}`, [startOf(c.auditBefore)]);
    await tx.query('DELETE FROM user_session WHERE expires_at < $1 OR last_seen_at < $1', [startOf(c.sessionsBefore)]);
    await tx.query('DELETE FROM login_failure WHERE at < $1', [startOf(c.loginFailuresBefore)]);
    await tx.query(`DELETE FROM inbound_email WHERE status = 'discarded' AND received_at < $1`, [startOf(c.discardedMailBefore)]);

    await auditAs(ctx, tx, [
      { operation: 'write', entity: 'retention', details: { cutoffs: c, counts: { ...report.counts, citizensAnonymised: anonymised.length } } },
      ...cases.map((x) => ({ operation: 'write' as const, entity: 'case', entityId: x.id, citizenId: x.citizenId, details: { action: 'deleted-by-retention' } })),
      ...anonymised.map((id) => ({ operation: 'write' as const, entity: 'citizen', entityId: id, citizenId: id, details: { action: 'anonymised-by-retention' } })),
    ]);
    return { ...report, applied: true, counts: { ...report.counts, citizensAnonymised: anonymised.length } };
  });
}

/**
 * Wipes the identity of every citizen without a case: every column but the id and timestamps (so a column added
 * later, such as an address, is wiped too), and deletes their rows in registry tables keyed by citizen (except the
 * audit log, which expires on its own). Returns the ids.
 */
async function anonymiseCitizensWithoutCases(tx: Queryable, now: Date): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    'SELECT id FROM citizen z WHERE z.anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM sb_case s WHERE s.citizen_id = z.id) ORDER BY id');
  const ids = rows.map((r) => r.id);
  if (!ids.length) return ids;
  for (const t of PERSONAL_DATA.filter((t) => t.via === 'citizen' && t.table !== 'sb_case' && t.retention !== 'audit-expiry')) {
    await tx.query(`DELETE FROM ${t.table} WHERE citizen_id = ANY($1::int[])`, [ids]);
  }
  const columns = await tx.query<{ column_name: string; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'citizen'`);
  const sets = columns
    .filter((col) => !['id', 'created_at', 'anonymised_at'].includes(col.column_name))
    .map((col) => `${col.column_name} = ${col.is_nullable === 'YES' ? 'NULL' : col.column_default !== null ? 'DEFAULT' : col.column_name}`);
  await tx.query(`UPDATE citizen SET ${sets.join(', ')}, anonymised_at = $2 WHERE id = ANY($1::int[])`, [ids, now]);
  return ids;
}
