/**
 * The one way a case changes: in one transaction, lock the row, check access, let the domain decide the action,
 * write state + action + audit entry, and recompute the plan. Every use case that writes a case goes through here.
 */
import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { auditAs } from './context.ts';
import { commitAction, loadCaseForUpdate, type CaseRow } from '../db/caseStore.ts';
import type { CaseActionBody } from '../domain/case.ts';
import { requireCaseAccess, type Permission } from '../domain/permissions.ts';
import { afterCaseChange } from './plans.ts';

type CaseWithId = CaseRow;
type Decide = (state: CaseWithId, tx: Queryable) => Promise<CaseActionBody | null>;

export async function writeAction(ctx: Ctx, tx: Queryable, current: CaseWithId | null, action: CaseActionBody) {
  const next = await commitAction(tx, current, action, ctx.actor.id, ctx.now);
  await auditAs(ctx, tx, { operation: 'write', entity: 'case', entityId: next.id, citizenId: next.citizenId, details: { action: action.type } });
  await afterCaseChange(ctx, tx, next);
  return next;
}

/** Loads, checks access, lets the domain decide, writes. A null action means nothing changed. */
export async function mutateCase(
  ctx: Ctx, id: number, perm: Permission, decide: Decide,
  /** Extra writes in the same transaction, after the action (e.g. the adjusted deadline). */
  alsoWrite?: (tx: Queryable, next: CaseWithId) => Promise<void>,
) {
  return ctx.db.transaction((tx) => mutateCaseIn(ctx, tx, id, perm, decide, alsoWrite));
}

/**
 * The same inside a transaction the caller already holds: for one action that changes several cases at once (a group
 * session's attendance, a bulk move), all of which must be written or none.
 */
export async function mutateCaseIn(
  ctx: Ctx, tx: Queryable, id: number, perm: Permission, decide: Decide,
  alsoWrite?: (tx: Queryable, next: CaseWithId) => Promise<void>,
) {
  const state = await loadCaseForUpdate(tx, id);
  requireCaseAccess(ctx.actor, perm, state);
  const action = await decide(state, tx);
  if (!action) return state;
  const next = await writeAction(ctx, tx, state, action);
  await alsoWrite?.(tx, next);
  return next;
}
