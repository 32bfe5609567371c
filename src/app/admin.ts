/** Administrator's view of the audit log for one citizen. */
import type { Ctx } from './context.ts';
import { require } from '../domain/permissions.ts';
import { auditAs } from './context.ts';
import { notFound } from '../domain/errors.ts';

export async function auditForCitizen(ctx: Ctx, p: { cpr?: string; citizenId?: number }) {
  require(ctx.actor, 'audit:read');
  return ctx.db.transaction(async (tx) => {
    const [citizen] = await tx.query<{ id: number; name: string; cpr: string }>(
      p.citizenId ? 'SELECT id, name, cpr FROM citizen WHERE id = $1' : 'SELECT id, name, cpr FROM citizen WHERE cpr = $1',
      [p.citizenId ?? p.cpr],
    );
    if (!citizen) throw notFound('Borgeren');
    const entries = await tx.query<{ id: number; at: string; user_name: string | null; role: string | null; operation: string; entity: string; entity_id: string | null; endpoint: string; details: unknown }>(
      `SELECT a.id, a.at, u.name AS user_name, u.role, a.operation, a.entity, a.entity_id, a.endpoint, a.details
         FROM audit_entry a LEFT JOIN app_user u ON u.id = a.user_id
        WHERE a.citizen_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT 1000`,
      [citizen.id],
    );
    // Looking at who looked is itself a look at the citizen.
    await auditAs(ctx, tx, { operation: 'read', entity: 'audit', entityId: citizen.id, citizenId: citizen.id });
    return { citizen, entries };
  });
}
