/**
 * The citizen's course overview of one case (issue 9): read from the stored plan and the meetings, turned into plain
 * Danish by domain/courseOverview.ts, as JSON for the case page and as a one-page PDF (printed from the case page, and
 * attached to the orientation letter by app/letters.ts through `courseOverviewForCase`). It names the citizen, so it
 * needs 'citizen:identify' besides 'case:read' on the case's team, and every read is audited with its purpose.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase } from '../db/caseStore.ts';
import { can, requireCaseAccess } from '../domain/permissions.ts';
import { forbidden } from '../domain/errors.ts';
import { danishWallClock } from '../domain/dates.ts';
import { courseOverview, type CourseDeadline, type CourseMeeting, type CourseOverview } from '../domain/courseOverview.ts';
import { courseOverviewPdf } from '../documents/courseOverviewPdf.ts';

export interface CaseCourseOverview extends CourseOverview {
  caseId: number;
  /** The municipality's name: the PDF's header and author. */
  municipality: string;
}

/**
 * The overview on `tx`, audited as a read of the case with purpose 'course-overview'. The letters code calls this
 * inside the transaction that approves the orientation letter; `format` only goes into the audit entry.
 */
export async function courseOverviewForCase(ctx: Ctx, tx: Queryable, caseId: number, format: 'json' | 'pdf' = 'pdf'): Promise<CaseCourseOverview> {
  const c = await loadCase(tx, caseId);
  requireCaseAccess(ctx.actor, 'case:read', c);
  // The overview is written to the citizen by name: analysts (pseudonymised) may not make it.
  if (!can(ctx.actor, 'citizen:identify')) throw forbidden('Din rolle må ikke se borgerens navn.', { entity: 'case', entityId: c.id, citizenId: c.citizenId });
  const [citizen] = await tx.query<{ name: string }>('SELECT name FROM citizen WHERE id = $1', [c.citizenId]);
  const [mun] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
  const municipality = mun?.name ?? 'Kommunen';
  // The effective date of each deadline: the caseworker's adjustment where there is one (plans.ts keeps it).
  const rows = await tx.query<{ kind: string; due: string; legalDue: string; status: CourseDeadline['status']; ruleId: string; details: CourseDeadline['details'] }>(
    `SELECT kind, to_char(COALESCE(adjusted_due, due), 'YYYY-MM-DD') AS due, to_char(legal_date, 'YYYY-MM-DD') AS "legalDue", status,
            rule_id AS "ruleId", details
       FROM case_deadline WHERE case_id = $1 ORDER BY legal_date, kind`, [caseId]);
  // Planned and held meetings; cancelled ones and no-shows are not part of the citizen's course ahead.
  const meetings = await tx.query<{ date: string; form: CourseMeeting['form']; status: 'planned' | 'held'; startsAt: string | null }>(
    `SELECT to_char(COALESCE(held_on, planned_for), 'YYYY-MM-DD') AS date, form, status, starts_at AS "startsAt"
       FROM follow_up_meeting WHERE case_id = $1 AND status IN ('planned', 'held') AND COALESCE(held_on, planned_for) IS NOT NULL
      ORDER BY COALESCE(held_on, planned_for), id`, [caseId]);
  // Fast track applies when the caseworker marked it, or when the planner counted a request (T-10 set the first
  // follow-up); a declined or too-late request leaves the ordinary course (SDL § 13 b, stk. 2-3).
  const fastTrack = !c.fastTrackDeclined && (c.fastTrack || rows.some((d) => d.kind === 'first-follow-up' && d.ruleId === 'T-10'));
  const firstAbsenceDay = String(c.firstAbsenceDay).slice(0, 10);
  const overview = courseOverview({
    today: ctx.today, firstAbsenceDay, fastTrack, citizenName: citizen.name, municipality,
    caseKind: c.kind === 'job_clarification' ? 'job-clarification' : 'sickness-benefit', closed: c.status === 'closed',
    deadlines: rows.map((d) => ({ kind: d.kind, due: d.due, legalDue: d.legalDue, status: d.status, details: d.details })),
    meetings: meetings.map((m) => ({ date: m.date, form: m.form, status: m.status, time: m.status === 'planned' && m.startsAt ? danishWallClock(new Date(m.startsAt)).time : null })),
  });
  await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: caseId, citizenId: c.citizenId, details: { purpose: 'course-overview', format } });
  return { ...overview, caseId, municipality };
}

/** The overview for the case page (JSON). */
export function courseOverviewOf(ctx: Ctx, caseId: number): Promise<CaseCourseOverview> {
  return ctx.db.transaction((tx) => courseOverviewForCase(ctx, tx, caseId, 'json'));
}

/** The overview as a one-page PDF for printing. The PDF is drawn after the transaction: nothing is held open for it. */
export async function courseOverviewPdfOf(ctx: Ctx, caseId: number): Promise<Buffer> {
  const overview = await ctx.db.transaction((tx) => courseOverviewForCase(ctx, tx, caseId, 'pdf'));
  return courseOverviewPdf(overview, { municipality: overview.municipality, createdAt: ctx.now });
}
