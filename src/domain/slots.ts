/**
 * Free times in a caseworker's calendar, in Danish wall-clock terms: inside the working hours of each weekday, never
 * on a closed day (weekends, public holidays, the municipality's extra closed days) or during an absence, never
 * overlapping something already booked, never in the past. Pure: the caller passes "now" as `from`, and the closed
 * days as a function (src/rules/calendar.ts), so daylight-saving changes are handled by dates.ts alone.
 */
import { addDays, danishWallClock, instantInDenmark, weekday, type IsoDate } from './dates.ts';

/** One weekday's working time (ISO weekday: 1 = Monday … 7 = Sunday), wall-clock 'HH:MM'. */
export interface WorkingDay { weekday: number; starts: string; ends: string }
export interface Interval { start: Date; end: Date }
export interface Absence { from: IsoDate; to: IsoDate }

/** The municipality's default working week when a caseworker has set none (Mon-Thu 08:00-15:30, Fri 08:00-13:00). */
export const DEFAULT_WORKING_HOURS: readonly WorkingDay[] = [
  { weekday: 1, starts: '08:00', ends: '15:30' },
  { weekday: 2, starts: '08:00', ends: '15:30' },
  { weekday: 3, starts: '08:00', ends: '15:30' },
  { weekday: 4, starts: '08:00', ends: '15:30' },
  { weekday: 5, starts: '08:00', ends: '13:00' },
];

export const WEEKDAYS_DA = ['', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'] as const;

const MINUTE = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** ISO weekday of a calendar day (1 = Monday … 7 = Sunday). */
export const isoWeekday = (d: IsoDate) => weekday(d) || 7;

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
const inAbsence = (d: IsoDate, absences: readonly Absence[]) => absences.some((a) => a.from <= d && d <= a.to);

export interface FreeSlotQuery {
  /** The earliest start: now (a slot is never in the past). */
  from: Date;
  /** The latest end (e.g. midnight after the deadline's due day). */
  until: Date;
  durationMinutes: number;
  workingHours: readonly WorkingDay[];
  absences: readonly Absence[];
  isClosedDay(d: IsoDate): boolean;
  /** Meetings and group sessions of the host, and the room's bookings when a room is asked for. */
  busy: readonly Interval[];
  /** Slots start on this grid from the start of the working day. */
  stepMinutes?: number;
  count: number;
}

/** A search never walks further than this many days (a calendar without working hours finds nothing). */
const MAX_DAYS = 400;

/** The first `count` free slots between `from` and `until`, earliest first. */
export function freeSlots(q: FreeSlotQuery): Interval[] {
  const step = q.stepMinutes ?? 30;
  if (!(q.durationMinutes > 0) || !(step > 0)) throw new Error('freeSlots: duration and step must be positive');
  const out: Interval[] = [];
  if (q.count <= 0 || q.until <= q.from) return out;
  const byDay = new Map(q.workingHours.map((w) => [w.weekday, w]));
  const busy = [...q.busy].sort((a, b) => a.start.getTime() - b.start.getTime());
  const lastDay = danishWallClock(q.until).date;
  let day = danishWallClock(q.from).date;
  for (let n = 0; n < MAX_DAYS && day <= lastDay && out.length < q.count; n++, day = addDays(day, 1)) {
    const hours = byDay.get(isoWeekday(day));
    if (!hours || q.isClosedDay(day) || inAbsence(day, q.absences)) continue;
    const dayEnd = instantInDenmark(day, hours.ends);
    for (let m = minutesOf(hours.starts); m + q.durationMinutes <= minutesOf(hours.ends) && out.length < q.count; m += step) {
      const start = instantInDenmark(day, hhmm(m));
      const end = new Date(start.getTime() + q.durationMinutes * MINUTE);
      if (start < q.from || end > q.until || end > dayEnd) continue;
      const slot = { start, end };
      // In the spring gap a wall time that does not exist becomes the next hour: never offer the same moment twice.
      if (out.length && start <= out[out.length - 1].start) continue;
      if (busy.some((b) => overlaps(b, slot))) continue;
      out.push(slot);
    }
  }
  return out;
}

/**
 * Why a meeting cannot be held at this time in the host's calendar (Danish, for the caseworker), or null when it can:
 * outside the working hours of its weekday, on a closed day, during an absence, or across midnight.
 */
export function unavailableReason(
  at: Interval,
  cal: { workingHours: readonly WorkingDay[]; absences: readonly Absence[]; closedReason(d: IsoDate): string | null },
): string | null {
  const s = danishWallClock(at.start);
  const e = danishWallClock(at.end);
  const closed = cal.closedReason(s.date);
  if (closed) return `Kommunen holder lukket den dag (${closed})`;
  if (inAbsence(s.date, cal.absences)) return 'Sagsbehandleren er fraværende den dag';
  const hours = cal.workingHours.find((w) => w.weekday === isoWeekday(s.date));
  if (!hours) return `Sagsbehandleren arbejder ikke om ${WEEKDAYS_DA[isoWeekday(s.date)]}en`;
  if (e.date !== s.date || s.time < hours.starts || e.time > hours.ends)
    return `Tidspunktet ligger uden for arbejdstiden ${WEEKDAYS_DA[isoWeekday(s.date)]} ${hours.starts}-${hours.ends}`;
  return null;
}
