import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import type { CaseState } from '../domain/case.ts';

/** Hook run inside every case transaction after the state changed. The rules engine plugs in here. */
export async function afterCaseChange(_ctx: Ctx, _tx: Queryable, _state: CaseState & { id: number }): Promise<void> {}
