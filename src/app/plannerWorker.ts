/**
 * The planner's work for many cases at once, as plain data in and out, so it can run in a worker thread
 * (plannerPool.ts) or inline. Pure: no database, no clock. Loaded in workers through plannerWorker.mjs.
 */
import type { IsoDate } from '../domain/dates.ts';
import { plan, type Deadline, type Plan } from '../rules/planner.ts';
import type { PlanFacts } from '../rules/facts.ts';
import type { MunicipalPolicy } from '../rules/policy.ts';

export interface CaseFactsOf { id: number; facts: PlanFacts }

type Moment = { legalDate: IsoDate; due: IsoDate; ruleSet: string };
export interface PreviewChange { caseId: number; kind: string; from: Moment | null; to: Moment | null }

export type PlannerTask =
  | { op: 'plan'; cases: CaseFactsOf[]; asOf: IsoDate; policy: MunicipalPolicy }
  | { op: 'diff'; cases: CaseFactsOf[]; asOf: IsoDate; baseline: MunicipalPolicy; candidate: MunicipalPolicy };

export function planBatch(cases: CaseFactsOf[], asOf: IsoDate, policy: MunicipalPolicy): Plan[] {
  return cases.map((c) => plan(c.facts, asOf, policy));
}

const pick = (d: Deadline | undefined): Moment | null => (d ? { legalDate: d.legalDate, due: d.due, ruleSet: d.ruleSet } : null);

/**
 * Which deadlines differ between two policies, case by case in the given order. Done where the plans are made,
 * so only the (few) differences travel back to the main thread, not two full plans per case.
 */
export function diffBatch(cases: CaseFactsOf[], asOf: IsoDate, baseline: MunicipalPolicy, candidate: MunicipalPolicy): PreviewChange[] {
  const changes: PreviewChange[] = [];
  for (const c of cases) {
    const b = new Map(plan(c.facts, asOf, baseline).deadlines.map((d) => [d.kind, d]));
    const a = new Map(plan(c.facts, asOf, candidate).deadlines.map((d) => [d.kind, d]));
    for (const kind of new Set([...b.keys(), ...a.keys()])) {
      const x = b.get(kind);
      const y = a.get(kind);
      if (x?.legalDate !== y?.legalDate || x?.due !== y?.due || x?.ruleSet !== y?.ruleSet || x?.explanation.da !== y?.explanation.da) changes.push({ caseId: c.id, kind, from: pick(x), to: pick(y) });
    }
  }
  return changes;
}

export function runTask(task: PlannerTask): Plan[] | PreviewChange[] {
  return task.op === 'plan' ? planBatch(task.cases, task.asOf, task.policy) : diffBatch(task.cases, task.asOf, task.baseline, task.candidate);
}
