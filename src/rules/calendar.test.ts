import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { municipalCalendar, nthBankDayAfter, isBankDay, officialHolidays } from './calendar.ts';
import { addDays, weekday } from '../domain/dates.ts';

const cal = municipalCalendar();

describe('the Danish calendar', () => {
  it('knows the Easter-based holidays of 2026 and 2027 without computing Easter itself', () => {
    for (const d of ['2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2027-03-25', '2027-03-26', '2027-03-29', '2027-05-06', '2027-05-17'])
      expect(cal.isWorkingDay(d), d).toBe(false);
  });

  it('Store Bededag is an ordinary working day from 2024, a holiday before', () => {
    expect(cal.isWorkingDay('2023-05-05')).toBe(false);
    expect(cal.isWorkingDay('2024-04-26')).toBe(true);
    expect(cal.isWorkingDay('2026-05-01')).toBe(true); // 4th Friday after Easter 2026, and 1 May (open by default)
  });

  it('closes 5 June, 24 and 31 December by default; the Friday after Ascension only for banks', () => {
    expect(cal.closedReason('2026-06-05')).toMatch(/Grundlovsdag/);
    expect(cal.isWorkingDay('2026-12-24')).toBe(false);
    expect(cal.isWorkingDay('2026-12-31')).toBe(false);
    expect(cal.isWorkingDay('2026-05-15')).toBe(true);
    expect(isBankDay('2026-05-15')).toBe(false);
    expect(isBankDay('2027-05-07')).toBe(false);
  });

  it('a municipality may close the Friday after Ascension too', () => {
    const closing = municipalCalendar(['constitution-day', 'christmas-eve', 'new-years-eve', 'friday-after-ascension']);
    expect(closing.isWorkingDay('2026-05-15')).toBe(false);
  });

  it('counts working days over Christmas and New Year', () => {
    // Tue 22 Dec 2026 + 2 working days: 23 Dec (Wed), then 24 (closed), 25, 26, 27 (Sun), 28 (Mon) → 28 Dec.
    expect(cal.nthWorkingDayAfter('2026-12-22', 2)).toBe('2026-12-28');
    // 10 working days after 23 Dec 2026 skips 24-27 Dec, 31 Dec and 1 Jan.
    expect(cal.nthWorkingDayAfter('2026-12-23', 10)).toBe('2027-01-12');
  });

  it('the last working day on or before Easter Monday 2026 is the Wednesday before Maundy Thursday', () => {
    expect(cal.lastWorkingDayOnOrBefore('2026-04-06')).toBe('2026-04-01');
    expect(cal.lastWorkingDayOnOrBefore('2026-04-01')).toBe('2026-04-01');
  });

  it('bank days for the fast-track form: 2 bank days after Wednesday 13 May 2026 skip Ascension and the Friday after it', () => {
    expect(nthBankDayAfter('2026-05-13', 2)).toBe('2026-05-19');
    expect(nthBankDayAfter('2026-12-23', 2)).toBe('2026-12-29');
  });

  it('lists the official holidays of a leap year', () => {
    expect([...officialHolidays(2028).keys()]).toContain('2028-04-16'); // Easter Sunday 2028
  });

  it('property: the n-th working day after d is a working day, after d, with exactly n working days in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 6 }), fc.integer({ min: 1, max: 15 }), (offset, n) => {
        const d = addDays('2024-01-01', offset);
        const r = cal.nthWorkingDayAfter(d, n);
        expect(r > d).toBe(true);
        expect(cal.isWorkingDay(r)).toBe(true);
        let count = 0;
        for (let x = addDays(d, 1); x <= r; x = addDays(x, 1)) if (cal.isWorkingDay(x)) count++;
        expect(count).toBe(n);
        expect([0, 6]).not.toContain(weekday(r));
      }),
    );
  });
});
