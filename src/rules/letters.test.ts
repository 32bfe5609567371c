import { describe, expect, it } from 'vitest';
import { answerDue, dispatchDate } from './letters.ts';
import { DEFAULT_POLICY } from './policy.ts';

describe('decision letters are held back on Fridays and before closed days', () => {
  it.each([
    ['2026-11-20', '2026-11-23', 'a Friday goes out on Monday'],
    ['2026-11-23', '2026-11-23', 'a Monday goes out the same day'],
    ['2026-04-01', '2026-04-07', 'the Wednesday before Maundy Thursday waits until the Tuesday after Easter'],
    ['2026-12-22', '2026-12-22', 'Tuesday 22 December is fine (23rd is a working day)'],
    ['2026-12-23', '2026-12-28', '23 December is the day before Christmas Eve (closed)'],
    ['2026-06-04', '2026-06-08', 'the day before Grundlovsdag'],
    ['2026-05-13', '2026-05-18', 'the day before Ascension waits, and the Friday after it is a Friday'],
  ])('%s → %s (%s)', (day, expected) => {
    expect(dispatchDate(day, DEFAULT_POLICY)).toBe(expected);
  });
  it('without the policy only closed days are skipped', () => {
    expect(dispatchDate('2026-11-20', { ...DEFAULT_POLICY, dispatchPolicy: false })).toBe('2026-11-20');
    expect(dispatchDate('2026-11-21', { ...DEFAULT_POLICY, dispatchPolicy: false })).toBe('2026-11-23');
  });
});

describe('answer deadlines from the Copenhagen seed', () => {
  it('phone: 2 working days; e-mail: 10 working days, over Easter', () => {
    expect(answerDue('phone', '2026-04-01', DEFAULT_POLICY)).toBe('2026-04-08');
    expect(answerDue('email', '2026-03-30', DEFAULT_POLICY)).toBe('2026-04-16');
  });
  it('a municipality can set its own deadlines', () => {
    expect(answerDue('phone', '2026-11-23', { ...DEFAULT_POLICY, answerDeadlines: { ...DEFAULT_POLICY.answerDeadlines, phone: 1 } })).toBe('2026-11-24');
  });
});
