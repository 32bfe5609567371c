/**
 * Fast-track outcomes read off the real planner, with real dates: the employer's window (T-1, D + 34) at its edge,
 * the citizen's request under both readings of § 7 e (T-5), the 2-week first follow-up (T-10) over Easter, and the
 * employee's 2 bank days (T-2) over Christmas.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../rules/planner.ts';
import { DEFAULT_POLICY, type MunicipalPolicy } from '../rules/policy.ts';
import type { PlanFacts } from '../rules/facts.ts';
import { fastTrackOutcome, firstFollowUpOf, fastTrackRequestInput, fastTrackDeclineInput } from './fastTrack.ts';

function facts(D: string, ft: { requestedBy: 'employer' | 'citizen'; requested: string; declined?: boolean }, employment: PlanFacts['employment'] = 'employed'): PlanFacts {
  return {
    kind: 'sickness-benefit', firstAbsenceDay: D, employment, selfEmployedInsured: false, pensioner: false, category: null, standby: false,
    predictableCourse: false, expectedFullReturn: null, notificationReceived: null, informationFormSent: null, informationFormReceived: null,
    medicalCertificateRequested: null, plannedFirstFollowUp: null, reassessedOn: null, followUps: [], absencePeriods: [{ from: D, to: null }],
    fastTrack: { requestedBy: ft.requestedBy, requested: ft.requested, letterSent: ft.requestedBy === 'employer' ? ft.requested : null, declined: ft.declined ?? false },
  } as PlanFacts;
}
const outcome = (f: PlanFacts, asOf: string, policy: MunicipalPolicy = DEFAULT_POLICY) => {
  const p = plan(f, asOf, policy);
  return { ...fastTrackOutcome(p, { declined: !!f.fastTrack?.declined }), first: firstFollowUpOf(p), plan: p };
};

describe('fast-track outcome', () => {
  it("accepts the employer's request on the last day of the first 5 weeks and refuses it the day after (T-1)", () => {
    // D = Monday 5 January 2026: last day Sunday 8 February (legal-rules.md 7.3).
    const onEdge = outcome(facts('2026-01-05', { requestedBy: 'employer', requested: '2026-02-08' }), '2026-02-09');
    expect(onEdge.status).toBe('accepted');
    expect(onEdge.reason).toBeNull();
    // 8 Feb + 14 = Sunday 22 February; the municipality's due day is Friday 20 February.
    expect(onEdge.first).toEqual({ ruleId: 'T-10', legalDate: '2026-02-22', due: '2026-02-20' });

    const dayAfter = outcome(facts('2026-01-05', { requestedBy: 'employer', requested: '2026-02-09' }), '2026-02-09');
    expect(dayAfter.status).toBe('late');
    expect(dayAfter.reason).toMatch(/efter de første 5 uger/);
    expect(dayAfter.reason).toMatch(/almindelige frister/);
    // Back to F-1: end of week 8, Sunday 1 March → Friday 27 February.
    expect(dayAfter.first).toEqual({ ruleId: 'F-1', legalDate: '2026-03-01', due: '2026-02-27' });
  });

  it("the citizen's own request has no limit by default, and the employer's 5 weeks under the other reading (T-5)", () => {
    const f = facts('2026-01-05', { requestedBy: 'citizen', requested: '2026-02-10' }, 'unemployed');
    expect(outcome(f, '2026-02-10').status).toBe('accepted');
    const fiveWeeks = { ...DEFAULT_POLICY, interpretations: { ...DEFAULT_POLICY.interpretations, 'citizen-fast-track-limit': 'five-weeks' } } as MunicipalPolicy;
    const late = outcome(f, '2026-02-10', fiveWeeks);
    expect(late.status).toBe('late');
    expect(late.reason).toMatch(/§ 7 e/);
    expect(outcome(facts('2026-01-05', { requestedBy: 'citizen', requested: '2026-02-08' }, 'unemployed'), '2026-02-10', fiveWeeks).status).toBe('accepted');
  });

  it('a declined request gives the ordinary first follow-up and a reason (T-4)', () => {
    const d = outcome(facts('2026-01-05', { requestedBy: 'employer', requested: '2026-01-20', declined: true }), '2026-01-26');
    expect(d.status).toBe('declined');
    expect(d.reason).toMatch(/§ 13 b, stk. 3/);
    expect(d.first?.ruleId).toBe('F-1');
    expect(fastTrackOutcome(d.plan, { declined: true }, 'Medarbejderen vil hellere vente').reason).toBe('Medarbejderen vil hellere vente');
  });

  it('the 2 weeks end on Easter Monday 2026: the meeting is due the Wednesday before Maundy Thursday (T-10)', () => {
    const e = outcome(facts('2026-02-23', { requestedBy: 'employer', requested: '2026-03-23' }), '2026-03-24');
    expect(e.first).toEqual({ ruleId: 'T-10', legalDate: '2026-04-06', due: '2026-04-01' });
  });

  it("the employee's 2 bank days from a letter of 23 December 2026 end on 29 December (T-2)", () => {
    const x = outcome(facts('2026-12-01', { requestedBy: 'employer', requested: '2026-12-23' }), '2026-12-23');
    expect(x.plan.deadlines.find((d) => d.kind === 'fast-track-acceptance')?.legalDate).toBe('2026-12-29');
    expect(x.first).toEqual({ ruleId: 'T-10', legalDate: '2027-01-06', due: '2027-01-06' });
  });

  it('the input schemas name the field', () => {
    const bad = fastTrackRequestInput.safeParse({ requestedBy: 'chef', requested: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['requested', 'requestedBy']);
    expect(fastTrackRequestInput.safeParse({ requestedBy: 'employer', requested: '2026-02-03' }).success).toBe(true);
    expect(fastTrackDeclineInput.safeParse({ reason: 'x' }).error!.issues[0].path).toEqual(['reason']);
  });
});
