/**
 * The stored plan of each case: computed by the pure planner from the case's facts and the municipality's
 * policy, written in the same transaction as the change that caused it, with caseworkers' adjustments kept.
 */
import type { Ctx } from './context.ts';
import type { Database, Queryable } from '../db/engine.ts';
import { insertRows } from '../db/bulk.ts';
import { CASE_COLUMNS, type CaseRow } from '../db/caseStore.ts';
import type { CaseState } from '../domain/case.ts';
import type { IsoDate } from '../domain/dates.ts';
import { plan, type Deadline, type Plan } from '../rules/planner.ts';
import type { PlanFacts } from '../rules/facts.ts';
import { completePolicy, policyOn, type MunicipalPolicy, type PolicyVersion } from '../rules/policy.ts';
import { ruleSetPeriods } from '../rules/ruleSets.ts';
import { diffCases, heavyJob, planCases } from './plannerPool.ts';
import type { CaseFactsOf, PreviewChange } from './plannerWorker.ts';

export type { PreviewChange };

export interface FollowUp { date: IsoDate; form: NonNullable<PlanFacts['followUps']>[number]['form'] }

export async function loadPolicyVersions(q: Queryable): Promise<PolicyVersion[]> {
  const rows = await q.query<{ effective_from: string; policy: Partial<MunicipalPolicy> }>('SELECT effective_from, policy FROM municipal_policy ORDER BY effective_from, id');
  return rows.map((r) => ({ effectiveFrom: r.effective_from, policy: completePolicy(r.policy) }));
}

export async function policyInForce(q: Queryable, day: IsoDate): Promise<MunicipalPolicy> {
  return policyOn(await loadPolicyVersions(q), day);
}

/** The case as the planner sees it. */
export function planFactsOf(c: CaseState, followUps: FollowUp[]): PlanFacts {
  return {
    kind: c.kind === 'job_clarification' ? 'job-clarification' : 'sickness-benefit',
    firstAbsenceDay: c.firstAbsenceDay,
    employment: c.employment === 'self_employed' ? 'self-employed' : c.employment,
    selfEmployedInsured: c.selfEmployedInsured,
    pensioner: c.pensioner,
    category: c.category,
    standby: c.standby,
    predictableCourse: c.predictableCourse,
    expectedFullReturn: c.expectedFullReturn,
    notificationReceived: c.notificationReceived,
    informationFormSent: c.informationFormSent,
    informationFormReceived: c.informationFormReceived,
    medicalCertificateRequested: c.medicalCertificateRequested,
    plannedFirstFollowUp: c.plannedFirstFollowUp,
    reassessedOn: c.reassessedOn,
    fastTrack: c.fastTrackRequestedBy && c.fastTrackRequested
      ? { requestedBy: c.fastTrackRequestedBy, requested: c.fastTrackRequested, letterSent: c.fastTrackLetterSent, declined: c.fastTrackDeclined }
      : null,
    followUps,
    absencePeriods: [{ from: c.firstAbsenceDay, to: c.status === 'closed' ? c.exitDate : null }],
  };
}

/** Follow-up meetings held with the citizen present, per case: what counts towards SDL § 13 b. No-shows do not. */
export async function followUpsFor(q: Queryable, caseIds: number[]): Promise<Map<number, FollowUp[]>> {
  const map = new Map<number, FollowUp[]>();
  if (caseIds.length === 0) return map;
  const rows = await q.query<{ case_id: number; date: string; form: FollowUp['form'] }>(
    `SELECT case_id, held_on AS date, form FROM follow_up_meeting WHERE case_id = ANY($1::int[]) AND status = 'held' ORDER BY held_on`, [caseIds]);
  for (const r of rows) (map.get(r.case_id) ?? map.set(r.case_id, []).get(r.case_id)!).push({ date: r.date, form: r.form });
  return map;
}

interface StoredDeadline {
  case_id: number; kind: string; legal_date: string; due: string; duty: string; status: string; met_on: string | null; rule_id: string; rule_set: string;
  source: string; confidence: string; unverified: boolean; explanation: unknown; details: unknown;
  adjusted_due: string | null; adjust_reason: string | null; adjusted_by: number | null; adjusted_at: string | null;
}

