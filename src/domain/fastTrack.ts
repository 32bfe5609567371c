/**
 * Fast-track requests (early follow-up): the input schemas and how a request's outcome is read off the plan.
 *
 * The law sits in the rules engine, not here: T-1 (SDL § 7 c, the employer asks within the first 5 weeks, D + 34),
 * T-5 (§ 7 e, the citizen's own request; its limit is the municipality's reading `citizen-fast-track-limit`), T-2
 * (BEK 1710/2024 § 4: the employee accepts within 2 bank days of the letter), T-4 (§ 13 b stk. 3: the employee may
 * decline; then F-1 applies) and T-10 (§ 13 b stk. 2: first follow-up within 2 weeks of the request). The planner
 * computes all of them; `fastTrackOutcome` only reads its verdict, so the case page, the stored request row and the
 * worklist can never disagree with the plan.
 */
import * as z from 'zod';
import { isoDate, reasonField, versionField } from './caseFields.ts';
import type { IsoDate } from './dates.ts';

export const REQUESTERS = { employer: 'Arbejdsgiveren', citizen: 'Borgeren' } as const;
export type Requester = keyof typeof REQUESTERS;
export const FAST_TRACK_STATUSES = {
  accepted: 'Fast track (første samtale inden 2 uger)',
  late: 'For sen: almindelige frister',
  declined: 'Afvist: almindelige frister',
} as const;
export type FastTrackStatus = keyof typeof FAST_TRACK_STATUSES;

/**
 * POST /api/cases/:id/fast-track. `version` is optional: a request from an outside system (NemRefusion, the
 * employer's HR system) does not know the case's version, and a request is a new fact from outside, not an edit of
 * what the caller saw; without it the current version is used. The UI sends it, so a caseworker's stale page is
 * still caught (409). `letterSent`: the day the employee was sent the letter with the acceptance form (T-2);
 * for an employer's request it defaults to the request day, because NemRefusion sends the letter when the employer
 * submits the request (pav.medst.dk); a citizen's own request has no such letter.
 */
export const fastTrackRequestInput = z.strictObject({
  requestedBy: z.enum(['employer', 'citizen'], { error: 'Vælg om arbejdsgiveren eller borgeren har anmodet' }),
  requested: isoDate,
  letterSent: isoDate.optional(),
  version: versionField.optional(),
});
export type FastTrackRequestInput = z.infer<typeof fastTrackRequestInput>;

export const fastTrackDeclineInput = z.strictObject({
  reason: reasonField,
  version: versionField.optional(),
});
export type FastTrackDeclineInput = z.infer<typeof fastTrackDeclineInput>;

export const fastTrackPeriodQuery = z.strictObject({ from: isoDate, to: isoDate })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'Slutdatoen skal ligge på eller efter startdatoen' });

/** The planner's output as far as fast track needs it (structural, so domain does not import the rules). */
export interface PlanLike {
  issues: readonly { code: string; message: string }[];
  deadlines: readonly { kind: string; ruleId: string; legalDate: IsoDate; due: IsoDate }[];
}

/** The deadline kinds a fast-track request brings (or moves): shown with the request. */
export const FAST_TRACK_KINDS = ['fast-track-request-window', 'fast-track-acceptance', 'first-follow-up', 'gp-consultation'] as const;

export interface Outcome {
  status: FastTrackStatus;
  /** Why the ordinary deadlines apply (late or declined), in Danish; null when fast track is on. */
  reason: string | null;
}

/**
 * The outcome of the case's request under the plan computed from the same facts. Declined wins (T-4); a request the
 * planner flags as too late (T-1, or T-5 under the five-week reading) is late; otherwise fast track is on.
 * `declineReason`: the reason given when the decline was registered (kept on the row).
 */
export function fastTrackOutcome(p: PlanLike, facts: { declined: boolean }, declineReason?: string | null): Outcome {
  if (facts.declined) return { status: 'declined', reason: declineReason?.trim() || 'Medarbejderen har afvist fast track (SDL § 13 b, stk. 3); de almindelige frister gælder.' };
  const late = p.issues.find((i) => i.code === 'fast-track-request-too-late');
  if (late) return { status: 'late', reason: `${late.message} De almindelige frister gælder.` };
  return { status: 'accepted', reason: null };
}

/** The first follow-up's deadline under the plan, and whether fast track set it (T-10) or the ordinary rule (F-1). */
export function firstFollowUpOf(p: PlanLike): { due: IsoDate; legalDate: IsoDate; ruleId: string } | null {
  const d = p.deadlines.find((x) => x.kind === 'first-follow-up');
  return d ? { due: d.due, legalDate: d.legalDate, ruleId: d.ruleId } : null;
}
