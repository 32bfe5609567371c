import { describe, expect, it } from 'vitest';
import { reminderAt } from './reminders.ts';
import { DEFAULT_POLICY } from './policy.ts';

const at = (meetingDay: string, policy = DEFAULT_POLICY) => reminderAt(meetingDay, policy)?.toISOString();

describe('the SMS reminder goes at 16:00 on the municipal working day before the meeting', () => {
  it('a Thursday meeting is reminded on Wednesday at 16:00 Danish time (15:00 UTC in winter)', () => {
    expect(at('2026-11-26')).toBe('2026-11-25T15:00:00.000Z');
  });
  it('a Monday meeting is reminded on Friday', () => {
    expect(at('2026-11-30')).toBe('2026-11-27T15:00:00.000Z');
  });
  it('over Christmas: a meeting on Monday 28 December is reminded on Wednesday 23 December (24-27 are closed)', () => {
    expect(at('2026-12-28')).toBe('2026-12-23T15:00:00.000Z');
  });
  it('after Easter: a meeting on Tuesday 7 April 2026 is reminded on Wednesday 1 April (Maundy Thursday to Easter Monday closed), in summer time', () => {
    expect(at('2026-04-07')).toBe('2026-04-01T14:00:00.000Z');
  });
  it('across the change to summer time: a Monday 30 March meeting is reminded on Friday 27 March at 16:00 CET', () => {
    expect(at('2026-03-30')).toBe('2026-03-27T15:00:00.000Z');
  });
  it('follows the policy: another time, two working days before, or no reminders at all', () => {
    expect(at('2026-11-26', { ...DEFAULT_POLICY, smsReminder: { enabled: true, time: '09:30', workingDaysBefore: 2 } })).toBe('2026-11-24T08:30:00.000Z');
    expect(at('2026-11-26', { ...DEFAULT_POLICY, smsReminder: { enabled: false, time: '16:00', workingDaysBefore: 1 } })).toBeUndefined();
  });
});
