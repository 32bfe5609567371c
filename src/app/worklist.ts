/**
 * The caseworker's worklist: every open legal deadline of the municipality, open tasks and meetings booked,
 * across the caseworker's open cases, overdue first and then by date, each line saying what, for whom, by when
 * and why.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { forbidden, invalidField } from '../domain/errors.ts';
import { addDays, type IsoDate } from '../domain/dates.ts';
import { require, seesAllTeams } from '../domain/permissions.ts';
import { COMPLAINT_SOURCE } from '../domain/complaints.ts';
import { SANCTION_SOURCE } from '../domain/sanctions.ts';

/**
 * `unhandled` holds events from outside (issue 14): they have no due day, they are simply waiting, so they come after
 * the overdue legal deadlines and before today's work.
 */
export type WorklistGroup = 'overdue' | 'unhandled' | 'today' | 'week' | 'later';
const GROUP_RANK: Record<WorklistGroup, number> = { overdue: 0, unhandled: 1, today: 2, week: 3, later: 4 };
export interface WorklistItem {
  type: 'deadline' | 'task' | 'meeting' | 'inquiry' | 'complaint' | 'sanction' | 'event';
  kind: string;
  caseId: number;
  citizenName: string;
  targetGroup: number | null;
  due: IsoDate;
  legalDate: IsoDate | null;
  source: string | null;
  ruleId: string | null;
  why: string;
  adjusted: boolean;
  taskId: number | null;
  meetingId: number | null;
  /** For `type: 'event'`: the event to handle (POST /api/events/:id/handle). */
  eventId: number | null;
  group: WorklistGroup;
}

export function groupOf(due: IsoDate, today: IsoDate): WorklistGroup {
  if (due < today) return 'overdue';
  if (due === today) return 'today';
  return due <= addDays(today, 7) ? 'week' : 'later';
}

/** Whose worklist the actor may open: their own; team leaders any in their team; managers anyone. */
export async function worklistOwner(ctx: Ctx, caseworkerId?: number) {
  require(ctx.actor, 'case:read');
  require(ctx.actor, 'citizen:identify');
  const id = caseworkerId ?? ctx.actor.id;
  if (id === ctx.actor.id) return { id, name: ctx.actor.name };
  if (ctx.actor.role === 'caseworker') throw forbidden('Du kan kun se din egen arbejdsliste.');
  const [u] = await ctx.db.query<{ id: number; name: string; team_id: number | null }>('SELECT id, name, team_id FROM app_user WHERE id = $1', [id]);
  if (!u) throw invalidField('caseworkerId', 'Sagsbehandleren findes ikke');
  if (!seesAllTeams(ctx.actor) && u.team_id !== ctx.actor.teamId) throw forbidden('Sagsbehandleren er i et andet team.');
  return { id: u.id, name: u.name };
}

