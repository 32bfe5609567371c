/**
 * Use cases of the case register. Each write is one transaction: new state + case action + audit entry
 * (+ the recomputed plan, see plans.ts). Reads of citizen data write their audit entries in the same
 * transaction as the read.
 */
import { auditAs, type Ctx } from './context.ts';
import { withIndustryName } from './industries.ts';
import type { Queryable } from '../db/engine.ts';
import { CASE_COLUMNS, type CaseRow, loadActions, loadCaseForUpdate, loadCase } from '../db/caseStore.ts';
import * as Case from '../domain/case.ts';
import { invalidField, DomainError, invalid } from '../domain/errors.ts';
import { presentAction, presentPlan, presentState, presentWorkspace, viewerOf } from './present.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import type { z } from 'zod';
import type { assignCaseInput, changeCaseInput, closeCaseInput, createCaseInput, reopenCaseInput, bulkAssignInput } from '../domain/caseFields.ts';
import { loadPlan } from './plans.ts';
import { syncFastTrackRequest } from './fastTrack.ts';
import { mutateCase, writeAction } from './caseWrite.ts';
import { loadWorkspace } from './workspace.ts';

/** How a citizen is shown to a role: analysts never see names or CPR numbers. */
function presentCitizen(ctx: Ctx, c: { id: number; cpr: string | null; name: string | null; phone?: string | null; email?: string | null; digital_post_exempt?: boolean; sms_opt_in?: boolean; sms_opt_changed_at?: string | null }) {
  if (!can(ctx.actor, 'citizen:identify')) return { id: c.id, cpr: null, name: `Borger ${c.id}`, pseudonymised: true as const };
  return {
    id: c.id,
    cpr: c.cpr,
    name: c.name,
    phone: c.phone ?? null,
    email: c.email ?? null,
    digitalPostExempt: c.digital_post_exempt ?? false,
    smsOptIn: c.sms_opt_in ?? false,
    smsOptChangedAt: c.sms_opt_changed_at ?? null,
    pseudonymised: false as const,
  };
}

export interface SearchParams {
  q?: string;
  caseworkerId?: number;
  status?: 'open' | 'closed' | 'all';
  limit?: number;
  offset?: number;
}

