import { describe, expect, it } from 'vitest';
import { PLAN_FACT_DEFAULTS, applyAction, assignCase, changeCase, closeCase, createCase, reopenCase, replay, type CaseActionBody } from './case.ts';
import { DomainError } from './errors.ts';

const today = '2026-11-22';
const base = {
  citizenId: 1, teamId: 1, caseworkerId: 10, kind: 'sickness_benefit' as const, firstAbsenceDay: '2026-10-05',
  employment: 'employed' as const, employerId: 3, sickLeave: 'full' as const, partialHours: null, expectedFullReturn: '2027-01-04',
  category: 2 as const, targetGroup: 2, pathway: null, fastTrack: false, standby: false, ...PLAN_FACT_DEFAULTS,
};

describe('a case and its history', () => {
  it('replaying the actions gives the same state as applying them one by one', () => {
    const actions: CaseActionBody[] = [createCase(base, today)];
    let s = applyAction(null, actions[0]);
    const steps = [
      (x: typeof s) => changeCase(x, x.version, { sickLeave: 'partial', partialHours: 15 }, today)!,
      (x: typeof s) => assignCase(x, x.version, { id: 11, teamId: 2 }, 'Ny sagsbehandler starter'),
      (x: typeof s) => closeCase(x, x.version, '2026-11-20', 'back_full', today),
      (x: typeof s) => reopenCase(x, x.version, 'Tilbagefald efter to dage'),
    ];
    for (const step of steps) {
      const a = step(s);
      actions.push(a);
      s = applyAction(s, a);
    }
    expect(replay(actions)).toEqual(s);
    expect(s).toMatchObject({ version: 5, status: 'open', exitDate: null, caseworkerId: 11, teamId: 2, partialHours: 15 });
  });

  it('refuses a first absence day in the future', () => {
    expect(() => createCase({ ...base, firstAbsenceDay: '2026-11-23' }, today)).toThrow(DomainError);
  });

  it('records only fields that actually change, with before and after', () => {
    const s = applyAction(null, createCase(base, today));
    expect(changeCase(s, 1, { targetGroup: 2 }, today)).toBeNull();
    expect(changeCase(s, 1, { targetGroup: 4, standby: true }, today)).toEqual({
      type: 'changed',
      changes: { targetGroup: { from: 2, to: 4 }, standby: { from: false, to: true } },
    });
  });

  it('detects an edit based on an old version', () => {
    const s = applyAction(null, createCase(base, today));
    const err = (() => { try { changeCase(s, 0, { targetGroup: 1 }, today); } catch (e) { return e as DomainError; } })();
    expect(err?.kind).toBe('conflict');
  });

  it('requires hours when the sick leave is partial', () => {
    const s = applyAction(null, createCase(base, today));
    try {
      changeCase(s, 1, { sickLeave: 'partial' }, today);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).issues).toEqual([{ path: 'partialHours', message: expect.stringMatching(/timer/) }]);
    }
  });

  it('cannot close before the first absence day or reopen an open case', () => {
    const s = applyAction(null, createCase(base, today));
    expect(() => closeCase(s, 1, '2026-10-01', 'back_full', today)).toThrow(/før første fraværsdag/);
    expect(() => reopenCase(s, 1, 'fejl')).toThrow(/allerede åben/);
  });
});
