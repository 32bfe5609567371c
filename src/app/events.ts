/**
 * Unhandled events (issue 14): raised in the transaction of whatever caused them (a citizen's answer, an employer's
 * request, a GP's statement, a failed SMS, a job that saw a deadline pass), shown on the case's caseworker's worklist
 * until handled. Handling is one audited action that clears the event for everyone; a second attempt is told who
 * handled it first. Events live in their own table and leave the case's version alone, like inquiries.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase } from '../db/caseStore.ts';
import { requireCaseAccess, require, seesAllTeams } from '../domain/permissions.ts';
import { DomainError, forbidden, notFound } from '../domain/errors.ts';
import { daysWaiting, type EventKind, type EventOrigin, type HandleEventInput } from '../domain/events.ts';
import { HIDDEN } from './present.ts';
import { can } from '../domain/permissions.ts';

export interface NewEvent {
  caseId: number;
  kind: EventKind;
  origin: EventOrigin;
  at: Date;
  /** A short Danish line for the worklist; never health information. */
  summary: string;
  subjectType?: string;
  subjectId?: number;
  /** Raising an event with a key that exists already does nothing (a job run twice, a retried webhook). */
  dedupeKey?: string;
}

/** Raises an event inside the caller's transaction; returns its id, or null when its dedupe key was raised before. */
export async function raiseEvent(tx: Queryable, e: NewEvent): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO case_event (case_id, kind, origin, occurred_at, summary, subject_type, subject_id, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [e.caseId, e.kind, e.origin, e.at, e.summary.slice(0, 300), e.subjectType ?? null, e.subjectId ?? null, e.dedupeKey ?? null]);
  return row ? Number(row.id) : null;
}

export interface EventView {
  id: number;
  caseId: number;
  kind: EventKind;
  origin: EventOrigin;
  occurredAt: string;
  summary: string;
  subjectType: string | null;
  subjectId: number | null;
  handledAt: string | null;
  handledBy: string | null;
  handledNote: string | null;
}

/** Handles an event: off every worklist at once, with the note kept; audited as a write on the citizen. */
export function handleEvent(ctx: Ctx, id: number, input: HandleEventInput) {
  return ctx.db.transaction(async (tx) => {
    const [e] = await tx.query<{ caseId: number; handledAt: string | null; handledBy: string | null }>(
      `SELECT e.case_id AS "caseId", e.handled_at AS "handledAt", u.name AS "handledBy"
         FROM case_event e LEFT JOIN app_user u ON u.id = e.handled_by WHERE e.id = $1 FOR UPDATE OF e`, [id]);
    if (!e) throw notFound('Hændelsen');
    const state = await loadCase(tx, e.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    if (e.handledAt) throw new DomainError('conflict', `Hændelsen er allerede behandlet af ${e.handledBy ?? 'en anden'}.`);
    await tx.query('UPDATE case_event SET handled_at = $2, handled_by = $3, handled_note = $4 WHERE id = $1',
      [id, ctx.now, ctx.actor.id, input.note || null]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'case_event', entityId: id, citizenId: state.citizenId, details: { caseId: e.caseId, handled: true } });
    return { id, handledAt: ctx.now.toISOString(), handledBy: ctx.actor.name };
  });
}

/** The case's events, unhandled first, then newest first. The handling note is free text: hidden without citizen:identify. */
export function listCaseEvents(ctx: Ctx, caseId: number): Promise<{ events: EventView[] }> {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<EventView>(
      `SELECT e.id::int, e.case_id AS "caseId", e.kind, e.origin, e.occurred_at AS "occurredAt", e.summary,
              e.subject_type AS "subjectType", e.subject_id::int AS "subjectId", e.handled_at AS "handledAt", u.name AS "handledBy", e.handled_note AS "handledNote"
         FROM case_event e LEFT JOIN app_user u ON u.id = e.handled_by
        WHERE e.case_id = $1 ORDER BY (e.handled_at IS NULL) DESC, e.occurred_at DESC, e.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case_event', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    const identify = can(ctx.actor, 'citizen:identify');
    return { events: rows.map((r) => ({ ...r, handledNote: identify || r.handledNote == null ? r.handledNote : HIDDEN })) };
  });
}

/**
 * Unhandled events per caseworker and their age, for the team leader (own team) and the manager (all teams or one):
 * counts only, no citizen.
 */
export async function unhandledPerCaseworker(ctx: Ctx, p: { teamId?: number }) {
  require(ctx.actor, 'case:assign');
  if (!seesAllTeams(ctx.actor) && p.teamId && p.teamId !== ctx.actor.teamId) throw forbidden('Du kan kun se dit eget team.');
  const teamId = seesAllTeams(ctx.actor) ? p.teamId ?? null : ctx.actor.teamId;
  const rows = await ctx.db.query<{ caseworkerId: number; name: string; kind: EventKind; count: number; oldest: string }>(
    `SELECT u.id AS "caseworkerId", u.name, e.kind, count(*)::int AS count, to_char(min(e.occurred_at AT TIME ZONE 'Europe/Copenhagen'), 'YYYY-MM-DD') AS oldest
       FROM case_event e JOIN sb_case c ON c.id = e.case_id JOIN app_user u ON u.id = c.caseworker_id
      WHERE e.handled_at IS NULL AND ($1::int IS NULL OR c.team_id = $1)
      GROUP BY u.id, u.name, e.kind ORDER BY u.name, e.kind`, [teamId]);
  const byWorker = new Map<number, { caseworkerId: number; name: string; total: number; oldestDays: number; byKind: Partial<Record<EventKind, number>> }>();
  for (const r of rows) {
    const w = byWorker.get(r.caseworkerId) ?? { caseworkerId: r.caseworkerId, name: r.name, total: 0, oldestDays: 0, byKind: {} };
    w.total += r.count;
    w.byKind[r.kind] = r.count;
    w.oldestDays = Math.max(w.oldestDays, daysWaiting(r.oldest, ctx.today));
    byWorker.set(r.caseworkerId, w);
  }
  return { today: ctx.today, teamId, caseworkers: [...byWorker.values()].sort((a, b) => b.oldestDays - a.oldestDays || b.total - a.total) };
}
