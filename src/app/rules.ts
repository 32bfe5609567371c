/** The rules catalogue, municipal policy (versioned, audited) and the preview of coming changes. */
import type { Ctx } from './context.ts';
import { require } from '../domain/permissions.ts';
import { auditAs } from './context.ts';
import { RULES, RULE_SETS, ruleSetOn, ruleSetPeriods } from '../rules/ruleSets.ts';
import { INTERPRETATIONS, policyOn, type MunicipalPolicy } from '../rules/policy.ts';
import { loadPolicyVersions, policyInForce, previewPlans, previewRuleSet, recomputeOpenCases } from './plans.ts';
import type { IsoDate } from '../domain/dates.ts';
import { invalidField } from '../domain/errors.ts';
import { heavyJob } from './plannerPool.ts';

// Said when too many previews or recomputes already wait their turn (503): the work is queued, not piled up.
const PREVIEW_BUSY = 'Der bliver allerede beregnet en forhåndsvisning; prøv igen om lidt.';
const RECOMPUTE_BUSY = 'Fristerne for de åbne sager bliver allerede beregnet; prøv igen om lidt. Politikken er ikke gemt.';

export async function rulesCatalogue(ctx: Ctx) {
  const versions = await loadPolicyVersions(ctx.db);
  const policy = policyOn(versions, ctx.today);
  const periods = new Map(ruleSetPeriods(policy).map((p) => [p.id, p]));
  return {
    today: ctx.today,
    ruleSetInForce: ruleSetOn(ctx.today, policy),
    ruleSets: RULE_SETS.map((rs) => ({ ...rs, validFrom: periods.get(rs.id)!.validFrom, validTo: periods.get(rs.id)!.validTo })),
    rules: RULES.map((r) => ({ ...r, unverified: r.confidence === 'L' })),
    interpretations: Object.entries(INTERPRETATIONS).map(([id, v]) => ({ id, ...v, chosen: policy.interpretations[id as keyof typeof INTERPRETATIONS] })),
    policy,
    policyVersions: await ctx.db.query<{ id: number; effective_from: string; reason: string; changed_at: string; changed_by: string | null }>(
      `SELECT p.id, p.effective_from, p.reason, p.changed_at, u.name AS changed_by FROM municipal_policy p LEFT JOIN app_user u ON u.id = p.changed_by ORDER BY p.effective_from DESC, p.id DESC`),
  };
}

export async function savePolicy(ctx: Ctx, input: { effectiveFrom: IsoDate; policy: MunicipalPolicy; reason: string }) {
  require(ctx.actor, 'policy:write');
  const save = () => ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO municipal_policy (effective_from, policy, reason, changed_by) VALUES ($1, $2::jsonb, $3, $4) RETURNING id',
      [input.effectiveFrom, JSON.stringify(input.policy), input.reason, ctx.actor.id]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'policy', entityId: row.id, details: { effectiveFrom: input.effectiveFrom, reason: input.reason } });
    // A policy in force today changes today's plans at once; a future one is picked up by the daily recompute.
    const recomputed = input.effectiveFrom <= ctx.today ? await recomputeOpenCases(tx, ctx.today) : null;
    return { id: row.id, recomputed };
  });
  // Recomputing every open case is a heavy job: it takes its turn before the transaction opens, never inside it.
  return input.effectiveFrom <= ctx.today ? heavyJob(save, { busy: RECOMPUTE_BUSY }) : save();
}

export async function preview(ctx: Ctx, input: { ruleSet?: 'RS-2026' | 'RS-2027'; policy?: MunicipalPolicy; asOf?: IsoDate }) {
  require(ctx.actor, 'rules:preview');
  const { ruleSet, policy } = input;
  if (!ruleSet && !policy) throw invalidField('ruleSet', 'Vælg et regelsæt eller en ny politik at sammenligne med');
  const result = await heavyJob(async () => {
    if (ruleSet) return previewRuleSet(ctx.db, ctx.today, ruleSet, input.asOf);
    const asOf = input.asOf ?? ctx.today;
    return { asOf, ...(await previewPlans(ctx.db, asOf, await policyInForce(ctx.db, ctx.today), policy!)) };
  }, { busy: PREVIEW_BUSY });
  return { ...result, changes: result.changes.slice(0, 500), truncated: result.changes.length > 500 };
}
