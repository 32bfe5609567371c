import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plan, type Deadline } from './planner.ts';
import { DEFAULT_POLICY, type MunicipalPolicy } from './policy.ts';
import { municipalCalendar } from './calendar.ts';
import { addDays } from '../domain/dates.ts';
import type { PlanFacts } from './facts.ts';
import { ruleSetOn } from './ruleSets.ts';

const byKind = (deadlines: Deadline[]) => Object.fromEntries(deadlines.map((d) => [d.kind, d]));
const withInterpretation = (k: keyof MunicipalPolicy['interpretations'], v: string): MunicipalPolicy => ({ ...DEFAULT_POLICY, interpretations: { ...DEFAULT_POLICY.interpretations, [k]: v } as MunicipalPolicy['interpretations'] });

describe('the worked example of legal-rules.md 7.3: employee sick from Monday 5 January 2026', () => {
  const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', informationFormSent: '2026-02-09', medicalCertificateRequested: '2026-02-13' }, '2026-01-20');
  const d = byKind(p.deadlines);
  it.each([
    ['benefit-start', '2026-02-04', '2026-02-04'],
    ['employer-conversation', '2026-02-02', '2026-02-02'],
    ['fast-track-request-window', '2026-02-08', '2026-02-08'],
    ['employer-notification', '2026-02-09', '2026-02-09'],
    ['information-form', '2026-02-17', '2026-02-17'],
    // F-1: Sunday 1 March; the municipality must hold it by Friday 27 February.
    ['first-follow-up', '2026-03-01', '2026-02-27'],
    ['medical-certificate', '2026-02-27', '2026-02-27'],
    // F-2: the half year ends Saturday 4 July; the last working day before is Friday 3 July.
    ['follow-up-minimum', '2026-07-04', '2026-07-03'],
    // P-10: 155th counted day is 8 July, so the reassessment month ends 31 July.
    ['reassessment', '2026-07-31', '2026-07-31'],
  ])('%s: legal date %s, due %s', (kind, legal, due) => {
    expect(d[kind]).toMatchObject({ legalDate: legal, due });
  });
  it('every deadline names its source and explains itself in Danish and English', () => {
    for (const x of p.deadlines) {
      expect(x.source, x.kind).toMatch(/SDL|BEK|STAR|Lov|lov/);
      expect(x.explanation.da.length).toBeGreaterThan(20);
      expect(x.explanation.en.length).toBeGreaterThan(20);
    }
    expect(d['first-follow-up'].explanation.da).toMatch(/8\. uge/);
    expect(d['first-follow-up'].source).toBe('SDL § 13 b, stk. 1');
  });
  it('the reassessment crosses 22 weeks on 8 July and leads to job clarification in 2026', () => {
    expect(d.reassessment.details).toMatchObject({ crossedOn: '2026-07-08', consequence: 'job-clarification' });
  });
  it('four follow-ups are still missing', () => {
    expect(d['follow-up-minimum'].details).toEqual({ required: 4, held: 0, missing: 4 });
  });
});

describe('fast track', () => {
  it('moves the first follow-up to two weeks after the request (SDL § 13 b, stk. 2) and sets a 2-bank-day acceptance', () => {
    const p = plan({ firstAbsenceDay: '2026-04-20', employment: 'employed', fastTrack: { requestedBy: 'employer', requested: '2026-05-11', letterSent: '2026-05-13' } }, '2026-05-13');
    const d = byKind(p.deadlines);
    expect(d['first-follow-up']).toMatchObject({ legalDate: '2026-05-25', due: '2026-05-22', ruleId: 'T-10' }); // 25 May 2026 is Whit Monday
    expect(d['fast-track-acceptance']).toMatchObject({ legalDate: '2026-05-19' }); // skips Ascension Day and the bank-closed Friday
    expect(d['fast-track-request-window']).toMatchObject({ status: 'met', metOn: '2026-05-11' });
  });
  it('warns when the employer asks after the first 5 weeks and keeps the ordinary deadline', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', fastTrack: { requestedBy: 'employer', requested: '2026-02-10' } }, '2026-02-10');
    expect(p.issues.map((i) => i.code)).toContain('fast-track-request-too-late');
    expect(byKind(p.deadlines)['first-follow-up'].legalDate).toBe('2026-03-01');
  });
  it("the citizen's own request gets a GP consultation deadline of 8 days", () => {
    const p = plan({ firstAbsenceDay: '2026-03-02', employment: 'unemployed', fastTrack: { requestedBy: 'citizen', requested: '2026-03-20' } }, '2026-03-20');
    expect(byKind(p.deadlines)['gp-consultation'].legalDate).toBe('2026-03-28');
    expect(byKind(p.deadlines)['first-follow-up'].legalDate).toBe('2026-04-03');
  });
  it('a declined fast track falls back to the end of week 8', () => {
    const p = plan({ firstAbsenceDay: '2026-03-02', employment: 'employed', fastTrack: { requestedBy: 'employer', requested: '2026-03-10', declined: true } }, '2026-03-20');
    expect(byKind(p.deadlines)['first-follow-up']).toMatchObject({ legalDate: '2026-04-26', ruleId: 'F-1' });
  });
});

