/** The administrator's view of the audit log: per citizen or per user, filtered by period and operation, paged. */
import { auditAs, type Ctx } from './context.ts';
import { require } from '../domain/permissions.ts';
import { notFound } from '../domain/errors.ts';
import type { IsoDate } from '../domain/dates.ts';

export interface AuditSearch {
  cpr?: string; citizenId?: number; userId?: number; from?: IsoDate; to?: IsoDate;
  operation?: 'read' | 'write' | 'refused'; before?: number; limit?: number;
}

export async function searchAudit(ctx: Ctx, p: AuditSearch) {
  require(ctx.actor, 'audit:read');
  const limit = p.limit ?? 200;
  return ctx.db.transaction(async (tx) => {
    let citizen: { id: number; name: string | null; cpr: string | null } | null = null;
    if (p.cpr || p.citizenId) {
      [citizen] = await tx.query<{ id: number; name: string | null; cpr: string | null }>(
        p.citizenId ? 'SELECT id, name, cpr FROM citizen WHERE id = $1' : 'SELECT id, name, cpr FROM citizen WHERE cpr = $1', [p.citizenId ?? p.cpr]);
      if (!citizen) throw notFound('Borgeren');
    }
    let user: { id: number; name: string; username: string } | null = null;
    if (p.userId) {
      [user] = await tx.query<{ id: number; name: string; username: string }>('SELECT id, name, username FROM app_user WHERE id = $1', [p.userId]);
      if (!user) throw notFound('Brugeren');
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => { params.push(v); where.push(sql.replaceAll('?', `$${params.length}`)); };
    if (citizen) add('a.citizen_id = ?', citizen.id);
    if (user) add('a.user_id = ?', user.id);
    if (p.operation) add('a.operation = ?', p.operation);
    if (p.from) add(`a.at >= (?::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, p.from);
    if (p.to) add(`a.at < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, p.to);
    if (p.before) add('a.id < ?', p.before);
    params.push(limit + 1);
    const rows = await tx.query<{ id: number; at: string; user_id: number | null; user_name: string | null; role: string | null; operation: string; entity: string; entity_id: string | null; citizen_id: number | null; endpoint: string; details: unknown }>(
      `SELECT a.id, a.at, a.user_id, u.name AS user_name, u.role, a.operation, a.entity, a.entity_id, a.citizen_id, a.endpoint, a.details
         FROM audit_entry a LEFT JOIN app_user u ON u.id = a.user_id
        WHERE ${where.join(' AND ')} ORDER BY a.id DESC LIMIT $${params.length}`, params);
    const entries = rows.slice(0, limit);
    // Looking at who looked is itself a look at the citizen (or at the user's trail).
    await auditAs(ctx, tx, { operation: 'read', entity: 'audit', entityId: citizen?.id ?? user?.id ?? null, citizenId: citizen?.id ?? null, details: user ? { userId: user.id } : undefined });
    return { citizen, user, entries, nextBefore: rows.length > limit ? entries[entries.length - 1].id : null };
  });
}