/** JSON with sorted keys: jsonb does not keep key order, so stored and computed values compare by content. */
const stable = (v: unknown): string =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`
    : Array.isArray(v) ? `[${v.map(stable).join(',')}]` : JSON.stringify(v ?? null);
const storedSignature = (o: StoredDeadline) => stable([o.legal_date, o.due, o.duty, o.status, o.met_on, o.rule_id, o.rule_set, o.source, o.confidence.trim(), o.unverified, o.explanation, o.details]);
const computedSignature = (d: Deadline) => stable([d.legalDate, d.due, d.duty, d.status, d.metOn ?? null, d.ruleId, d.ruleSet, d.source, d.confidence, d.unverified, d.explanation, d.details ?? null]);

const DEADLINE_COLUMNS = ['case_id', 'kind', 'legal_date', 'due', 'duty', 'status', 'met_on', 'rule_id', 'rule_set', 'source', 'confidence', 'unverified', 'explanation', 'details', 'adjusted_due', 'adjust_reason', 'adjusted_by', 'adjusted_at'];

/**
 * Replaces the stored plans of the given cases. An adjustment survives while the legal date it was made
 * against stays the same; when the law or the facts move the legal date, the adjustment lapses.
 * Returns how many deadlines got a new effective due date.
 */
async function writePlans(q: Queryable, plans: Map<number, Plan>, today: IsoDate): Promise<number> {
  const ids = [...plans.keys()];
  if (ids.length === 0) return 0;
  const old = await q.query<StoredDeadline>(
    `SELECT case_id, kind, legal_date, due, duty, status, met_on, rule_id, rule_set, source, confidence, unverified, explanation, details,
            adjusted_due, adjust_reason, adjusted_by, adjusted_at FROM case_deadline WHERE case_id = ANY($1::int[])`, [ids]);
  const byKey = new Map(old.map((o) => [`${o.case_id}/${o.kind}`, o]));
  let moved = 0;
  const rows: unknown[][] = [];
  const changedIds = new Set<number>();
  for (const [caseId, p] of plans) {
    const seen = new Set<string>();
    for (const d of p.deadlines) {
      const prev = byKey.get(`${caseId}/${d.kind}`);
      seen.add(d.kind);
      const keep = prev?.adjusted_due && prev.legal_date === d.legalDate ? prev : null;
      const effective = keep?.adjusted_due ?? d.due;
      const prevEffective = prev ? prev.adjusted_due ?? prev.due : null;
      if (prev && prevEffective !== effective) moved++;
      if (!prev || (prev.adjusted_due && !keep) || storedSignature(prev) !== computedSignature(d)) changedIds.add(caseId);
      rows.push([caseId, d.kind, d.legalDate, d.due, d.duty, d.status, d.metOn ?? null, d.ruleId, d.ruleSet, d.source, d.confidence, d.unverified,
        JSON.stringify(d.explanation), d.details ? JSON.stringify(d.details) : null, keep?.adjusted_due ?? null, keep?.adjust_reason ?? null, keep?.adjusted_by ?? null, keep?.adjusted_at ?? null]);
    }
    for (const o of old) if (o.case_id === caseId && !seen.has(o.kind)) changedIds.add(caseId);
  }
  // Only cases whose plan actually changed are rewritten: the daily recompute touches few rows.
  const changed = [...changedIds];
  const [{ n: planned }] = await q.query<{ n: number }>('SELECT count(*) AS n FROM case_plan WHERE case_id = ANY($1::int[])', [ids]);
  const rewrite = planned < ids.length ? ids : changed;
  if (rewrite.length) {
    const keep = new Set(rewrite);
    await q.query('DELETE FROM case_deadline WHERE case_id = ANY($1::int[])', [rewrite]);
    await insertRows(q, 'case_deadline', DEADLINE_COLUMNS, rows.filter((r) => keep.has(r[0] as number)));
  }
  await q.query('DELETE FROM case_plan WHERE case_id = ANY($1::int[])', [ids]);
  await insertRows(q, 'case_plan', ['case_id', 'rule_set', 'issues', 'computed_on'], [...plans].map(([id, p]) => [id, p.ruleSet, JSON.stringify(p.issues), today]));
  return moved;
}

/** Hook run inside every case transaction after the state changed: the plan follows the facts. */
export async function afterCaseChange(ctx: Ctx, tx: Queryable, state: CaseRow): Promise<void> {
  if (state.status !== 'open') return; // a closed case's plan stops; reopening recomputes it
  const policy = await policyInForce(tx, ctx.today);
  const followUps = (await followUpsFor(tx, [state.id])).get(state.id) ?? [];
  await writePlans(tx, new Map([[state.id, plan(planFactsOf(state, followUps), ctx.today, policy)]]), ctx.today);
}

/** Open cases per read or write: one page holds the event loop (and PGlite) for some tens of milliseconds. */
const PAGE = 100;
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `work` (planning in the worker threads, see plannerPool.ts) over every open case, a page at a time, and
 * reads the next page while the workers plan the last. Between pages other requests get the event loop, and on
 * PGlite the database too: its queries run on this thread, and reading 2,000 cases at once held it for 0.2-0.6 s.
 * Results come back in case order.
 */
async function overOpenCases<T>(q: Queryable, work: (page: CaseFactsOf[], jobCases: number) => Promise<T>): Promise<{ cases: number; results: T[] }> {
  // How big the whole job is decides whether it is worth the worker threads (plannerPool.ts, inlineBelow).
  const [{ n: jobCases }] = await q.query<{ n: number }>(`SELECT count(*) AS n FROM sb_case WHERE status = 'open'`);
  const pending: Promise<T>[] = [];
  let cases = 0;
  for (let after = 0; ;) {
    const rows = await q.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM sb_case c WHERE c.status = 'open' AND c.id > $1 ORDER BY c.id LIMIT ${PAGE}`, [after]);
    if (rows.length === 0) break;
    await yieldToOthers();
    const followUps = await followUpsFor(q, rows.map((c) => c.id));
    const done = work(rows.map((c) => ({ id: c.id, facts: planFactsOf(c, followUps.get(c.id) ?? []) })), jobCases);
    done.catch(() => undefined); // awaited below; this only keeps a failure before then from counting as unhandled
    pending.push(done);
    cases += rows.length;
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
    await yieldToOthers();
  }
  return { cases, results: await Promise.all(pending) };
}

