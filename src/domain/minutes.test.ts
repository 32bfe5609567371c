import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MEETING_FORMS, type MeetingForm } from './workspace.ts';
import { MINUTES_TEMPLATES, agreeReturnToWork, hoursOn, minutesDocument, minutesInput, planPeriods, returnPlanProblems, returnToWorkInput, writeMinutes, type StoredMinutes } from './minutes.ts';
import { DomainError } from './errors.ts';
import type { CaseState } from './case.ts';
import { addDays } from './dates.ts';

const state = (over: Partial<CaseState> = {}): CaseState => ({
  kind: 'sickness_benefit', firstAbsenceDay: '2026-10-01', employment: 'employed', employerId: 1, sickLeave: 'full', partialHours: null,
  expectedFullReturn: null, category: null, targetGroup: 1, pathway: null, diagnosisGroup: null, fastTrack: false, standby: false,
  pensioner: false, selfEmployedInsured: false, predictableCourse: false, notificationReceived: null, informationFormSent: null,
  medicalCertificateRequested: null, plannedFirstFollowUp: null, fastTrackRequestedBy: null, fastTrackRequested: null, fastTrackLetterSent: null,
  fastTrackDeclined: false, reassessedOn: null, informationFormReceived: null, citizenId: 1, teamId: 1, caseworkerId: 1, status: 'open',
  exitDate: null, exitReason: null, version: 3, ...over,
});
const paths = (f: () => unknown) => {
  try { f(); } catch (e) { return (e as DomainError).issues.map((i) => i.path); }
  throw new Error('no error');
};
const plan = { startsOn: '2026-12-01', endsOn: '2027-01-31', steps: [{ from: '2026-12-01', hoursPerWeek: 10 }, { from: '2026-12-15', hoursPerWeek: 20 }, { from: '2027-01-05', hoursPerWeek: 30 }] };

describe('minutes templates and input', () => {
  it('has a Danish template for every meeting form', () => {
    for (const form of Object.keys(MEETING_FORMS) as MeetingForm[]) {
      const t = MINUTES_TEMPLATES[form];
      expect(t.title).toMatch(/^Referat af /);
      expect(t.agreed.heading).toBe('Det aftalte vi');
      expect(t.nextSteps.prompt.length).toBeGreaterThan(10);
      expect(t.healthNotes.prompt).toMatch(/arbejdsgiveren/);
    }
  });

  it('takes version, agreed, next steps, and optionally the next meeting and health notes; nothing else', () => {
    expect(minutesInput.safeParse({ version: 1, agreed: 'a', nextSteps: 'b' }).success).toBe(true);
    expect(minutesInput.safeParse({ version: 1, agreed: 'a', nextSteps: 'b', nextMeeting: null, healthNotes: 'c' }).success).toBe(true);
    expect(minutesInput.safeParse({ version: 1, agreed: '  ', nextSteps: 'b' }).success).toBe(false);
    expect(minutesInput.safeParse({ version: 1, agreed: 'a', nextSteps: 'b', diagnosis: 'x' }).success).toBe(false);
  });

  it('refuses minutes of a meeting that was not held, naming meetingId, and keeps health notes out of the action', () => {
    const input = { version: 3, agreed: 'Aftalt', nextSteps: 'Næste', healthNotes: 'Helbred' };
    expect(paths(() => writeMinutes(state(), 3, { id: 9, status: 'planned', form: 'phone' }, input, new Date('2026-11-25T10:00:00Z'), 1))).toEqual(['meetingId']);
    const { action, stored } = writeMinutes(state(), 3, { id: 9, status: 'held', form: 'phone' }, input, new Date('2026-11-25T10:00:00Z'), 1);
    expect(action).toEqual({ type: 'minutes-written', meetingId: 9, agreed: 'Aftalt', nextSteps: 'Næste', nextMeeting: null });
    expect(stored).toMatchObject({ template: 'phone', healthNotes: 'Helbred', writtenBy: 1 });
  });

  it('leaves health notes out of the employer version and has no employer version without the employer at the table', () => {
    const minutes: StoredMinutes = { template: 'round-table', agreed: 'A', nextSteps: 'B', nextMeeting: null, healthNotes: 'Diskusprolaps', writtenAt: '2026-11-25T10:00:00Z', writtenBy: 1 };
    const m = { form: 'round-table' as const, heldOn: '2026-11-25', minutes, participants: [{ kind: 'employer', name: 'Jens', role: 'Leder' }] };
    const who = { citizenName: 'Borger', caseworker: 'Mette' };
    expect(JSON.stringify(minutesDocument(m, who, 'citizen'))).toContain('Diskusprolaps');
    const employer = minutesDocument(m, who, 'employer');
    expect(JSON.stringify(employer)).not.toContain('Diskusprolaps');
    expect(employer.participants).toEqual(['Jens, Leder (Arbejdsgiver)']);
    expect(paths(() => minutesDocument({ ...m, form: 'phone' }, who, 'employer'))).toEqual(['for']);
  });
});