describe('conflicts', () => {
  it('flags a medical certificate that cannot be ready for the planned first conversation', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', medicalCertificateRequested: '2026-02-20', plannedFirstFollowUp: '2026-02-25' }, '2026-02-20');
    expect(p.issues.find((i) => i.code === 'medical-certificate-infeasible')?.message).toMatch(/mindst 8 dage/);
    expect(byKind(p.deadlines)['medical-certificate'].legalDate).toBe('2026-02-25');
  });
  it('flags a planned first follow-up after its deadline', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', plannedFirstFollowUp: '2026-03-02' }, '2026-02-01');
    expect(p.issues.map((i) => i.code)).toContain('planned-first-follow-up-too-late');
  });
});

describe('follow-ups held', () => {
  it('a held meeting meets the first follow-up and counts towards the four', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'unemployed', followUps: [{ date: '2026-02-20', form: 'in-person' }, { date: '2026-03-20', form: 'phone' }] }, '2026-03-21');
    const d = byKind(p.deadlines);
    expect(d['first-follow-up']).toMatchObject({ status: 'met', metOn: '2026-02-20' });
    expect(d['follow-up-minimum'].details).toEqual({ required: 4, held: 2, missing: 2 });
  });
  it('warns when the first meeting was not in person', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'unemployed', followUps: [{ date: '2026-02-20', form: 'phone' }] }, '2026-03-21');
    expect(p.issues.map((i) => i.code)).toContain('first-follow-up-not-in-person');
  });
  it('standby plans no meetings but keeps the reassessment', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', standby: true }, '2026-01-20');
    const kinds = p.deadlines.map((d) => d.kind);
    expect(kinds).not.toContain('first-follow-up');
    expect(kinds).not.toContain('follow-up-minimum');
    expect(kinds).toContain('reassessment');
  });
  it('category 1 has no minimum of four meetings (SDL § 13 a)', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', category: 1 }, '2026-01-20');
    expect(p.deadlines.map((d) => d.kind)).not.toContain('follow-up-minimum');
  });
});

describe('rule-set boundaries', () => {
  it('selects RS-2023 on 31 December 2024 and RS-2025 on 1 January 2025', () => {
    expect(ruleSetOn('2024-12-31', DEFAULT_POLICY)).toBe('RS-2023');
    expect(ruleSetOn('2025-01-01', DEFAULT_POLICY)).toBe('RS-2025');
  });
  it('RS-2026 starts 1 July 2026 by default, 1 February 2026 if the municipality reads lov 1750/2025 so', () => {
    expect(ruleSetOn('2026-06-30', DEFAULT_POLICY)).toBe('RS-2025');
    expect(ruleSetOn('2026-07-01', DEFAULT_POLICY)).toBe('RS-2026');
    const feb = withInterpretation('rs2026-start', '2026-02-01');
    expect(ruleSetOn('2026-01-31', feb)).toBe('RS-2025');
    expect(ruleSetOn('2026-02-01', feb)).toBe('RS-2026');
  });
  it('RS-2027 from 1 January 2027', () => {
    expect(ruleSetOn('2026-12-31', DEFAULT_POLICY)).toBe('RS-2026');
    expect(ruleSetOn('2027-01-01', DEFAULT_POLICY)).toBe('RS-2027');
  });
  it('a spell that starts 1 July 2026 reaches its reassessment in January 2027: reduced rate, not job clarification', () => {
    const p = plan({ firstAbsenceDay: '2026-07-01', employment: 'employed' }, '2026-07-01');
    const r = byKind(p.deadlines).reassessment;
    expect(r).toMatchObject({ legalDate: '2027-01-31', ruleSet: 'RS-2027' });
    expect(r.details).toMatchObject({ crossedOn: '2027-01-01', consequence: 'reduced-rate' });
    expect(r.explanation.da).toMatch(/nedsat sygedagpengesats/);
  });
  it('a reassessment month ending 31 December 2026 follows the chosen transition reading', () => {
    // Continuous from 2026-06-01: crossing day 2026-12-02 → month end 2026-12-31.
    const facts: PlanFacts = { firstAbsenceDay: '2026-06-01', employment: 'employed' };
    expect(byKind(plan(facts, '2026-06-01').deadlines).reassessment.details).toMatchObject({ consequence: 'reduced-rate' });
    const other = withInterpretation('transition-2027', 'job-clarification-if-decided-in-2026');
    expect(byKind(plan(facts, '2026-06-01', other).deadlines).reassessment.details).toMatchObject({ consequence: 'job-clarification' });
  });
  it('the 26-week exemption (unverified) drops the four-meeting minimum only when RS-2026 is in force', () => {
    const facts: PlanFacts = { firstAbsenceDay: '2025-12-01', employment: 'employed', expectedFullReturn: '2026-04-01' };
    // Half year ends 2026-05-31, before 1 July 2026: the minimum applies.
    expect(plan(facts, '2025-12-10').deadlines.map((d) => d.kind)).toContain('follow-up-minimum');
    const feb = withInterpretation('rs2026-start', '2026-02-01');
    const p = plan(facts, '2025-12-10', feb);
    expect(p.deadlines.map((d) => d.kind)).not.toContain('follow-up-minimum');
    expect(p.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['exempt-26-weeks', 'unverified-rule-used']));
    expect(p.deadlines.map((d) => d.kind)).toContain('first-follow-up');
  });
  it('pensioners reach the limit after 26 weeks in 12 months (SDL § 25)', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', pensioner: true }, '2026-01-05');
    // 30 + 182 = day 212 counted → crosses on 2026-08-05 → month end 31 August.
    expect(byKind(p.deadlines).reassessment).toMatchObject({ legalDate: '2026-08-31', ruleId: 'P-15' });
  });
  it('a spell that ended before 22 weeks has no reassessment', () => {
    const p = plan({ firstAbsenceDay: '2026-01-05', employment: 'employed', absencePeriods: [{ from: '2026-01-05', to: '2026-04-30' }] }, '2026-05-01');
    expect(p.deadlines.map((d) => d.kind)).not.toContain('reassessment');
  });
  it('leap year: a half year from 31 August 2027 ends 29 February 2028', () => {
    const p = plan({ firstAbsenceDay: '2027-08-31', employment: 'unemployed' }, '2027-09-01');
    expect(byKind(p.deadlines)['follow-up-minimum'].legalDate).toBe('2028-02-29');
  });
  it('Christmas: a first follow-up due on Christmas Day is held by 23 December', () => {
    // D + 55 = 2026-12-25 → D = 2026-10-31.
    const p = plan({ firstAbsenceDay: '2026-10-31', employment: 'unemployed' }, '2026-11-01');
    expect(byKind(p.deadlines)['first-follow-up']).toMatchObject({ legalDate: '2026-12-25', due: '2026-12-23' });
  });
});

