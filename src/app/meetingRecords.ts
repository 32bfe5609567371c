/**
 * Minutes of held meetings and graduated return-to-work agreements: each write is one row plus one case action in one
 * transaction (via mutateCase: lock, access check, audit, plan recompute); each read is audited.
 */
import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { auditAs } from './context.ts';
import { mutateCase } from './caseWrite.ts';
import { viewerOf } from './present.ts';
import { loadCase, type CaseRow } from '../db/caseStore.ts';
import { requireCaseAccess } from '../domain/permissions.ts';
import { forbidden, invalidField, notFound } from '../domain/errors.ts';
import type { MeetingForm } from '../domain/workspace.ts';
import { renderPdf } from '../documents/pdf.ts';
import * as M from '../domain/minutes.ts';

interface MeetingRow { id: number; status: string; form: MeetingForm; heldOn: string | null; minutes: M.StoredMinutes | null }

/** A meeting named in the URL that is not on the case is not found; one named in a body is a wrong field (`path`). */
async function meetingOf(tx: Queryable, caseId: number, meetingId: number, path: string | null, lock = false) {
  const [m] = await tx.query<MeetingRow>(
    `SELECT id, status, form, held_on AS "heldOn", minutes FROM follow_up_meeting WHERE id = $1 AND case_id = $2${lock ? ' FOR UPDATE' : ''}`, [meetingId, caseId]);
  if (!m) throw path ? invalidField(path, 'Samtalen findes ikke på denne sag') : notFound('Samtalen');
  // PGlite and node-postgres both parse jsonb; a driver that hands back text is tolerated.
  if (typeof m.minutes === 'string') m.minutes = JSON.parse(m.minutes);
  return m;
}

/** Minutes after a held meeting; a planned, cancelled or missed meeting is refused naming `meetingId`. */
export function writeMinutes(ctx: Ctx, caseId: number, meetingId: number, input: M.MinutesInput) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const m = await meetingOf(tx, caseId, meetingId, null, true);
    const { action, stored } = M.writeMinutes(state, input.version, m, input, ctx.now, ctx.actor.id);
    await tx.query('UPDATE follow_up_meeting SET minutes = $2::jsonb WHERE id = $1', [m.id, JSON.stringify(stored)]);
    return action;
  });
}

/**
 * Only the case's own team reads minutes (they may hold health details, GDPR art. 9) and only roles that may see who
 * the citizen is: the same line app/present.ts draws for the case page.
 */
function requireMinutesAccess(ctx: Ctx, state: CaseRow) {
  requireCaseAccess(ctx.actor, 'case:read', state);
  const v = viewerOf(ctx.actor, state);
  if (!v.identify || !v.health)
    throw forbidden('Referater kan kun ses af sagens eget team.', { entity: 'case', entityId: state.id, citizenId: state.citizenId });
}

/** The printable minutes as a model, for the citizen or (workplace and round-table meetings) the employer. */
export async function minutesForPrint(ctx: Ctx, caseId: number, meetingId: number, audience: M.Audience) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireMinutesAccess(ctx, state);
    const m = await meetingOf(tx, caseId, meetingId, null);
    if (!m.minutes) throw notFound('Referatet');
    const participants = await tx.query<{ kind: string; name: string; role: string | null }>(
      'SELECT kind, name, role FROM meeting_participant WHERE meeting_id = $1 ORDER BY id', [m.id]);
    const [citizen] = await tx.query<{ name: string }>('SELECT name FROM citizen WHERE id = $1', [state.citizenId]);
    const [cw] = state.caseworkerId ? await tx.query<{ name: string }>('SELECT name FROM app_user WHERE id = $1', [state.caseworkerId]) : [];
    const [mun] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
    const doc = M.minutesDocument({ form: m.form, heldOn: m.heldOn, minutes: m.minutes, participants }, { citizenName: citizen.name, caseworker: cw?.name ?? null }, audience);
    await auditAs(ctx, tx, { operation: 'read', entity: 'meeting-minutes', entityId: m.id, citizenId: state.citizenId, details: { for: audience } });
    return { ...doc, municipality: mun?.name ?? 'Kommunen', createdAt: ctx.now };
  });
}

