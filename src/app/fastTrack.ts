/**
 * Fast-track requests (SDL §§ 7 c, 7 e, 13 b stk. 2-3): an employer's or a citizen's request for early follow-up,
 * received through the UI or an outside system (POST /api/cases/:id/fast-track).
 *
 * The request is a change of the case's own facts (fastTrackRequestedBy, fastTrackRequested, fastTrackLetterSent,
 * fastTrack), written through the one case write path (`mutateCaseIn`: version check, case action, audit, and the
 * plan recomputed in the same transaction), so the planner's deadlines (T-1 window, T-2 acceptance, T-10 first
 * follow-up within 2 weeks) are on the worklist the moment the request is committed. The row in
 * `fast_track_request` follows the facts in the same transaction (`syncFastTrackRequest`) and keeps the outcome
 * (accepted, late, declined) with its reason, for the case page and the analytics.
 */
import type { Ctx } from './context.ts';
import { auditAs } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { loadCase, type CaseRow } from '../db/caseStore.ts';
import * as Case from '../domain/case.ts';
import { DomainError, invalid, invalidField } from '../domain/errors.ts';
import { can, require, requireCaseAccess, seesAllTeams } from '../domain/permissions.ts';
import * as F from '../domain/fastTrack.ts';
import { followUpsFor, loadPlan, planFactsOf, policyInForce } from './plans.ts';
import { mutateCaseIn } from './caseWrite.ts';
import { plan } from '../rules/planner.ts';
import { DEADLINE_LABELS, type DeadlineKind } from '../rules/deadlineKinds.ts';
import { HIDDEN } from './present.ts';

interface RequestRow {
  id: number; caseId: number; requestedBy: F.Requester; requestedOn: string; receivedVia: 'api' | 'ui' | 'facts';
  status: F.FastTrackStatus; reason: string | null; decidedAt: string; createdBy: string | null; supersededAt: string | null;
}
const SELECT = `SELECT r.id, r.case_id AS "caseId", r.requested_by AS "requestedBy", to_char(r.requested_on, 'YYYY-MM-DD') AS "requestedOn",
       r.received_via AS "receivedVia", r.status, r.reason, r.decided_at AS "decidedAt", u.name AS "createdBy", r.superseded_at AS "supersededAt"
  FROM fast_track_request r LEFT JOIN app_user u ON u.id = r.created_by`;

const currentRequest = async (tx: Queryable, caseId: number) =>
  (await tx.query<RequestRow>(`${SELECT} WHERE r.case_id = $1 AND r.superseded_at IS NULL`, [caseId]))[0] ?? null;

/** Fact paths as this endpoint names them. */
const FIELD_OF: Record<string, string> = { fastTrackRequested: 'requested', fastTrackRequestedBy: 'requestedBy', fastTrackLetterSent: 'letterSent' };
function renamed<T>(f: () => T): T {
  try { return f(); } catch (e) {
    if (e instanceof DomainError && e.kind === 'invalid') throw invalid(e.issues.map((i) => ({ ...i, path: FIELD_OF[i.path] ?? i.path })));
    throw e;
  }
}

/**
 * Makes the case's current `fast_track_request` row agree with its facts and the plan just written: no request in
 * the facts → the current row (if any) is superseded; the same request → its status and reason follow (declined,
 * late, accepted); a different request → the old row is superseded and a new one inserted. Call it inside the case
 * write's transaction, after the write. `via` says where a new row came from.
 */
