/**
 * The team leader's view: caseload per caseworker against the municipality's target, open cases by target
 * group, overdue work; and the weekly result sheet of the Copenhagen seed (meetings held, no-shows, cases
 * opened and closed, closures by exit reason, overdue deadlines, median weeks on benefit of closed cases).
 */
import type { Ctx } from './context.ts';
import { require, seesAllTeams } from '../domain/permissions.ts';
import { forbidden, invalidField } from '../domain/errors.ts';
import { addDays, weekday, type IsoDate } from '../domain/dates.ts';
import { policyInForce } from './plans.ts';

/** The union's recommended band (seed 003: 35-50 cases per caseworker). */
export const CASELOAD_BAND = [35, 50] as const;

function teamScope(ctx: Ctx, teamId?: number): number | null {
  require(ctx.actor, 'case:assign');
  if (ctx.actor.role === 'caseworker') throw forbidden('Teamoversigten er for teamledere og ledere.');
  if (seesAllTeams(ctx.actor)) return teamId ?? null;
  if (teamId && teamId !== ctx.actor.teamId) throw forbidden('Du kan kun se dit eget team.');
  return ctx.actor.teamId;
}

export async function teamOverview(ctx: Ctx, p: { teamId?: number }) {
  const teamId = teamScope(ctx, p.teamId);
  const policy = await policyInForce(ctx.db, ctx.today);
  const caseworkers = await ctx.db.query<{ id: number; name: string; role: string; teamId: number; teamName: string; openCases: number; overdue: number; tg1: number; tg2: number; tg3: number; tg4: number; clarification: number }>(
    `SELECT u.id, u.name, u.role, u.team_id AS "teamId", t.name AS "teamName",
            count(c.id) AS "openCases",
            count(c.id) FILTER (WHERE c.target_group = 1) AS tg1, count(c.id) FILTER (WHERE c.target_group = 2) AS tg2,
            count(c.id) FILTER (WHERE c.target_group = 3) AS tg3, count(c.id) FILTER (WHERE c.target_group = 4) AS tg4,
            count(c.id) FILTER (WHERE c.kind = 'job_clarification') AS clarification,
            (SELECT count(*) FROM case_deadline d JOIN sb_case c2 ON c2.id = d.case_id
              WHERE c2.caseworker_id = u.id AND c2.status = 'open' AND d.status = 'open' AND d.duty = 'municipality' AND COALESCE(d.adjusted_due, d.due) < $2) AS overdue
       FROM app_user u JOIN team t ON t.id = u.team_id
       LEFT JOIN sb_case c ON c.caseworker_id = u.id AND c.status = 'open'
      WHERE u.active AND u.role IN ('caseworker', 'team_leader') AND ($1::int IS NULL OR u.team_id = $1)
      GROUP BY u.id, t.name ORDER BY t.name, count(c.id) DESC, u.name`,
    [teamId, ctx.today],
  );
  const withCases = caseworkers.filter((c) => c.role === 'caseworker' || c.openCases > 0);
  const total = withCases.reduce((s, c) => s + c.openCases, 0);
  return {
    today: ctx.today,
    target: policy.caseloadTarget,
    band: CASELOAD_BAND,
    caseworkers: withCases,
    totals: {
      openCases: total,
      overdue: withCases.reduce((s, c) => s + c.overdue, 0),
      byTargetGroup: { 1: sum(withCases, 'tg1'), 2: sum(withCases, 'tg2'), 3: sum(withCases, 'tg3'), 4: sum(withCases, 'tg4') },
      clarification: sum(withCases, 'clarification'),
      averageCaseload: withCases.length ? Math.round((total / withCases.filter((c) => c.role === 'caseworker').length) * 10) / 10 : 0,
      /** Caseworkers needed to bring everyone to the target (seed 003's arithmetic: 5,000 cases / 50 = 100). */
      caseworkersAtTarget: Math.ceil(total / policy.caseloadTarget),
    },
  };
}
const sum = <T extends Record<string, unknown>>(xs: T[], k: keyof T) => xs.reduce((s, x) => s + Number(x[k]), 0);

/** Monday of the ISO week that contains `day`. */
export const mondayOf = (day: IsoDate) => addDays(day, -((weekday(day) + 6) % 7));

export interface WeeklyRow {
  caseworkerId: number | null; name: string; meetingsHeld: number; noShows: number; casesOpened: number; casesClosed: number;
  closedByReason: Record<string, number>; overdueDeadlines: number; medianWeeksOnBenefit: number | null;
  /** Deadlines a caseworker moved by hand this week (a report can count overrides). */
  deadlinesMoved: number;
  /** Decision letters sent at once on a Friday or before a closed day, with a reason (seed 000: only when necessary). */
  decisionsSentNow: number;
}

