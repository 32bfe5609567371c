import type { Ctx } from './context.ts';
import { require, seesAllTeams } from '../domain/permissions.ts';

/** Users a person may pick from (e.g. when assigning), with their open-case counts. */
export async function listUsers(ctx: Ctx, p: { role?: string } = {}) {
  require(ctx.actor, 'users:read');
  const params: unknown[] = [];
  const where: string[] = ['u.active'];
  if (p.role) { params.push(p.role); where.push(`u.role = $${params.length}`); }
  if (!seesAllTeams(ctx.actor) && ctx.actor.role !== 'administrator') { params.push(ctx.actor.teamId); where.push(`u.team_id = $${params.length}`); }
  return ctx.db.query<{ id: number; username: string; name: string; role: string; teamId: number | null; teamName: string | null; openCases: number }>(
    `SELECT u.id, u.username, u.name, u.role, u.team_id AS "teamId", t.name AS "teamName",
            (SELECT count(*) FROM sb_case c WHERE c.caseworker_id = u.id AND c.status = 'open') AS "openCases"
       FROM app_user u LEFT JOIN team t ON t.id = u.team_id
      WHERE ${where.join(' AND ')} ORDER BY t.name NULLS FIRST, u.name`,
    params,
  );
}
