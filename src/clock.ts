/**
 * The one clock of retur. Nothing else reads the system time: use cases get `now` and `today` from the context,
 * the CLI and jobs from `clockFromEnv()`. `RETUR_CLOCK=2026-03-02T08:00:00+01:00` starts the clock at that
 * moment and lets it run (demos, tests of a whole process); tests in-process use `manualClock`.
 */
import { todayInDenmark, type IsoDate } from './domain/dates.ts';

export interface Clock {
  now(): Date;
  /** Today's date in Denmark. */
  today(): IsoDate;
}

const systemNow = () => new Date(Date.now());

export function systemClock(): Clock {
  return { now: systemNow, today: () => todayInDenmark(systemNow()) };
}

/** A clock that starts at `start` and runs at real speed from there. */
export function offsetClock(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  return { now, today: () => todayInDenmark(now()) };
}

/** A clock that stands still until told to move: for tests. A bare date means 09:00 Danish time that day. */
export function manualClock(start: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let t = parseInstant(start).getTime();
  return {
    now: () => new Date(t),
    today: () => todayInDenmark(new Date(t)),
    set: (at) => { t = parseInstant(at).getTime(); },
    advance: (ms) => { t += ms; },
  };
}

function parseInstant(v: Date | string): Date {
  if (v instanceof Date) return v;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T09:00:00+01:00` : v);
  if (Number.isNaN(d.getTime())) throw new Error(`RETUR_CLOCK: "${v}" er ikke et tidspunkt (fx 2026-03-02T08:00:00+01:00)`);
  return d;
}

/** The clock the environment asks for: RETUR_CLOCK (a date or an ISO instant) or the system's. */
export function clockFromEnv(value = process.env.RETUR_CLOCK): Clock {
  return value ? offsetClock(parseInstant(value)) : systemClock();
}
