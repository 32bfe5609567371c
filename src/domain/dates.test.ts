import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, addMonthsRolling, daysBetween, isIsoDate, lastDayOfMonth, weekday } from './dates.ts';

describe('calendar days', () => {
  it('adds days across month ends, leap days and the daylight-saving changes', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // DST starts 29 March 2026
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26'); // DST ends 25 October 2026
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-05', 55)).toBe('2026-03-01');
  });
  it('month arithmetic: clamped and rolling', () => {
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonthsRolling('2027-08-31', 6)).toBe('2028-03-01');
    expect(addMonthsRolling('2026-01-05', 6)).toBe('2026-07-05');
    expect(lastDayOfMonth('2028-02-10')).toBe('2028-02-29');
  });
  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
  });
  it('property: addDays and daysBetween agree with the built-in calendar', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 365 * 30 }), fc.integer({ min: -800, max: 800 }), (offset, n) => {
      const d = addDays('2000-01-01', offset);
      const expected = new Date(Date.UTC(2000, 0, 1 + offset + n)).toISOString().slice(0, 10);
      expect(addDays(d, n)).toBe(expected);
      expect(daysBetween(d, expected)).toBe(n);
      expect(weekday(expected)).toBe(new Date(expected + 'T00:00:00Z').getUTCDay());
    }));
  });
});
