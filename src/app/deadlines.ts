/** A caseworker moves a deadline with a reason; the legal date stays visible and the move is a case action. */
import type { Ctx } from './context.ts';
import { mutateCase } from './caseWrite.ts';
import * as Case from '../domain/case.ts';
import { invalidField } from '../domain/errors.ts';
import type { IsoDate } from '../domain/dates.ts';

export async function adjustDeadline(ctx: Ctx, caseId: number, kind: string, input: { version: number; due: IsoDate | null; reason: string }) {
  let adjusted: { to: IsoDate | null } | null = null;
  const state = await mutateCase(ctx, caseId, 'case:write', async (s, tx) => {
    const [d] = await tx.query<{ legal_date: string; due: string; adjusted_due: string | null; status: string }>(
      'SELECT legal_date, due, adjusted_due, status FROM case_deadline WHERE case_id = $1 AND kind = $2', [caseId, kind]);
    if (!d) throw invalidField('kind', 'Sagen har ingen frist af den type');
    const action = Case.adjustDeadline(s, input.version, { kind, legalDate: d.legal_date, computedDue: d.due, currentDue: d.adjusted_due ?? d.due, status: d.status }, input.due, input.reason);
    adjusted = { to: input.due };
    return action;
  }, async (tx) => {
    await tx.query(
      `UPDATE case_deadline SET adjusted_due = $3, adjust_reason = $4, adjusted_by = $5, adjusted_at = CASE WHEN $3::date IS NULL THEN NULL ELSE $6::timestamptz END WHERE case_id = $1 AND kind = $2`,
      [caseId, kind, adjusted!.to, adjusted!.to ? input.reason : null, adjusted!.to ? ctx.actor.id : null, ctx.now]);
  });
  return state;
}
