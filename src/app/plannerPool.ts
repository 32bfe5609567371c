/**
 * Heavy planner work off the event loop. The planner is pure and CPU-bound: a rule-set preview over the default
 * municipality is ~4,000 plans, about a second of CPU. On the main thread that second (times every waiting
 * preview) stops every other request, health checks included. So:
 *
 * - Batches of cases are planned in worker threads (piscina). The main thread still reads the database (PGlite
 *   runs in-process and cannot be shared with a thread) and sends plain facts + day + policy; plans or the
 *   differences come back. Small batches, such as the one case of a write transaction, stay inline.
 * - Heavy jobs (previews, recomputing every open case) take turns: `concurrentJobs` at a time per process, up to
 *   `maxWaiting` wait, and one more is turned away with 503 instead of piling up behind the others.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { IsoDate } from '../domain/dates.ts';
import { DomainError } from '../domain/errors.ts';
import type { Plan } from '../rules/planner.ts';
import type { MunicipalPolicy } from '../rules/policy.ts';
import { diffBatch, planBatch, type CaseFactsOf, type PlannerTask, type PreviewChange } from './plannerWorker.ts';

export interface PlannerSettings {
  /** Worker threads. 0 plans everything inline on the main thread. */
  threads: number;
  /** Jobs of fewer plan() calls than this run inline (~0.1-0.2 ms each): a thread is not worth starting for them. */
  inlineBelow: number;
  /** Cases per task sent to a worker: small enough that copying a result back never holds the event loop long. */
  batchSize: number;
  /** Heavy jobs (previews, recomputing all open cases) running at once in this process. */
  concurrentJobs: number;
  /** Heavy jobs that may wait for their turn; one more is refused (503) when it could be refused. */
  maxWaiting: number;
}

// Leave the event loop a core of its own: on the 2-core machines retur runs on, that is one planner thread.
const settings: PlannerSettings = { threads: Math.max(1, availableParallelism() - 1), inlineBelow: 500, batchSize: 200, concurrentJobs: 1, maxWaiting: 4 };

/** Changes the settings (tests, operators). Takes effect for the next job; a pool of another size is started anew. */
export function configurePlanner(s: Partial<PlannerSettings>): PlannerSettings {
  const previous = { ...settings };
  Object.assign(settings, s);
  if (pool && s.threads !== undefined && s.threads !== previous.threads) void closePlannerPool();
  return previous;
}

let pool: Piscina<PlannerTask, unknown> | null = null;

function thePool(): Piscina<PlannerTask, unknown> {
  // Started on first use, so commands that never plan in bulk never start threads. Idle workers are unref'd by
  // piscina, so a CLI process still exits when its work is done; closePlannerPool ends them at once.
  pool ??= new Piscina<PlannerTask, unknown>({
    filename: new URL('./plannerWorker.mjs', import.meta.url).href,
    minThreads: settings.threads,
    maxThreads: settings.threads,
    // Kept warm between jobs: a new thread loads tsx and the rule sets again (~0.5 s).
    idleTimeout: 60_000,
  });
  return pool;
}

/** Worker threads running and planner tasks they have completed since the pool started (diagnostics, tests). */
export const plannerPoolStats = () => ({ threads: pool?.threads.length ?? 0, tasksCompleted: pool?.completed ?? 0 });

/** Ends the worker threads (app close, CLI exit, tests). Running tasks finish first; the next job starts a new pool. */
export async function closePlannerPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.close();
}

const useThreads = (planCalls: number) => settings.threads > 0 && planCalls >= settings.inlineBelow;

function batches<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += settings.batchSize) out.push(xs.slice(i, i + settings.batchSize));
  return out;
}

/**
 * The plan of each case, in the order given. `jobCases`: how many cases the whole job plans (a job may hand its
 * cases over a page at a time); a small job stays on the main thread.
 */
export async function planCases(cases: CaseFactsOf[], asOf: IsoDate, policy: MunicipalPolicy, jobCases = cases.length): Promise<Plan[]> {
  if (!useThreads(jobCases)) return planBatch(cases, asOf, policy);
  const p = thePool();
  const parts = await Promise.all(batches(cases).map((chunk) => p.run({ op: 'plan', cases: chunk, asOf, policy }) as Promise<Plan[]>));
  return parts.flat();
}

/** The deadlines that differ between two policies, case by case in the order given (see diffBatch). */
export async function diffCases(cases: CaseFactsOf[], asOf: IsoDate, baseline: MunicipalPolicy, candidate: MunicipalPolicy, jobCases = cases.length): Promise<PreviewChange[]> {
  if (!useThreads(2 * jobCases)) return diffBatch(cases, asOf, baseline, candidate);
  const p = thePool();
  const parts = await Promise.all(batches(cases).map((chunk) => p.run({ op: 'diff', cases: chunk, asOf, baseline, candidate }) as Promise<PreviewChange[]>));
  return parts.flat();
}

let running = 0;
const waiting: (() => void)[] = [];

/** Heavy jobs running and waiting now (for tests and operators' diagnostics). */
export const heavyJobQueue = () => ({ running, waiting: waiting.length });

/**
 * Runs a heavy job when it is its turn. With `busy` (a Danish message), a request that would make more than
 * `maxWaiting` wait is refused at once with 503 and that message; without it (the daily recompute) it waits.
 * Never call this inside a transaction: on PGlite the open transaction would hold the database that the
 * running job needs, and neither could finish.
 */
export async function heavyJob<T>(fn: () => Promise<T>, opts: { busy?: string } = {}): Promise<T> {
  if (running >= settings.concurrentJobs) {
    if (opts.busy && waiting.length >= settings.maxWaiting) throw new DomainError('busy', opts.busy);
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await fn();
  } finally {
    // Hand the slot straight to the next in line, so a newcomer cannot overtake those already waiting.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