export async function worklist(ctx: Ctx, p: { caseworkerId?: number; group?: WorklistGroup | 'all'; kind?: string; targetGroup?: number }) {
  const owner = await worklistOwner(ctx, p.caseworkerId);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<Omit<WorklistItem, 'group'> & { citizenId: number }>(
      `SELECT 'deadline' AS type, d.kind, c.id AS "caseId", ci.name AS "citizenName", c.target_group AS "targetGroup",
              COALESCE(d.adjusted_due, d.due) AS due, d.legal_date AS "legalDate", d.source, d.rule_id AS "ruleId",
              d.explanation->>'da' AS why, d.adjusted_due IS NOT NULL AS adjusted, NULL::int AS "taskId", NULL::int AS "meetingId", c.citizen_id AS "citizenId", NULL::int AS "eventId"
         FROM sb_case c JOIN case_deadline d ON d.case_id = c.id JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1 AND c.status = 'open' AND d.status = 'open'
          AND (d.duty = 'municipality' OR (d.kind = 'information-form' AND d.due < $2))
       UNION ALL
       SELECT 'task', 'task', c.id, ci.name, c.target_group, t.due, NULL, NULL, NULL, t.title, false, t.id, NULL, c.citizen_id, NULL
         FROM sb_case c JOIN case_task t ON t.case_id = c.id AND t.done_at IS NULL JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1 AND c.status = 'open'
       UNION ALL
       SELECT 'meeting', m.form, c.id, ci.name, c.target_group, m.planned_for, NULL, NULL, NULL, 'Opfølgningssamtale', false, NULL, m.id, c.citizen_id, NULL
         FROM sb_case c JOIN follow_up_meeting m ON m.case_id = c.id AND m.status = 'planned' JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1 AND c.status = 'open'
       UNION ALL
       SELECT 'inquiry', q.channel, c.id, ci.name, c.target_group, q.answer_due, NULL, NULL, NULL,
              'Besvar henvendelsen (' || CASE q.channel WHEN 'phone' THEN 'telefon' WHEN 'email' THEN 'e-mail' WHEN 'letter' THEN 'brev' ELSE 'digital henvendelse' END
                || ', modtaget ' || to_char(q.received_on, 'DD-MM-YYYY') || ')', false, NULL, NULL, c.citizen_id, NULL
         FROM sb_case c JOIN inquiry q ON q.case_id = c.id AND q.answered_on IS NULL JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1 AND c.status = 'open'
       UNION ALL
       -- Complaints awaiting the municipality's reassessment (R-1). Closed cases too: a complaint about a stop of
       -- benefit often arrives after the case was closed, and the 4 weeks run all the same.
       SELECT 'complaint', 'complaint', c.id, ci.name, c.target_group, k.reassess_due, k.reassess_legal_date, $3::text, 'R-1',
              'Genvurdér klagen over ' || CASE k.decision_type WHEN 'benefit-stop' THEN 'ophør af sygedagpenge' WHEN 'extension-refused' THEN 'afslag på forlængelse'
                WHEN 'fast-track-refused' THEN 'afslag på tidlig opfølgning' WHEN 'sanction' THEN 'sanktion (SDL § 21)' ELSE 'en afgørelse' END
                || ' (modtaget ' || to_char(k.received_on, 'DD-MM-YYYY') || ')', false, NULL, NULL, c.citizen_id, NULL
         FROM sb_case c JOIN complaint k ON k.case_id = c.id AND k.outcome IS NULL JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1
       UNION ALL
       -- Sanctions heard and awaiting a decision (SDL § 21, S-1): the stop may be decided from the day after the
       -- citizen's answer deadline, so that is the line's day.
       SELECT 'sanction', 'sanction', c.id, ci.name, c.target_group, s.hearing_answer_due + 1, NULL, $4::text, 'S-1',
              'Træf afgørelse om standsning efter partshøringen (svarfrist ' || to_char(s.hearing_answer_due, 'DD-MM-YYYY') || ')', false, NULL, NULL, c.citizen_id, NULL
         FROM sb_case c JOIN case_sanction s ON s.case_id = c.id AND s.decision IS NULL AND s.hearing_sent_on IS NOT NULL JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1
       UNION ALL
       -- Unhandled events (issue 14): the day it happened, for the line's date; closed cases too (a letter can come
       -- back, a citizen can write, after the case closed).
       SELECT 'event', e.kind, c.id, ci.name, c.target_group, (e.occurred_at AT TIME ZONE 'Europe/Copenhagen')::date, NULL, NULL, NULL,
              e.summary, false, NULL, NULL, c.citizen_id, e.id::int
         FROM sb_case c JOIN case_event e ON e.case_id = c.id AND e.handled_at IS NULL JOIN citizen ci ON ci.id = c.citizen_id
        WHERE c.caseworker_id = $1`,
      [owner.id, ctx.today, COMPLAINT_SOURCE, SANCTION_SOURCE],
    );

    const citizenOf = new Map(rows.map((r) => [r.caseId, r.citizenId]));
    let items: WorklistItem[] = rows.map(({ citizenId: _c, ...r }) => ({ ...r, group: r.type === 'event' ? 'unhandled' : groupOf(r.due, ctx.today) }));
    if (p.kind) items = items.filter((i) => i.kind === p.kind || i.type === p.kind);
    if (p.targetGroup) items = items.filter((i) => i.targetGroup === p.targetGroup);
    const counts: Record<WorklistGroup, number> = { overdue: 0, unhandled: 0, today: 0, week: 0, later: 0 };
    for (const i of items) counts[i.group]++;
    if (p.group && p.group !== 'all') items = items.filter((i) => i.group === p.group);
    // Overdue first, then by date; on the same day legal deadlines before tasks and meetings.
    // Unhandled events come after the overdue deadlines and before today's work, oldest first.
    const order = { deadline: 0, complaint: 1, sanction: 2, event: 3, inquiry: 4, meeting: 5, task: 6 };
    items.sort((a, b) => GROUP_RANK[a.group] - GROUP_RANK[b.group] || a.due.localeCompare(b.due) || order[a.type] - order[b.type] || a.caseId - b.caseId || (a.eventId ?? 0) - (b.eventId ?? 0));
    // Audit each case whose citizen is shown (after filtering: what is shown is what is read).
    const shown = [...new Set(items.map((i) => i.caseId))];
    await auditAs(ctx, tx, shown.map((id) => ({ operation: 'read' as const, entity: 'case', entityId: id, citizenId: citizenOf.get(id)!, details: { view: 'worklist' } })));
    return { caseworker: owner, today: ctx.today, counts, items };
  });
}
