/**
 * Pathways and interventions (issue 10, slice A). Pathways are configuration (every version kept, edited by an
 * administrator with a reason); assigning one changes the case's pathway fact and proposes the model's steps as tasks,
 * all in one transaction. Intervention orders, return-to-work goals and milestones are rows of their own, not case
 * actions, so they never make an open edit of the case stale; each write is one transaction with its audit entry and
 * each read of a citizen's rows is audited.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import { HIDDEN, viewerOf } from './present.ts';
import { mutateCaseIn } from './caseWrite.ts';
import { policyInForce } from './plans.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, loadCaseForUpdate, type CaseRow } from '../db/caseStore.ts';
import * as Case from '../domain/case.ts';
import * as W from '../domain/workspace.ts';
import * as P from '../domain/pathways.ts';
import * as M from '../domain/minutes.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import { DomainError, forbidden, invalidField, notFound } from '../domain/errors.ts';
import { municipalCalendar } from '../rules/calendar.ts';

// ---- Pathways ------------------------------------------------------------------------------------------------

export interface PathwayView extends P.PathwayModel {
  id: number;
  version: number;
  changedAt: string;
  changedBy: string | null;
  reason: string;
}

interface VersionRow {
  id: number; version: number; name: string; description: string; fit: P.PathwayFit; steps: P.PathwayStep[];
  interventionTypes: P.InterventionType[]; offers: P.PathwayOffer[]; reason: string; changedBy: string | null; changedAt: string | Date;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v);

const VERSION_SELECT = `SELECT v.pathway_id AS id, v.version, v.name, v.description, v.fit, v.steps, v.intervention_types AS "interventionTypes",
       v.offers, v.reason, u.name AS "changedBy", v.created_at AS "changedAt"
  FROM pathway_version v LEFT JOIN app_user u ON u.id = v.created_by`;

const toView = (r: VersionRow): PathwayView => ({
  id: Number(r.id), version: Number(r.version), name: r.name, description: r.description, fit: json(r.fit), steps: json(r.steps),
  interventionTypes: json(r.interventionTypes), offers: json(r.offers), reason: r.reason, changedBy: r.changedBy,
  changedAt: new Date(r.changedAt).toISOString(),
});

/** The latest version of every pathway, 1-6. */
async function currentPathways(q: Queryable): Promise<PathwayView[]> {
  const rows = await q.query<VersionRow>(`${VERSION_SELECT}
    WHERE v.version = (SELECT max(version) FROM pathway_version WHERE pathway_id = v.pathway_id) ORDER BY v.pathway_id`);
  return rows.map(toView);
}

async function currentPathway(q: Queryable, id: number, path: string | null): Promise<PathwayView> {
  const [row] = await q.query<VersionRow>(`${VERSION_SELECT} WHERE v.pathway_id = $1 ORDER BY v.version DESC LIMIT 1`, [id]);
  if (!row) throw path ? invalidField(path, `Borgerforløb ${id} findes ikke`) : notFound('Borgerforløbet');
  return toView(row);
}

/** The six pathways with their current model; configuration without personal data, so every role may read it. */
export function listPathways(ctx: Ctx): Promise<PathwayView[]> {
  return ctx.db.transaction((tx) => currentPathways(tx));
}

/** Every version of one pathway, newest first: what was changed, when, by whom and why. */
export function pathwayHistory(ctx: Ctx, id: number): Promise<PathwayView[]> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<VersionRow>(`${VERSION_SELECT} WHERE v.pathway_id = $1 ORDER BY v.version DESC`, [id]);
    if (!rows.length) throw notFound('Borgerforløbet');
    return rows.map(toView);
  });
}

/**
 * An administrator's edit: a new version with a reason; the earlier ones stay. Based on an older version than the
 * current one is a conflict, so two administrators cannot overwrite each other's change unseen.
 */
export function editPathway(ctx: Ctx, id: number, input: P.EditPathwayInput) {
  require(ctx.actor, 'policy:write');
  return ctx.db.transaction(async (tx) => {
    const [lock] = await tx.query<{ id: number }>('SELECT id FROM pathway WHERE id = $1 FOR UPDATE', [id]);
    if (!lock) throw notFound('Borgerforløbet');
    const current = await currentPathway(tx, id, null);
    if (input.basedOn !== current.version)
      throw new DomainError('conflict', `Borgerforløbet er ændret, siden du åbnede det (nu version ${current.version}). Genindlæs og prøv igen.`,
        [{ path: 'basedOn', message: `Forældet version; den aktuelle er ${current.version}` }]);
    const version = current.version + 1;
    await tx.query(
      `INSERT INTO pathway_version (pathway_id, version, name, description, fit, steps, intervention_types, offers, reason, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11)`,
      [id, version, input.name, input.description, JSON.stringify(input.fit), JSON.stringify(input.steps), JSON.stringify(input.interventionTypes),
        JSON.stringify(input.offers), input.reason, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'pathway', entityId: id, citizenId: null, details: { version, reason: input.reason } });
    return currentPathway(tx, id, null);
  });
}