export async function syncFastTrackRequest(ctx: Ctx, tx: Queryable, state: CaseRow, opts: { via?: 'api' | 'ui' | 'facts'; declineReason?: string } = {}): Promise<number | null> {
  const cur = await currentRequest(tx, state.id);
  if (!state.fastTrackRequestedBy || !state.fastTrackRequested) {
    if (cur) await tx.query('UPDATE fast_track_request SET superseded_at = $2 WHERE id = $1', [cur.id, ctx.now]);
    return null;
  }
  const stored = await loadPlan(tx, state.id);
  const same = cur && cur.requestedBy === state.fastTrackRequestedBy && cur.requestedOn === state.fastTrackRequested;
  const outcome = F.fastTrackOutcome({ issues: stored.issues, deadlines: [] }, { declined: state.fastTrackDeclined }, opts.declineReason ?? (same && cur.status === 'declined' ? cur.reason : null));
  if (same) {
    if (cur.status !== outcome.status || cur.reason !== outcome.reason) {
      await tx.query('UPDATE fast_track_request SET status = $2, reason = $3, decided_at = $4 WHERE id = $1', [cur.id, outcome.status, outcome.reason, ctx.now]);
      await auditAs(ctx, tx, { operation: 'write', entity: 'fast-track-request', entityId: cur.id, citizenId: state.citizenId, details: { caseId: state.id, status: outcome.status } });
    }
    return cur.id;
  }
  if (cur) await tx.query('UPDATE fast_track_request SET superseded_at = $2 WHERE id = $1', [cur.id, ctx.now]);
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO fast_track_request (case_id, requested_by, requested_on, received_via, status, reason, decided_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id`,
    [state.id, state.fastTrackRequestedBy, state.fastTrackRequested, opts.via ?? 'facts', outcome.status, outcome.reason, ctx.now, ctx.actor.id]);
  await auditAs(ctx, tx, { operation: 'write', entity: 'fast-track-request', entityId: row.id, citizenId: state.citizenId,
    details: { caseId: state.id, requestedBy: state.fastTrackRequestedBy, requested: state.fastTrackRequested, status: outcome.status } });
  return row.id;
}

/**
 * Registers a request. Without `version` (an outside system) the case's current version is used; with it (the UI)
 * a stale page is refused with 409. The same request again (a retry) changes nothing and answers as the first did.
 * A retry after a decline does not undo the decline. A new request (another day or requester) while an accepted
 * one stands is a conflict (decline it first); one after a late or declined request replaces it.
 */
export function requestFastTrack(ctx: Ctx, caseId: number, input: F.FastTrackRequestInput) {
  return ctx.db.transaction(async (tx) => {
    let repeated = false;
    const next = await mutateCaseIn(ctx, tx, caseId, 'case:write', async (state) => {
      if (input.requestedBy === 'employer' && state.employment !== 'employed')
        throw invalidField('requestedBy', 'Kun en borger i beskæftigelse har en arbejdsgiver, der kan anmode om fast track (SDL § 7 c)');
      if (input.requestedBy === 'citizen' && input.letterSent)
        throw invalidField('letterSent', 'Brevet med accept-blanketten sendes kun ved arbejdsgiverens anmodning');
      const cur = await currentRequest(tx, caseId);
      if (cur && cur.requestedBy === input.requestedBy && cur.requestedOn === input.requested) {
        repeated = true;
        return null;
      }
      if (cur && cur.status === 'accepted')
        throw new DomainError('conflict', `Der er allerede anmodet om fast track ${cur.requestedOn} (${F.REQUESTERS[cur.requestedBy].toLowerCase()}). Registrér et afslag først, hvis den skal erstattes.`);
      const patch: Partial<Case.CaseFacts> = {
        fastTrackRequestedBy: input.requestedBy,
        fastTrackRequested: input.requested,
        fastTrackLetterSent: input.requestedBy === 'employer' ? input.letterSent ?? input.requested : null,
        fastTrackDeclined: false,
      };
      // Whether fast track is on follows the planner's verdict on the new facts (the same computation the write
      // path stores a moment later), so the `fastTrack` fact never says "on" for a late request.
      const policy = await policyInForce(tx, ctx.today);
      const followUps = (await followUpsFor(tx, [caseId])).get(caseId) ?? [];
      const prospective = plan(planFactsOf({ ...state, ...patch } as Case.CaseState, followUps), ctx.today, policy);
      patch.fastTrack = F.fastTrackOutcome(prospective, { declined: false }).status === 'accepted';
      return renamed(() => Case.changeCase(state, input.version ?? state.version, patch, ctx.today));
    });
    if (next.status !== 'open') throw new DomainError('conflict', 'Sagen er afsluttet. Genåbn den først.');
    if (!repeated) await syncFastTrackRequest(ctx, tx, next, { via: input.version === undefined ? 'api' : 'ui' });
    return { ...(await viewIn(ctx, tx, next)), repeated };
  });
}

/** The employee declined (T-4, SDL § 13 b stk. 3): the ordinary deadlines apply again; the reason is kept and shown. */
export function declineFastTrack(ctx: Ctx, caseId: number, input: F.FastTrackDeclineInput) {
  return ctx.db.transaction(async (tx) => {
    const next = await mutateCaseIn(ctx, tx, caseId, 'case:write', async (state) => {
      if (!state.fastTrackRequestedBy) throw new DomainError('conflict', 'Der er ingen anmodning om fast track på sagen.');
      if (state.fastTrackDeclined) throw new DomainError('conflict', 'Fast track er allerede registreret som afvist.');
      return Case.changeCase(state, input.version ?? state.version, { fastTrackDeclined: true, fastTrack: false }, ctx.today);
    });
    await syncFastTrackRequest(ctx, tx, next, { declineReason: input.reason });
    return viewIn(ctx, tx, next);
  });
}

export interface FastTrackDeadline { kind: string; label: string; ruleId: string; legalDate: string; due: string; duty: string; status: string; why: string }

async function viewIn(ctx: Ctx, tx: Queryable, state: CaseRow) {
  const identify = can(ctx.actor, 'citizen:identify');
  const rows = await tx.query<RequestRow>(`${SELECT} WHERE r.case_id = $1 ORDER BY r.superseded_at IS NULL DESC, r.id DESC`, [state.id]);
  const stored = await loadPlan(tx, state.id);
  const deadlines: FastTrackDeadline[] = (stored.deadlines as { kind: string; ruleId: string; legalDate: string; due: string; duty: string; status: string; explanation: { da: string } }[])
    .filter((d) => (F.FAST_TRACK_KINDS as readonly string[]).includes(d.kind))
    .map((d) => ({ kind: d.kind, label: DEADLINE_LABELS[d.kind as DeadlineKind] ?? d.kind, ruleId: d.ruleId, legalDate: d.legalDate, due: d.due, duty: d.duty, status: d.status, why: d.explanation?.da ?? '' }));
  // A decline's reason is the caseworker's free text (it may say why the employee declined): hidden like notes.
  const shown = (r: RequestRow) => ({ ...r, reason: r.status === 'declined' && !identify ? HIDDEN : r.reason, statusText: F.FAST_TRACK_STATUSES[r.status] });
  // The facts decide: a request changed or declined on the case form shows as the facts say, even before its row
  // follows (syncFastTrackRequest runs in every write that goes through this module and, wired, in changeCase).
  let current = rows.find((r) => !r.supersededAt) ?? null;
  if (!state.fastTrackRequestedBy || !state.fastTrackRequested) current = null;
  else {
    const matches = current && current.requestedBy === state.fastTrackRequestedBy && current.requestedOn === state.fastTrackRequested;
    const outcome = F.fastTrackOutcome({ issues: stored.issues, deadlines: [] }, { declined: state.fastTrackDeclined }, matches && current!.status === 'declined' ? current!.reason : null);
    current = matches
      ? { ...current!, status: outcome.status, reason: outcome.reason }
      : { id: 0, caseId: state.id, requestedBy: state.fastTrackRequestedBy, requestedOn: state.fastTrackRequested, receivedVia: 'facts', status: outcome.status, reason: outcome.reason, decidedAt: ctx.now.toISOString(), createdBy: null, supersededAt: null };
  }
  return {
    caseId: state.id,
    version: state.version,
    employment: state.employment,
    fastTrack: state.fastTrack,
    current: current ? shown(current) : null,
    earlier: rows.filter((r) => r.supersededAt).map(shown),
    firstFollowUp: F.firstFollowUpOf(stored as unknown as F.PlanLike),
    deadlines,
  };
}

/** The case's fast-track request(s), outcome, reason and the deadlines they bring. */
export function getFastTrack(ctx: Ctx, caseId: number) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCase(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:read', state);
    const view = await viewIn(ctx, tx, state);
    await auditAs(ctx, tx, { operation: 'read', entity: 'fast-track-request', entityId: caseId, citizenId: state.citizenId, details: { requests: (view.current ? 1 : 0) + view.earlier.length } });
    return view;
  });
}

/**
 * Requests received (requested_on) in [from, to], by who asked and the outcome (current rows only, so a request
 * corrected or replaced counts once). Readers as for the other figures: team leaders (their team), managers and
 * analysts (the municipality). No citizen data: counts only.
 */
export function fastTrackFigures(ctx: Ctx, p: { from: string; to: string }) {
  require(ctx.actor, 'rules:preview');
  require(ctx.actor, 'case:read');
  const team = seesAllTeams(ctx.actor) ? null : ctx.actor.teamId ?? -1;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ requestedBy: F.Requester; status: F.FastTrackStatus; n: number }>(
      // A decline made on the case facts counts as declined even before its row follows (see viewIn).
      `SELECT r.requested_by AS "requestedBy",
              CASE WHEN c.fast_track_declined AND c.fast_track_requested = r.requested_on AND c.fast_track_requested_by = r.requested_by
                   THEN 'declined' ELSE r.status END AS status, count(*)::int AS n
         FROM fast_track_request r JOIN sb_case c ON c.id = r.case_id
        WHERE r.superseded_at IS NULL AND r.requested_on BETWEEN $1 AND $2 AND ($3::int IS NULL OR c.team_id = $3)
        GROUP BY 1, 2`, [p.from, p.to, team]);
    const by = (Object.keys(F.REQUESTERS) as F.Requester[]).map((requestedBy) => {
      const counts = Object.fromEntries((Object.keys(F.FAST_TRACK_STATUSES) as F.FastTrackStatus[]).map((s) => [s, rows.find((r) => r.requestedBy === requestedBy && r.status === s)?.n ?? 0])) as Record<F.FastTrackStatus, number>;
      return { requestedBy, label: F.REQUESTERS[requestedBy], ...counts, total: counts.accepted + counts.late + counts.declined };
    });
    const total = Object.fromEntries((Object.keys(F.FAST_TRACK_STATUSES) as F.FastTrackStatus[]).map((s) => [s, by.reduce((a, r) => a + r[s], 0)])) as Record<F.FastTrackStatus, number>;
    return { from: p.from, to: p.to, scope: team === null ? 'municipality' : 'team', byRequester: by, total: { ...total, total: total.accepted + total.late + total.declined } };
  });
}
