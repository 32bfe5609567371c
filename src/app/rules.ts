/** The rules catalogue, municipal policy (versioned, audited) and the preview of coming changes. */
import type { Ctx } from './context.ts';
import { require } from '../domain/permissions.ts';
import { auditAs } from './context.ts';
import { RULES, RULE_SETS, ruleSetOn, ruleSetPeriods } from '../rules/ruleSets.ts';
import { INTERPRETATIONS, policyOn, type MunicipalPolicy } from '../rules/policy.ts';
import { loadPolicyVersions, policyInForce, previewPlans, previewRuleSet, recomputeOpenCases } from './plans.ts';
import type { IsoDate } from '../domain/dates.ts';
import { invalidField } from '../domain/errors.ts';

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
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO municipal_policy (effective_from, policy, reason, changed_by) VALUES ($1, $2::jsonb, $3, $4) RETURNING id',
      [input.effectiveFrom, JSON.stringify(input.policy), input.reason, ctx.actor.id]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'policy', entityId: row.id, details: { effectiveFrom: input.effectiveFrom, reason: input.reason } });
    // A policy in force today changes today's plans at once; a future one is picked up by the daily recompute.
    const recomputed = input.effectiveFrom <= ctx.today ? await recomputeOpenCases(tx, ctx.today) : null;
    return { id: row.id, recomputed };
  });
}

export async function preview(ctx: Ctx, input: { ruleSet?: 'RS-2026' | 'RS-2027'; policy?: MunicipalPolicy; asOf?: IsoDate }) {
  require(ctx.actor, 'rules:preview');
  let result;
  if (input.ruleSet) result = await previewRuleSet(ctx.db, ctx.today, input.ruleSet, input.asOf);
  else if (input.policy) {
    const asOf = input.asOf ?? ctx.today;
    result = { asOf, ...(await previewPlans(ctx.db, asOf, await policyInForce(ctx.db, ctx.today), input.policy)) };
  } else throw invalidField('ruleSet', 'Vælg et regelsæt eller en ny politik at sammenligne med');
  return { ...result, changes: result.changes.slice(0, 500), truncated: result.changes.length > 500 };
}