export async function weeklyResults(ctx: Ctx, p: { week?: IsoDate; teamId?: number }) {
  const teamId = teamScope(ctx, p.teamId);
  const from = mondayOf(p.week ?? ctx.today);
  if (from > ctx.today) throw invalidField('week', 'Ugen er ikke begyndt endnu');
  const to = addDays(from, 6);
  const people = await ctx.db.query<{ id: number; name: string }>(
    `SELECT id, name FROM app_user WHERE active AND role IN ('caseworker', 'team_leader') AND ($1::int IS NULL OR team_id = $1) ORDER BY name`, [teamId]);
  const ids = people.map((u) => u.id);
  const meetings = await ctx.db.query<{ uid: number; held: number; noshow: number }>(
    `SELECT c.caseworker_id AS uid, count(*) FILTER (WHERE m.status = 'held') AS held, count(*) FILTER (WHERE m.status = 'no_show') AS noshow
       FROM follow_up_meeting m JOIN sb_case c ON c.id = m.case_id
      WHERE m.held_on BETWEEN $1 AND $2 AND c.caseworker_id = ANY($3::int[]) GROUP BY c.caseworker_id`, [from, to, ids]);
  const opened = await ctx.db.query<{ uid: number; n: number }>(
    `SELECT c.caseworker_id AS uid, count(*) AS n FROM sb_case c
      WHERE (c.created_at AT TIME ZONE 'Europe/Copenhagen')::date BETWEEN $1 AND $2 AND c.caseworker_id = ANY($3::int[]) GROUP BY c.caseworker_id`, [from, to, ids]);
  const closed = await ctx.db.query<{ uid: number; reason: string; n: number; weeks: number[] }>(
    `SELECT c.caseworker_id AS uid, c.exit_reason AS reason, count(*) AS n, array_agg((c.exit_date - c.first_absence_day) / 7.0) AS weeks
       FROM sb_case c WHERE c.status = 'closed' AND c.exit_date BETWEEN $1 AND $2 AND c.caseworker_id = ANY($3::int[])
      GROUP BY c.caseworker_id, c.exit_reason`, [from, to, ids]);
  const overdue = await ctx.db.query<{ uid: number; n: number }>(
    `SELECT c.caseworker_id AS uid, count(*) AS n FROM case_deadline d JOIN sb_case c ON c.id = d.case_id
      WHERE c.status = 'open' AND d.status = 'open' AND d.duty = 'municipality' AND COALESCE(d.adjusted_due, d.due) < $1 AND c.caseworker_id = ANY($2::int[])
      GROUP BY c.caseworker_id`, [ctx.today, ids]);

  const moves = await ctx.db.query<{ uid: number; n: number }>(
    `SELECT a.actor_id AS uid, count(*) AS n FROM case_action a
      WHERE a.type = 'deadline-adjusted' AND (a.at AT TIME ZONE 'Europe/Copenhagen')::date BETWEEN $1 AND $2 AND a.actor_id = ANY($3::int[])
      GROUP BY a.actor_id`, [from, to, ids]);
  const sentNow = await ctx.db.query<{ uid: number; n: number }>(
    `SELECT l.approved_by AS uid, count(*)::int AS n FROM letter l
      WHERE l.send_now_reason IS NOT NULL AND l.status = 'approved' AND l.approved_on BETWEEN $1 AND $2 AND l.approved_by = ANY($3::int[])
      GROUP BY l.approved_by`, [from, to, ids]);
  const weeksBy = new Map<number, number[]>();
  const rows: WeeklyRow[] = people.map((u) => {
    const m = meetings.find((x) => x.uid === u.id);
    const cl = closed.filter((x) => x.uid === u.id);
    const weeks = cl.flatMap((x) => x.weeks.map(Number));
    weeksBy.set(u.id, weeks);
    return {
      caseworkerId: u.id, name: u.name, meetingsHeld: m?.held ?? 0, noShows: m?.noshow ?? 0,
      casesOpened: opened.find((x) => x.uid === u.id)?.n ?? 0,
      casesClosed: cl.reduce((s, x) => s + x.n, 0),
      closedByReason: Object.fromEntries(cl.map((x) => [x.reason, x.n])),
      overdueDeadlines: overdue.find((x) => x.uid === u.id)?.n ?? 0,
      medianWeeksOnBenefit: median(weeks),
      deadlinesMoved: moves.find((x) => x.uid === u.id)?.n ?? 0,
      decisionsSentNow: sentNow.find((x) => x.uid === u.id)?.n ?? 0,
    };
  // A team shows everyone; a manager's sheet over all teams leaves out people with nothing this week.
  }).filter((r) => teamId !== null || r.meetingsHeld + r.noShows + r.casesOpened + r.casesClosed + r.overdueDeadlines + r.deadlinesMoved + r.decisionsSentNow > 0);
  const team: WeeklyRow = {
    caseworkerId: null, name: 'Hele teamet',
    meetingsHeld: rows.reduce((s, r) => s + r.meetingsHeld, 0), noShows: rows.reduce((s, r) => s + r.noShows, 0),
    casesOpened: rows.reduce((s, r) => s + r.casesOpened, 0), casesClosed: rows.reduce((s, r) => s + r.casesClosed, 0),
    closedByReason: rows.reduce<Record<string, number>>((acc, r) => { for (const [k, v] of Object.entries(r.closedByReason)) acc[k] = (acc[k] ?? 0) + v; return acc; }, {}),
    overdueDeadlines: rows.reduce((s, r) => s + r.overdueDeadlines, 0),
    medianWeeksOnBenefit: median([...weeksBy.values()].flat()),
    deadlinesMoved: rows.reduce((s, r) => s + r.deadlinesMoved, 0),
    decisionsSentNow: rows.reduce((s, r) => s + r.decisionsSentNow, 0),
  };
  return { from, to, rows, team };
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return Math.round(m * 10) / 10;
}
