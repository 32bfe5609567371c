import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { checkDecision, checkHearing, checkRegister, checkResume, paymentResumesFrom, registerSanctionInput, resumeByOf, sanctionStatus, type SanctionFacts } from './sanctions.ts';

const fieldOf = (f: () => unknown) => {
  try { f(); } catch (e) { if (e instanceof DomainError) return `${e.issues?.[0]?.path}: ${e.issues?.[0]?.message}`; throw e; }
  return null;
};
const base: SanctionFacts = { failureOn: '2026-03-02', hearingSentOn: null, hearingAnswerDue: null, decision: null, decidedOn: null, stoppedFrom: null, resumeBy: null, resumedOn: null };
const heard: SanctionFacts = { ...base, hearingSentOn: '2026-03-03', hearingAnswerDue: '2026-03-17' };

describe('sanction state machine (SDL § 21)', () => {
  it('moves registered → hearing → stopped → resumed', () => {
    expect(sanctionStatus(base)).toBe('registered');
    expect(sanctionStatus(heard)).toBe('hearing');
    expect(sanctionStatus({ ...heard, decision: 'stopped' })).toBe('stopped');
    expect(sanctionStatus({ ...heard, decision: 'not-stopped' })).toBe('not-stopped');
    expect(sanctionStatus({ ...heard, decision: 'stopped', resumedOn: '2026-03-25' })).toBe('resumed');
  });

  it('S-3: refusing medical treatment is refused as a ground, citing § 21 a', () => {
    const r = registerSanctionInput.safeParse({ failureKind: 'refused-treatment', failureOn: '2026-03-02' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['failureKind']);
    expect(r.error!.issues[0].message).toContain('SDL § 21 a');
    expect(registerSanctionInput.safeParse({ failureKind: 'missed-meeting', failureOn: '2026-03-02' }).success).toBe(true);
  });

  it('registers only failures between the first absence day and today', () => {
    expect(fieldOf(() => checkRegister({ failureOn: '2026-03-03' }, '2026-01-05', '2026-03-02'))).toMatch(/^failureOn: .*fremtiden/);
    expect(fieldOf(() => checkRegister({ failureOn: '2026-01-04' }, '2026-01-05', '2026-03-02'))).toMatch(/^failureOn: .*første fraværsdag/);
    expect(fieldOf(() => checkRegister({ failureOn: '2026-01-05' }, '2026-01-05', '2026-03-02'))).toBeNull();
  });

  it('hears once, not before the failure', () => {
    expect(fieldOf(() => checkHearing(base, '2026-03-01', '2026-03-10'))).toMatch(/^sentOn: .*før den manglende medvirken/);
    expect(fieldOf(() => checkHearing(base, '2026-03-02', '2026-03-10'))).toBeNull();
    expect(fieldOf(() => checkHearing(heard, '2026-03-04', '2026-03-10'))).toMatch(/^sentOn: .*allerede sendt/);
  });

  it('refuses a stop without a hearing, and on or before the answer deadline', () => {
    expect(fieldOf(() => checkDecision(base, { decision: 'stopped', decidedOn: '2026-03-20' }, '2026-03-20'))).toMatch(/^decision: .*partshøres/);
    expect(fieldOf(() => checkDecision(heard, { decision: 'stopped', decidedOn: '2026-03-17' }, '2026-03-20')))
      .toBe('decidedOn: Sygedagpengene kan først standses efter borgerens svarfrist i partshøringen (2026-03-17)');
    expect(checkDecision(heard, { decision: 'stopped', decidedOn: '2026-03-18' }, '2026-03-20')).toEqual({ stoppedFrom: '2026-03-02' });
    expect(checkDecision(heard, { decision: 'stopped', decidedOn: '2026-03-18', stoppedFrom: '2026-03-18' }, '2026-03-20')).toEqual({ stoppedFrom: '2026-03-18' });
    expect(fieldOf(() => checkDecision(heard, { decision: 'stopped', decidedOn: '2026-03-18', stoppedFrom: '2026-03-01' }, '2026-03-20'))).toMatch(/^stoppedFrom:/);
    // Not stopping needs no wait.
    expect(checkDecision(heard, { decision: 'not-stopped', decidedOn: '2026-03-05' }, '2026-03-20')).toEqual({ stoppedFrom: null });
    expect(fieldOf(() => checkDecision(heard, { decision: 'not-stopped', decidedOn: '2026-03-05', stoppedFrom: '2026-03-05' }, '2026-03-20'))).toMatch(/^stoppedFrom:/);
  });

  it('S-2: resumes within 4 weeks of the notice or of the failure, as the municipality reads it', () => {
    expect(resumeByOf('notice', '2026-03-02', '2026-03-18')).toBe('2026-04-15');
    expect(resumeByOf('failure', '2026-03-02', '2026-03-18')).toBe('2026-03-30');
    // Across the end of February in the leap year 2028.
    expect(resumeByOf('notice', '2028-02-01', '2028-02-10')).toBe('2028-03-09');
    const stopped: SanctionFacts = { ...heard, decision: 'stopped', decidedOn: '2026-03-18', stoppedFrom: '2026-03-02', resumeBy: '2026-04-15' };
    expect(fieldOf(() => checkResume(stopped, '2026-04-15', '2026-05-01'))).toBeNull();
    expect(paymentResumesFrom('2026-04-15', '2026-04-15')).toBe('2026-04-16');
    expect(fieldOf(() => checkResume(stopped, '2026-04-16', '2026-05-01'))).toMatch(/^resumedOn: .*inden 4 uger \(senest 2026-04-15\)/);
    expect(fieldOf(() => checkResume({ ...heard, decision: 'not-stopped' }, '2026-04-01', '2026-05-01'))).toMatch(/^resumedOn: Kun standsede/);
  });
});