describe('graduated return to work', () => {
  it('accepts 10 → 20 → 30 hours and tells the hours for any day', () => {
    expect(returnPlanProblems(plan)).toEqual([]);
    expect(hoursOn(plan, '2026-11-30')).toBeNull();
    expect(hoursOn(plan, '2026-12-01')).toBe(10);
    expect(hoursOn(plan, '2026-12-14')).toBe(10);
    expect(hoursOn(plan, '2026-12-15')).toBe(20);
    expect(hoursOn(plan, '2027-01-31')).toBe(30);
    expect(hoursOn(plan, '2027-02-01')).toBeNull();
    expect(planPeriods(plan)).toEqual([
      { from: '2026-12-01', to: '2026-12-14', hoursPerWeek: 10 }, { from: '2026-12-15', to: '2027-01-04', hoursPerWeek: 20 }, { from: '2027-01-05', to: '2027-01-31', hoursPerWeek: 30 },
    ]);
  });

  it('names the step and field that is wrong', () => {
    const steps = (s: { from: string; hoursPerWeek: number }[]) => returnPlanProblems({ ...plan, steps: s }).map((i) => i.path);
    expect(steps([{ from: '2026-12-01', hoursPerWeek: 10 }, { from: '2026-12-15', hoursPerWeek: 37.5 }])).toEqual(['steps.1.hoursPerWeek']);
    expect(steps([{ from: '2026-12-01', hoursPerWeek: 20 }, { from: '2026-12-15', hoursPerWeek: 20 }])).toEqual(['steps.1.hoursPerWeek']);
    expect(steps([{ from: '2026-12-01', hoursPerWeek: 10 }, { from: '2026-12-01', hoursPerWeek: 20 }])).toEqual(['steps.1.from']);
    expect(steps([{ from: '2026-12-01', hoursPerWeek: 10 }, { from: '2027-02-01', hoursPerWeek: 20 }])).toEqual(['steps.1.from']);
    expect(steps([{ from: '2026-12-02', hoursPerWeek: 0.4 }])).toEqual(['steps.0.from', 'steps.0.hoursPerWeek']);
    expect(returnPlanProblems({ ...plan, endsOn: '2026-11-30' }).map((i) => i.path)).toContain('endsOn');
    expect(returnToWorkInput.safeParse({ version: 1, startsOn: '2026-12-01', endsOn: '2026-12-31', steps: [] }).success).toBe(false);
  });

  it('sets partial sick leave with the hours in force today, or leaves the facts when the plan starts later', () => {
    const now = agreeReturnToWork(state(), 3, 7, plan, '2026-12-20');
    expect(now).toMatchObject({ type: 'return-to-work-agreed', planId: 7, changes: { sickLeave: { from: 'full', to: 'partial' }, partialHours: { from: null, to: 20 } } });
    expect(agreeReturnToWork(state(), 3, 7, plan, '2026-11-25')).toMatchObject({ changes: {} });
    expect(agreeReturnToWork(state({ sickLeave: 'partial', partialHours: 20 }), 3, 7, plan, '2026-12-20')).toMatchObject({ changes: {} });
    expect(() => agreeReturnToWork(state(), 2, 7, plan, '2026-12-20')).toThrow();
    expect(() => agreeReturnToWork(state({ status: 'closed' }), 3, 7, plan, '2026-12-20')).toThrow(/afsluttet/);
  });

  it('hoursOn is always one of the agreed steps inside the plan and null outside it', () => {
    fc.assert(fc.property(fc.integer({ min: -30, max: 120 }), (n) => {
      const day = addDays(plan.startsOn, n);
      const h = hoursOn(plan, day);
      if (day < plan.startsOn || day > plan.endsOn) return h === null;
      return plan.steps.some((s) => s.hoursPerWeek === h);
    }));
  });
});