describe('properties', () => {
  const facts = fc.record({
    offset: fc.integer({ min: 0, max: 365 * 4 }),
    employment: fc.constantFrom('employed' as const, 'unemployed' as const, 'self-employed' as const),
    standby: fc.boolean(),
    category: fc.constantFrom(null, 1 as const, 2 as const),
    expectedWeeks: fc.option(fc.integer({ min: 1, max: 60 })),
    ftDays: fc.option(fc.integer({ min: 0, max: 60 })),
    formDays: fc.option(fc.integer({ min: 0, max: 60 })),
    pensioner: fc.boolean(),
  }).map((x): PlanFacts => {
    const D = addDays('2024-06-01', x.offset);
    return {
      firstAbsenceDay: D, employment: x.employment, standby: x.standby, category: x.category, pensioner: x.pensioner,
      expectedFullReturn: x.expectedWeeks ? addDays(D, x.expectedWeeks * 7) : null,
      fastTrack: x.ftDays !== null ? { requestedBy: 'employer', requested: addDays(D, x.ftDays), letterSent: addDays(D, x.ftDays + 1) } : null,
      informationFormSent: x.formDays !== null ? addDays(D, x.formDays) : null,
    };
  });
  const policies = fc.constantFrom(DEFAULT_POLICY, withInterpretation('rs2026-start', '2026-02-01'), withInterpretation('half-year', '26-weeks'), withInterpretation('reassessment-count', 'weekdays'), { ...DEFAULT_POLICY, closedDays: [] });

  it("a municipality's due date is a working day and never after the legal date; every deadline has a source", () => {
    fc.assert(fc.property(facts, policies, (f, policy) => {
      const cal = municipalCalendar(policy.closedDays);
      for (const d of plan(f, f.firstAbsenceDay, policy).deadlines) {
        expect(d.source).toBeTruthy();
        expect(d.explanation.da).toBeTruthy();
        if (d.duty === 'municipality') {
          expect(cal.isWorkingDay(d.due), `${d.kind} ${d.due}`).toBe(true);
          expect(d.due <= d.legalDate).toBe(true);
        }
      }
    }), { numRuns: 300 });
  });

  it('plans are deterministic', () => {
    fc.assert(fc.property(facts, policies, (f, policy) => {
      expect(plan(f, '2026-11-22', policy)).toEqual(plan(structuredClone(f), '2026-11-22', policy));
    }), { numRuns: 100 });
  });
});