export function minutesPdf(doc: Awaited<ReturnType<typeof minutesForPrint>>) {
  const title = doc.audience === 'employer' ? `${doc.title} (til arbejdsgiveren)` : doc.title;
  return renderPdf({ title, municipality: doc.municipality, subject: title, createdAt: doc.createdAt }, (w) => {
    w.heading(1, title);
    w.keyValues(doc.facts);
    if (doc.participants.length) {
      w.heading(2, 'Deltagere ud over borgeren og jobcentret');
      w.list(doc.participants);
    }
    for (const s of doc.sections) {
      w.heading(2, s.heading);
      for (const para of s.text.split(/\n{2,}/)) w.paragraph(para);
    }
    if (doc.audience === 'employer')
      w.paragraph('Referatet til arbejdsgiveren indeholder ikke helbredsoplysninger.', { muted: true });
  });
}

/** A graduated return to work, optionally agreed at a held workplace or round-table meeting; today's hours feed the facts. */
export function recordReturnToWork(ctx: Ctx, caseId: number, input: M.ReturnToWorkInput) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const plan = { startsOn: input.startsOn, endsOn: input.endsOn, steps: input.steps };
    // Validate before the row is written, so a bad plan is refused with every field it gets wrong.
    M.agreeReturnToWork(state, input.version, 0, plan, ctx.today);
    if (input.meetingId) {
      const m = await meetingOf(tx, caseId, input.meetingId, 'meetingId');
      if (m.status !== 'held') throw invalidField('meetingId', 'Aftalen kan kun knyttes til en holdt samtale');
      if (!M.EMPLOYER_FORMS.includes(m.form)) throw invalidField('meetingId', 'Aftalen knyttes til et virksomhedsbesøg eller en rundbordssamtale');
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO return_to_work_plan (case_id, meeting_id, starts_on, ends_on, steps, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id`,
      [caseId, input.meetingId ?? null, input.startsOn, input.endsOn, JSON.stringify(plan.steps), ctx.actor.id, ctx.now]);
    return M.agreeReturnToWork(state, input.version, row.id, plan, ctx.today);
  });
}

export interface ReturnPlanView extends M.ReturnPlan {
  id: number;
  meetingId: number | null;
  createdBy: string | null;
  createdAt: string;
  /** Hours per week agreed for today (null: not started, or ended). */
  hoursToday: number | null;
  periods: { from: string; to: string; hoursPerWeek: number }[];
}

/** The case's return-to-work agreements, newest first. */
export async function listReturnPlans(ctx: Ctx, caseId: number): Promise<{ today: string; plans: ReturnPlanView[] }> {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<{ id: number; meetingId: number | null; startsOn: string; endsOn: string; steps: M.ReturnStep[] | string; createdBy: string | null; createdAt: string | Date }>(
      `SELECT p.id, p.meeting_id AS "meetingId", p.starts_on AS "startsOn", p.ends_on AS "endsOn", p.steps, u.name AS "createdBy", p.created_at AS "createdAt"
         FROM return_to_work_plan p LEFT JOIN app_user u ON u.id = p.created_by WHERE p.case_id = $1 ORDER BY p.created_at DESC, p.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'return-to-work-plan', entityId: caseId, citizenId: state.citizenId });
    const today = ctx.today;
    const plans = rows.map((r) => {
      const plan: M.ReturnPlan = { startsOn: String(r.startsOn).slice(0, 10), endsOn: String(r.endsOn).slice(0, 10), steps: typeof r.steps === 'string' ? JSON.parse(r.steps) : r.steps };
      return {
        id: r.id, meetingId: r.meetingId, createdBy: r.createdBy, createdAt: new Date(r.createdAt).toISOString(), ...plan,
        hoursToday: M.hoursOn(plan, today), periods: M.planPeriods(plan),
      };
    });
    return { today, plans };
  });
}