export async function searchCases(ctx: Ctx, p: SearchParams) {
  require(ctx.actor, 'case:read');
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (!seesAllTeams(ctx.actor)) add('c.team_id = ?', ctx.actor.teamId);
  if (p.status && p.status !== 'all') add('c.status = ?', p.status);
  if (p.caseworkerId) add('c.caseworker_id = ?', p.caseworkerId);
  const q = p.q?.trim();
  if (q) {
    if (!can(ctx.actor, 'citizen:identify')) throw invalidField('q', 'Din rolle kan ikke søge på CPR-nummer eller navn');
    const digits = q.replace(/[\s-]/g, '');
    if (/^\d{6,10}$/.test(digits)) add('ci.cpr LIKE ?', digits + '%');
    else if (/^\d{1,9}$/.test(digits)) add('c.id = ?', Number(digits));
    else add(`lower(ci.name) LIKE ? ESCAPE '\\'`, `%${escapeLike(q.toLowerCase())}%`);
  }
  const limit = Math.min(p.limit ?? 50, 200);
  const offset = p.offset ?? 0;
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<CaseRow & { cpr: string; citizen_name: string; caseworker_name: string | null; total: number }>(
      `SELECT ${CASE_COLUMNS}, ci.cpr, ci.name AS citizen_name, u.name AS caseworker_name, count(*) OVER () AS total
         FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id LEFT JOIN app_user u ON u.id = c.caseworker_id
         ${whereSql}
        ORDER BY (c.status = 'open') DESC, c.first_absence_day DESC, c.id DESC
        LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    await auditAs(
      ctx, tx,
      rows.map((r) => ({ operation: 'read' as const, entity: 'case', entityId: r.id, citizenId: r.citizenId, details: { view: 'search' } })),
    );
    return {
      total: rows[0]?.total ?? 0,
      cases: rows.map(({ cpr, citizen_name, caseworker_name, total: _t, ...c }) => ({
        ...c,
        ...presentState(c, viewerOf(ctx.actor, c)),
        citizen: presentCitizen(ctx, { id: c.citizenId, cpr, name: citizen_name }),
        caseworkerName: caseworker_name,
      })),
    };
  });
}

export async function getCase(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, id);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const viewer = viewerOf(ctx.actor, state);
    const [citizen] = await tx.query<{ id: number; cpr: string; name: string; phone: string | null; email: string | null; digital_post_exempt: boolean; sms_opt_in: boolean; sms_opt_changed_at: string | null }>(
      'SELECT id, cpr, name, phone, email, digital_post_exempt, sms_opt_in, sms_opt_changed_at FROM citizen WHERE id = $1', [state.citizenId]);
    const [employer] = state.employerId
      ? await tx.query<{ id: number; cvr: string; name: string; industry_code: string | null; industry_version: string | null; imported_name: string | null }>(
          'SELECT e.id, e.cvr, e.name, e.industry_code, e.industry_version, (SELECT ic.name FROM industry_code ic WHERE ic.version = e.industry_version AND ic.code = e.industry_code) AS imported_name FROM employer e WHERE e.id = $1', [state.employerId])
      : [];
    const [caseworker] = state.caseworkerId
      ? await tx.query<{ id: number; name: string }>('SELECT id, name FROM app_user WHERE id = $1', [state.caseworkerId])
      : [];
    const [team] = await tx.query<{ id: number; name: string }>('SELECT id, name FROM team WHERE id = $1', [state.teamId]);
    const actions = await loadActions(tx, id);
    const plan = await loadPlan(tx, id);
    const workspace = presentWorkspace(await loadWorkspace(tx, id), viewer);
    await auditAs(ctx, tx, { operation: 'read', entity: 'case', entityId: id, citizenId: state.citizenId });
    return {
      case: presentState(state, viewer),
      citizen: presentCitizen(ctx, citizen),
      employer: employer
        ? withIndustryName({ id: employer.id, cvr: employer.cvr, name: employer.name, industryCode: employer.industry_code, industryVersion: employer.industry_version, importedIndustryName: employer.imported_name })
        : null,
      caseworker: caseworker ?? null,
      team,
      plan: presentPlan(plan, viewer),
      ...workspace,
      actions: actions.map((a) => presentAction(a, viewer)),
    };
  });
}

/** LIKE treats % and _ as wildcards: a search for "%" must find names with a %, not every case. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The citizen a new case is for. An existing citizen (same CPR number) is reused, and the identity and contact
 * details the caseworker typed replace the stored ones, so the answer shows what the caller typed and never what
 * another team once stored. Before that, a citizen with an open case in another team is refused without saying
 * which case or team: the caller learns only that the jobcentre already follows the citizen (one case per citizen),
 * and the attempt is audited.
 */
async function citizenForNewCase(ctx: Ctx, tx: Queryable, c: z.infer<typeof createCaseInput>['citizen'], teamId: number, kind: string) {
  const [existing] = await tx.query<{ id: number }>('SELECT id FROM citizen WHERE cpr = $1 FOR UPDATE', [c.cpr]);
  if (!existing) {
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO citizen (cpr, name, phone, email, digital_post_exempt, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [c.cpr, c.name, c.phone || null, c.email || null, c.digitalPostExempt ?? false, ctx.now]);
    return row.id;
  }
  const open = await tx.query<{ id: number; team_id: number; kind: string }>(`SELECT id, team_id, kind FROM sb_case WHERE citizen_id = $1 AND status = 'open'`, [existing.id]);
  if (open.some((o) => o.team_id !== teamId)) {
    const e = new DomainError('conflict', 'Borgeren følges allerede i et andet team. Bed en teamleder eller leder om at flytte sagen, i stedet for at oprette en ny.',
      [{ path: 'citizen.cpr', message: 'Borgeren har en åben sag i et andet team' }]);
    e.subject = { entity: 'citizen', entityId: existing.id, citizenId: existing.id };
    throw e;
  }
  const same = open.find((o) => o.kind === kind);
  if (same) throw new DomainError('conflict', `Borgeren har allerede en åben sag af denne type (sag ${same.id}).`, [{ path: 'citizen.cpr', message: `Borgeren har allerede en åben sag (sag ${same.id})` }]);
  await tx.query('UPDATE citizen SET name = $2, phone = $3, email = $4, digital_post_exempt = $5 WHERE id = $1',
    [existing.id, c.name, c.phone || null, c.email || null, c.digitalPostExempt ?? false]);
  await auditAs(ctx, tx, { operation: 'write', entity: 'citizen', entityId: existing.id, citizenId: existing.id, details: { action: 'identity-updated-at-new-case' } });
  return existing.id;
}

async function employerIdFor(tx: Queryable, e: { cvr: string; name?: string | null; industryCode?: string | null; industryVersion?: string | null } | null | undefined, path: string) {
  if (!e) return null;
  const [existing] = await tx.query<{ id: number }>('SELECT id FROM employer WHERE cvr = $1', [e.cvr]);
  if (existing) return existing.id;
  if (!e.name) throw invalidField(`${path}.name`, 'Arbejdsgiveren findes ikke i retur endnu: skriv virksomhedens navn');
  if (e.industryCode && !e.industryVersion) throw invalidField(`${path}.industryVersion`, 'Angiv om branchekoden er DB07 eller DB25');
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO employer (cvr, name, industry_code, industry_version) VALUES ($1, $2, $3, $4) RETURNING id',
    [e.cvr, e.name, e.industryCode ?? null, e.industryCode ? e.industryVersion : null],
  );
  return row.id;
}

/** A caseworker a case can be given to: active, a caseworker or team leader, in a team the actor may give work to. */
async function assignee(ctx: Ctx, tx: Queryable, id: number, path = 'caseworkerId') {
  const [u] = await tx.query<{ id: number; team_id: number | null; role: string; active: boolean }>(
    'SELECT id, team_id, role, active FROM app_user WHERE id = $1', [id]);
  if (!u || !u.active || !['caseworker', 'team_leader'].includes(u.role) || u.team_id == null)
    throw invalidField(path, 'Vælg en aktiv sagsbehandler');
  if (!seesAllTeams(ctx.actor) && u.team_id !== ctx.actor.teamId)
    throw invalidField(path, 'Sagsbehandleren er i et andet team; bed en leder om at flytte sagen');
  return { id: u.id, teamId: u.team_id };
}

export async function createCase(ctx: Ctx, input: z.infer<typeof createCaseInput>) {
  require(ctx.actor, 'case:write');
  return ctx.db.transaction(async (tx) => {
    const caseworkerId = input.caseworkerId ?? (ctx.actor.role === 'caseworker' ? ctx.actor.id : null);
    // A caseworker creates cases for themself; giving work to others is the team leader's (case:assign).
    if (caseworkerId != null && caseworkerId !== ctx.actor.id && !can(ctx.actor, 'case:assign'))
      throw invalidField('caseworkerId', 'Du kan kun oprette sager til dig selv; bed din teamleder om at fordele sagen');
    const worker = caseworkerId ? await assignee(ctx, tx, caseworkerId) : null;
    const teamId = worker?.teamId ?? ctx.actor.teamId;
    if (teamId == null) throw invalidField('caseworkerId', 'Vælg den sagsbehandler, der skal have sagen');
    const citizenId = await citizenForNewCase(ctx, tx, input.citizen, teamId, input.kind);
    const employerId = await employerIdFor(tx, input.employer, 'employer');
    const action = Case.createCase(
      {
        citizenId, teamId, caseworkerId: worker?.id ?? null, employerId,
        kind: input.kind, firstAbsenceDay: input.firstAbsenceDay, employment: input.employment, sickLeave: input.sickLeave,
        partialHours: input.partialHours ?? null, expectedFullReturn: input.expectedFullReturn ?? null,
        category: input.category ?? null, targetGroup: input.targetGroup ?? null, pathway: input.pathway ?? null,
        fastTrack: input.fastTrack ?? false, standby: input.standby ?? false,
        ...Case.PLAN_FACT_DEFAULTS,
        ...Object.fromEntries(Object.keys(Case.PLAN_FACT_DEFAULTS).filter((k) => input[k as keyof typeof input] !== undefined).map((k) => [k, input[k as keyof typeof input]])),
      },
      ctx.today,
    );
    return writeAction(ctx, tx, null, action);
  });
}

export function changeCase(ctx: Ctx, id: number, input: z.infer<typeof changeCaseInput>) {
  return mutateCase(ctx, id, 'case:write', async (state, tx) => {
    const { employerCvr, ...facts } = input.changes;
    const patch: Partial<Case.CaseFacts> = { ...facts };
    if (employerCvr !== undefined) {
      if (employerCvr === null) patch.employerId = null;
      else {
        const [e] = await tx.query<{ id: number }>('SELECT id FROM employer WHERE cvr = $1', [employerCvr]);
        if (!e) throw invalidField('changes.employerCvr', 'Ukendt CVR-nummer i retur; opret arbejdsgiveren først');
        patch.employerId = e.id;
      }
    }
    try {
      return Case.changeCase(state, input.version, patch, ctx.today);
    } catch (e) {
      // The domain names fact fields; on this endpoint they sit under `changes`.
      if (e instanceof DomainError && e.kind === 'invalid') throw invalid(e.issues.map((i) => ({ ...i, path: `changes.${i.path}` })));
      throw e;
    }
  },
  // A fast-track request or decline entered on the case form gets its outcome row in the same transaction.
  async (tx, next) => { await syncFastTrackRequest(ctx, tx, next); });
}

export function assignCase(ctx: Ctx, id: number, input: z.infer<typeof assignCaseInput>) {
  return mutateCase(ctx, id, 'case:assign', async (state, tx) =>
    Case.assignCase(state, input.version, await assignee(ctx, tx, input.caseworkerId), input.reason));
}

export function closeCase(ctx: Ctx, id: number, input: z.infer<typeof closeCaseInput>) {
  return mutateCase(ctx, id, 'case:write', async (state) => Case.closeCase(state, input.version, input.exitDate, input.exitReason, ctx.today));
}

export function reopenCase(ctx: Ctx, id: number, input: z.infer<typeof reopenCaseInput>) {
  return mutateCase(ctx, id, 'case:write', async (state) => Case.reopenCase(state, input.version, input.reason));
}

/** Moves many cases in one transaction: all move, or (on any stale version or forbidden case) none do. */
export async function bulkAssign(ctx: Ctx, input: z.infer<typeof bulkAssignInput>) {
  require(ctx.actor, 'case:assign');
  return ctx.db.transaction(async (tx) => {
    const to = await assignee(ctx, tx, input.caseworkerId);
    const moved: number[] = [];
    // Lock in id order, so two bulk moves over overlapping cases queue instead of deadlocking.
    const inOrder = [...input.cases.entries()].sort(([, a], [, b]) => a.id - b.id);
    for (const [i, c] of inOrder) {
      const state = await loadCaseForUpdate(tx, c.id).catch((e) => {
        if (e instanceof DomainError && e.kind === 'not-found') throw invalidField(`cases.${i}.id`, `Sag ${c.id} findes ikke`);
        throw e;
      });
      requireCaseAccess(ctx.actor, 'case:assign', state);
      if (state.caseworkerId === to.id) continue;
      await writeAction(ctx, tx, state, Case.assignCase(state, c.version, to, input.reason));
      moved.push(c.id);
    }
    return { moved };
  });
}

