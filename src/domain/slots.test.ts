import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_WORKING_HOURS, freeSlots, overlaps, unavailableReason, type FreeSlotQuery } from './slots.ts';
import { addDays, danishWallClock, instantInDenmark } from './dates.ts';
// The test uses the real municipal calendar (public holidays from date-holidays, 24 Dec closed by default policy).
import { municipalCalendar } from '../rules/calendar.ts';

const cal = municipalCalendar();
const at = (d: string, t: string) => instantInDenmark(d, t);
/** Slots as 'YYYY-MM-DD HH:MM' in Danish wall-clock time, which is what a caseworker reads. */
const wall = (slots: { start: Date }[]) => slots.map((s) => { const w = danishWallClock(s.start); return `${w.date} ${w.time}`; });

function query(p: Partial<FreeSlotQuery> & { from: Date }): FreeSlotQuery {
  return {
    until: new Date(p.from.getTime() + 60 * 86_400_000), durationMinutes: 45, workingHours: DEFAULT_WORKING_HOURS, absences: [],
    isClosedDay: (d) => !cal.isWorkingDay(d), busy: [], count: 3, ...p,
  };
}

describe('free slots in a caseworker calendar', () => {
  it('starts on the half-hour grid after now, never in the past', () => {
    // Tuesday 1 December 2026, 09:10
    expect(wall(freeSlots(query({ from: at('2026-12-01', '09:10') })))).toEqual(['2026-12-01 09:30', '2026-12-01 10:00', '2026-12-01 10:30']);
    expect(wall(freeSlots(query({ from: at('2026-12-01', '10:00') })))[0]).toBe('2026-12-01 10:00');
  });

  it('avoids busy meetings and group sessions (touching ends are fine)', () => {
    const busy = [{ start: at('2026-12-01', '09:30'), end: at('2026-12-01', '10:15') }, { start: at('2026-12-01', '11:15'), end: at('2026-12-01', '12:45') }];
    expect(wall(freeSlots(query({ from: at('2026-12-01', '09:10'), busy, count: 4 })))).toEqual(['2026-12-01 10:30', '2026-12-01 13:00', '2026-12-01 13:30', '2026-12-01 14:00']);
    const touching = [{ start: at('2026-12-01', '08:00'), end: at('2026-12-01', '08:30') }];
    expect(wall(freeSlots(query({ from: at('2026-12-01', '07:00'), busy: touching, count: 1 })))).toEqual(['2026-12-01 08:30']);
  });

  it('stays inside working hours: 15:30 on Monday to Thursday, 13:00 on Friday', () => {
    expect(wall(freeSlots(query({ from: at('2026-12-01', '14:50'), count: 2 })))).toEqual(['2026-12-02 08:00', '2026-12-02 08:30']);
    expect(wall(freeSlots(query({ from: at('2026-12-01', '14:30'), count: 1 })))).toEqual(['2026-12-01 14:30']);
    // Friday 4 December: 12:00-12:45 fits, 12:30 would end 13:15; then Monday.
    expect(wall(freeSlots(query({ from: at('2026-12-04', '12:00'), count: 2 })))).toEqual(['2026-12-04 12:00', '2026-12-07 08:00']);
    // Before the working day starts: the first slot is at its start.
    expect(wall(freeSlots(query({ from: at('2026-12-02', '06:00'), count: 1 })))).toEqual(['2026-12-02 08:00']);
  });

  it('skips Christmas Eve (a municipal closed day), Christmas and the weekend', () => {
    expect(wall(freeSlots(query({ from: at('2026-12-23', '15:00'), count: 1 })))).toEqual(['2026-12-28 08:00']);
    // New Year's Eve (Thursday) closed, New Year's Day (Friday) a holiday.
    expect(wall(freeSlots(query({ from: at('2026-12-30', '15:00'), count: 1 })))).toEqual(['2027-01-04 08:00']);
  });

  it('skips Easter: Maundy Thursday, Good Friday and Easter Monday 2026', () => {
    expect(wall(freeSlots(query({ from: at('2026-04-01', '15:00'), count: 1 })))).toEqual(['2026-04-07 08:00']);
  });

  it('skips absences (holiday, course)', () => {
    const absences = [{ from: '2026-12-07', to: '2026-12-08' }];
    expect(wall(freeSlots(query({ from: at('2026-12-04', '13:00'), absences, count: 1 })))).toEqual(['2026-12-09 08:00']);
  });

  it('keeps Danish wall-clock time across the daylight-saving changes (29 March and 25 October 2026)', () => {
    // Friday before summer time: 08:00 is 07:00 UTC; the Monday after: 08:00 is 06:00 UTC.
    const spring = freeSlots(query({ from: at('2026-03-27', '12:15'), count: 2 }));
    expect(wall(spring)).toEqual(['2026-03-30 08:00', '2026-03-30 08:30']);
    expect(at('2026-03-27', '08:00').toISOString()).toBe('2026-03-27T07:00:00.000Z');
    expect(spring[0].start.toISOString()).toBe('2026-03-30T06:00:00.000Z');
    const autumn = freeSlots(query({ from: at('2026-10-23', '13:00'), count: 1 }));
    expect(wall(autumn)).toEqual(['2026-10-26 08:00']);
    expect(autumn[0].start.toISOString()).toBe('2026-10-26T07:00:00.000Z');
    expect(at('2026-10-23', '08:00').toISOString()).toBe('2026-10-23T06:00:00.000Z');
  });

  it('on the night of the change itself a slot is never offered twice and lasts its duration', () => {
    const night = [{ weekday: 7, starts: '01:00', ends: '04:00' }];
    const spring = freeSlots(query({ from: at('2026-03-29', '00:00'), until: at('2026-03-30', '00:00'), workingHours: night, durationMinutes: 60, stepMinutes: 60, isClosedDay: () => false, count: 5 }));
    expect(spring.map((s) => s.start.toISOString())).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    const autumn = freeSlots(query({ from: at('2026-10-25', '00:00'), until: at('2026-10-26', '00:00'), workingHours: night, durationMinutes: 60, stepMinutes: 60, isClosedDay: () => false, count: 5 }));
    for (const s of autumn) expect(s.end.getTime() - s.start.getTime()).toBe(3_600_000);
    expect(new Set(autumn.map((s) => s.start.getTime())).size).toBe(autumn.length);
  });

  it('respects the latest end (the deadline) and finds nothing without working hours', () => {
    const until = at('2026-12-02', '00:00');
    expect(wall(freeSlots(query({ from: at('2026-12-01', '14:00'), until, count: 5 })))).toEqual(['2026-12-01 14:00', '2026-12-01 14:30']);
    expect(freeSlots(query({ from: at('2026-12-01', '09:00'), workingHours: [] }))).toEqual([]);
  });

  it('property: every slot is in the future, inside working hours, on an open day, and overlaps nothing busy', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2026-01-01', n));
    const time = fc.integer({ min: 0, max: 47 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
    const busy = fc.array(fc.record({ d: fc.integer({ min: 0, max: 20 }), t: time, len: fc.integer({ min: 15, max: 180 }) }), { maxLength: 12 });
    fc.assert(fc.property(day, time, busy, fc.integer({ min: 15, max: 120 }), (d, t, b, duration) => {
      const from = at(d, t);
      const busyIntervals = b.map((x) => { const start = at(addDays(d, x.d), x.t); return { start, end: new Date(start.getTime() + x.len * 60_000) }; });
      const absences = [{ from: addDays(d, 2), to: addDays(d, 3) }];
      const slots = freeSlots(query({ from, busy: busyIntervals, durationMinutes: duration, absences, count: 6 }));
      for (const s of slots) {
        expect(s.start >= from).toBe(true);
        expect(busyIntervals.some((x) => overlaps(x, s))).toBe(false);
        expect(unavailableReason(s, { workingHours: DEFAULT_WORKING_HOURS, absences, closedReason: cal.closedReason })).toBeNull();
      }
    }), { numRuns: 200 });
  });
});

describe('is a meeting time inside the host calendar', () => {
  const c = { workingHours: DEFAULT_WORKING_HOURS, absences: [{ from: '2026-12-10', to: '2026-12-11' }], closedReason: cal.closedReason };
  const slot = (d: string, s: string, e: string) => ({ start: at(d, s), end: at(d, e) });
  it('accepts a time inside working hours on an open day', () => {
    expect(unavailableReason(slot('2026-12-01', '08:00', '08:45'), c)).toBeNull();
    expect(unavailableReason(slot('2026-12-01', '14:45', '15:30'), c)).toBeNull();
  });
  it('names why it refuses', () => {
    expect(unavailableReason(slot('2026-12-24', '10:00', '10:45'), c)).toMatch(/lukket/);
    expect(unavailableReason(slot('2026-12-05', '10:00', '10:45'), c)).toMatch(/lørdag/);
    expect(unavailableReason(slot('2026-12-10', '10:00', '10:45'), c)).toMatch(/fraværende/);
    expect(unavailableReason(slot('2026-12-01', '07:30', '08:15'), c)).toMatch(/uden for arbejdstiden tirsdag 08:00-15:30/);
    expect(unavailableReason(slot('2026-12-04', '12:30', '13:15'), c)).toMatch(/fredag 08:00-13:00/);
  });
});