/**
 * Recomputes every open case (after a rule or policy change, or nightly), inside the caller's transaction.
 * Callers outside a transaction take their turn through `heavyJob` first (see recomputeAllOpenCases).
 */
export async function recomputeOpenCases(q: Queryable, today: IsoDate): Promise<{ cases: number; deadlinesMoved: number }> {
  const policy = await policyInForce(q, today);
  const { cases, results } = await overOpenCases(q, async (page, jobCases) => {
    const plans = await planCases(page, today, policy, jobCases);
    return new Map(page.map((c, i) => [c.id, plans[i]]));
  });
  // Written a page at a time, as read: the same rows as one big write, without one long block of the event loop.
  let moved = 0;
  for (const plans of results) {
    moved += await writePlans(q, plans, today);
    await yieldToOthers();
  }
  // Fresh statistics after a bulk rewrite, so the worklist query keeps its index plan (PGlite has no autovacuum).
  // On PGlite each ANALYZE is one uninterruptible call of ~0.2 s on this thread: let others in between.
  await q.query('ANALYZE case_deadline');
  await yieldToOthers();
  await q.query('ANALYZE case_plan');
  return { cases, deadlinesMoved: moved };
}

/** The daily recompute and `retur rules recompute`: waits for a running preview, then one transaction. */
export function recomputeAllOpenCases(db: Database, today: IsoDate): Promise<{ cases: number; deadlinesMoved: number }> {
  return heavyJob(() => db.transaction((tx) => recomputeOpenCases(tx, today)));
}

/** Which open cases' deadlines would differ between two policies (e.g. with and without RS-2027), evaluated on `asOf`. */
export async function previewPlans(q: Queryable, asOf: IsoDate, baseline: MunicipalPolicy, candidate: MunicipalPolicy) {
  const { cases, results } = await overOpenCases(q, (page, jobCases) => diffCases(page, asOf, baseline, candidate, jobCases));
  const changes = results.flat();
  const byKind: Record<string, number> = {};
  for (const ch of changes) byKind[ch.kind] = (byKind[ch.kind] ?? 0) + 1;
  return { openCases: cases, casesAffected: new Set(changes.map((c) => c.caseId)).size, byKind, changes };
}

/**
 * "What moves when this rule set takes effect": the policy in force with and without the rule set, on the day it
 * starts (or today, if it already has). Used by the rules page and `retur rules preview`.
 */
export async function previewRuleSet(q: Queryable, today: IsoDate, ruleSet: 'RS-2026' | 'RS-2027', asOf?: IsoDate) {
  const current = await policyInForce(q, today);
  const from = ruleSetPeriods(current).find((p) => p.id === ruleSet)!.validFrom;
  const day = asOf ?? (from > today ? from : today);
  const without = { ...current, disabledRuleSets: [...(current.disabledRuleSets ?? []), ruleSet] };
  return { asOf: day, ...(await previewPlans(q, day, without, current)) };
}

export async function loadPlan(q: Queryable, caseId: number) {
  const [meta] = await q.query<{ rule_set: string; issues: Plan['issues']; computed_on: string }>('SELECT rule_set, issues, computed_on FROM case_plan WHERE case_id = $1', [caseId]);
  const deadlines = await q.query(
    `SELECT d.kind, d.legal_date AS "legalDate", d.due AS "computedDue", COALESCE(d.adjusted_due, d.due) AS due, d.duty, d.status, d.met_on AS "metOn",
            d.rule_id AS "ruleId", d.rule_set AS "ruleSet", d.source, d.confidence, d.unverified, d.explanation, d.details,
            d.adjusted_due AS "adjustedDue", d.adjust_reason AS "adjustReason", u.name AS "adjustedBy", d.adjusted_at AS "adjustedAt"
       FROM case_deadline d LEFT JOIN app_user u ON u.id = d.adjusted_by
      WHERE d.case_id = $1 ORDER BY d.legal_date, d.kind`, [caseId]);
  return { ruleSet: meta?.rule_set ?? null, computedOn: meta?.computed_on ?? null, issues: meta?.issues ?? [], deadlines };
}