/**
 * Assigns a pathway: the case's pathway fact changes through the same domain command as PATCH /api/cases/:id
 * (version check, case action, plan recompute), and the model's steps become tasks on the case, due on working days
 * counted from today. One transaction: either the pathway and all its tasks are written, or nothing is.
 *
 * changeCase in app/cases.ts opens its own transaction; calling it here would split the write in two, so the fact
 * change goes through mutateCaseIn with the domain's Case.changeCase, which is what changeCase does for this field.
 */
export function assignPathway(ctx: Ctx, caseId: number, input: P.AssignPathwayInput) {
  return ctx.db.transaction(async (tx) => {
    let next = await mutateCaseIn(ctx, tx, caseId, 'case:write', async (state) => {
      const action = Case.changeCase(state, input.version, { pathway: input.pathway }, ctx.today);
      if (!action) throw invalidField('pathway', `Sagen er allerede i borgerforløb ${input.pathway}`);
      return action;
    });
    const model = await currentPathway(tx, input.pathway, 'pathway');
    const cal = municipalCalendar((await policyInForce(tx, ctx.today)).closedDays);
    const tasks: { id: number; title: string; due: string }[] = [];
    for (const step of P.proposeSteps(model.steps, ctx.today, cal)) {
      next = await mutateCaseIn(ctx, tx, caseId, 'case:write', async (state, t) => {
        const [row] = await t.query<{ id: number }>('INSERT INTO case_task (case_id, title, due, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [caseId, step.title, step.due, ctx.actor.id, ctx.now]);
        tasks.push({ id: row.id, ...step });
        return W.createTask(state, row.id, step.title, step.due);
      });
    }
    return { caseId, pathway: input.pathway, pathwayVersion: model.version, name: model.name, version: next.version, tasks };
  });
}

// ---- The case's pathway panel --------------------------------------------------------------------------------

export interface ReturnPlanGoalView {
  id: number;
  startsOn: string;
  endsOn: string;
  hoursToday: number | null;
  periods: { from: string; to: string; hoursPerWeek: number }[];
  goal: string | null;
  milestones: P.Milestone[];
}

/**
 * What the case page's pathway panel shows: the case's pathway with its current model, the six ranked by fit to the
 * case's facts (the cause is judged only for viewers who see health information), and the return-to-work plans with
 * goal, milestones and hours over time. Goal and milestone texts are free text: hidden from roles without
 * citizen:identify.
 */
export function casePathway(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const v = viewerOf(ctx.actor, state);
    const pathways = await currentPathways(tx);
    const facts: P.FitFacts = { targetGroup: state.targetGroup, category: state.category, employment: state.employment, diagnosisGroup: v.health ? state.diagnosisGroup : null };
    const ranked = P.rankPathways(pathways, facts, v.health);
    const rows = await tx.query<{ id: number; startsOn: string; endsOn: string; steps: M.ReturnStep[] | string; goal: string | null; milestones: P.Milestone[] | string }>(
      `SELECT id, starts_on AS "startsOn", ends_on AS "endsOn", steps, goal, milestones FROM return_to_work_plan WHERE case_id = $1 ORDER BY created_at DESC, id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case-pathway', entityId: caseId, citizenId: state.citizenId, details: { plans: rows.length } });
    const plans: ReturnPlanGoalView[] = rows.map((r) => {
      const plan: M.ReturnPlan = { startsOn: String(r.startsOn).slice(0, 10), endsOn: String(r.endsOn).slice(0, 10), steps: json(r.steps) };
      const milestones = json<P.Milestone[]>(r.milestones ?? []);
      return {
        id: r.id, startsOn: plan.startsOn, endsOn: plan.endsOn, hoursToday: M.hoursOn(plan, ctx.today), periods: M.planPeriods(plan),
        goal: r.goal == null || v.identify ? r.goal : HIDDEN,
        milestones: v.identify ? milestones : milestones.map((m) => ({ ...m, text: HIDDEN })),
      };
    });
    return {
      caseId, version: state.version, today: ctx.today, pathway: state.pathway,
      model: pathways.find((p) => p.id === state.pathway) ?? null,
      suggestions: ranked.map((p) => ({ id: p.id, name: p.name, ...p.match })),
      plans,
    };
  });
}

/** Sets the goal and milestones of a return-to-work plan (replacing the earlier ones; the audit entry keeps the change). */
export function setReturnGoal(ctx: Ctx, planId: number, input: P.ReturnGoalInput) {
  return ctx.db.transaction(async (tx) => {
    const [peek] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM return_to_work_plan WHERE id = $1', [planId]);
    if (!peek) throw notFound('Aftalen om gradvis tilbagevenden');
    // The case first, then its row: the lock order of every case write.
    const state = await loadCaseForUpdate(tx, peek.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    Case.ensureOpen(state);
    await tx.query('SELECT id FROM return_to_work_plan WHERE id = $1 FOR UPDATE', [planId]);
    const milestones = P.orderMilestones(input.milestones, ctx.today);
    await tx.query('UPDATE return_to_work_plan SET goal = $2, milestones = $3::jsonb, goal_set_by = $4, goal_set_at = $5 WHERE id = $1',
      [planId, input.goal, JSON.stringify(milestones), ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'return-to-work-plan', entityId: planId, citizenId: state.citizenId, details: { caseId: state.id, goal: true, milestones: milestones.length } });
    return { id: planId, caseId: state.id, goal: input.goal, milestones };
  });
}

// ---- Intervention catalogue and orders -----------------------------------------------------------------------

export interface PackageView { id: number; supplierId: number; type: P.InterventionType; name: string; description: string; weeks: number | null; priceOre: number | null; active: boolean }
export interface SupplierView { id: number; name: string; kind: P.SupplierKind; cvr: string | null; active: boolean; packages: PackageView[] }

/** Types, suppliers and their packages with prices: configuration without personal data. */
export function catalogue(ctx: Ctx) {
  return ctx.db.transaction(async (tx) => {
    const suppliers = await tx.query<Omit<SupplierView, 'packages'>>('SELECT id, name, kind, cvr, active FROM supplier ORDER BY kind, name');
    const packages = await tx.query<PackageView>(
      `SELECT id, supplier_id AS "supplierId", type, name, description, weeks, price_ore AS "priceOre", active FROM intervention_package ORDER BY type, name, id`);
    return {
      types: Object.entries(P.INTERVENTION_TYPES).map(([code, name]) => ({ code, name, packages: packages.filter((p) => p.type === code).length })),
      suppliers: suppliers.map((s) => ({ ...s, packages: packages.filter((p) => p.supplierId === s.id).map((p) => ({ ...p, priceOre: p.priceOre == null ? null : Number(p.priceOre) })) })),
    };
  });
}

export interface OrderView {
  id: number; caseId: number; packageId: number; packageName: string; supplier: string; type: P.InterventionType; priceOre: number | null;
  start: string; end: string; status: P.OrderStatus; outcome: P.Outcome | null; startedOn: string | null; endedOn: string | null;
  note: string | null; version: number; orderedBy: string | null; orderedAt: string;
}

const ORDER_SELECT = `SELECT o.id, o.case_id AS "caseId", o.package_id AS "packageId", p.name AS "packageName", s.name AS supplier, o.type, o.price_ore AS "priceOre",
       to_char(o.starts_on, 'YYYY-MM-DD') AS start, to_char(o.ends_on, 'YYYY-MM-DD') AS "end", o.status, o.outcome,
       to_char(o.started_on, 'YYYY-MM-DD') AS "startedOn", to_char(o.ended_on, 'YYYY-MM-DD') AS "endedOn", o.note, o.version,
       u.name AS "orderedBy", o.ordered_at AS "orderedAt"
  FROM intervention_order o JOIN intervention_package p ON p.id = o.package_id JOIN supplier s ON s.id = p.supplier_id
  LEFT JOIN app_user u ON u.id = o.ordered_by`;

const presentOrder = (r: OrderView, identify: boolean): OrderView => ({
  ...r, priceOre: r.priceOre == null ? null : Number(r.priceOre), version: Number(r.version), orderedAt: new Date(r.orderedAt).toISOString(),
  note: identify || r.note == null ? r.note : HIDDEN,
});

/** Orders a supplier package on the case. The case's team checks first, so another team learns nothing of the catalogue. */
export function orderIntervention(ctx: Ctx, caseId: number, input: P.OrderInterventionInput) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    Case.ensureOpen(state);
    const [pkg] = await tx.query<{ id: number; type: P.InterventionType; priceOre: number | null; active: boolean; supplierActive: boolean }>(
      `SELECT p.id, p.type, p.price_ore AS "priceOre", p.active, s.active AS "supplierActive" FROM intervention_package p JOIN supplier s ON s.id = p.supplier_id WHERE p.id = $1`,
      [input.packageId]);
    if (!pkg) throw invalidField('packageId', 'Pakken findes ikke i kataloget');
    if (!pkg.active || !pkg.supplierActive) throw invalidField('packageId', 'Pakken kan ikke længere bestilles');
    P.checkNewOrder(input, state);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO intervention_order (case_id, package_id, type, price_ore, starts_on, ends_on, note, ordered_by, ordered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [caseId, pkg.id, pkg.type, pkg.priceOre, input.start, input.end, input.note || null, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'intervention-order', entityId: row.id, citizenId: state.citizenId, details: { caseId, packageId: pkg.id, start: input.start, end: input.end } });
    const [view] = await tx.query<OrderView>(`${ORDER_SELECT} WHERE o.id = $1`, [row.id]);
    return presentOrder(view, true);
  });
}

/** Starts, completes (with its outcome) or cancels an order. */
export function changeOrderStatus(ctx: Ctx, orderId: number, input: P.OrderStatusInput) {
  return ctx.db.transaction(async (tx) => {
    const [peek] = await tx.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM intervention_order WHERE id = $1', [orderId]);
    if (!peek) throw notFound('Indsatsen');
    const state = await loadCaseForUpdate(tx, peek.caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    const [o] = await tx.query<{ status: P.OrderStatus; startsOn: string; startedOn: string | null; version: number }>(
      `SELECT status, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(started_on, 'YYYY-MM-DD') AS "startedOn", version
         FROM intervention_order WHERE id = $1 FOR UPDATE`, [orderId]);
    if (input.version !== undefined && input.version !== o.version)
      throw new DomainError('conflict', `Indsatsen er ændret af en anden (nu version ${o.version}). Genindlæs og prøv igen.`,
        [{ path: 'version', message: `Forældet version; den aktuelle er ${o.version}` }]);
    const change = P.changeOrderStatus(o, input, ctx.today);
    await tx.query(
      `UPDATE intervention_order SET status = $2, outcome = $3, started_on = $4, ended_on = $5, version = version + 1, changed_by = $6, changed_at = $7 WHERE id = $1`,
      [orderId, change.status, change.outcome, change.startedOn, change.endedOn, ctx.actor.id, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'intervention-order', entityId: orderId, citizenId: state.citizenId, details: { caseId: state.id, status: change.status, outcome: change.outcome } });
    const [view] = await tx.query<OrderView>(`${ORDER_SELECT} WHERE o.id = $1`, [orderId]);
    return presentOrder(view, true);
  });
}

/** The case's orders, newest first; the order note is hidden from roles without citizen:identify. */
export function listOrders(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state: CaseRow = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const rows = await tx.query<OrderView>(`${ORDER_SELECT} WHERE o.case_id = $1 ORDER BY o.starts_on DESC, o.id DESC`, [caseId]);
    await auditAs(ctx, tx, { operation: 'read', entity: 'intervention-order', entityId: caseId, citizenId: state.citizenId, details: { count: rows.length } });
    const identify = can(ctx.actor, 'citizen:identify');
    return { caseId, today: ctx.today, orders: rows.map((r) => presentOrder(r, identify)) };
  });
}

// ---- Activation share ----------------------------------------------------------------------------------------

/**
 * The share of open cases with an intervention running on the day, by target group: roles holding both case:read
 * and rules:preview (team leaders for their own team; managers and analysts for the municipality), as for the
 * inquiry compliance figures. A case is open on the day from its first absence day to its exit day; an intervention
 * runs from the day it started to the day it ended (the real days, not the planned ones).
 */
export function activation(ctx: Ctx, date: string) {
  require(ctx.actor, 'rules:preview');
  if (!can(ctx.actor, 'case:read')) throw forbidden();
  const team = seesAllTeams(ctx.actor) ? null : ctx.actor.teamId ?? -1;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ targetGroup: number | null; open: number | string; active: number | string }>(
      `SELECT c.target_group AS "targetGroup", count(*)::int AS open,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM intervention_order o WHERE o.case_id = c.id AND o.started_on <= $1::date
                                               AND (o.ended_on IS NULL OR o.ended_on >= $1::date)))::int AS active
         FROM sb_case c
        WHERE c.first_absence_day <= $1::date AND (c.exit_date IS NULL OR c.exit_date >= $1::date) AND ($2::int IS NULL OR c.team_id = $2)
        GROUP BY c.target_group`, [date, team]);
    const result = P.activationShares(rows.map((r) => ({ targetGroup: r.targetGroup == null ? null : Number(r.targetGroup), open: Number(r.open), active: Number(r.active) })));
    await auditAs(ctx, tx, { operation: 'read', entity: 'activation-share', entityId: null, citizenId: null, details: { date, team } });
    return { date, teamId: team, ...result };
  });
}
