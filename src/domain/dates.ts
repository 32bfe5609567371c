/**
 * retur's one date type: a calendar day as an ISO string 'YYYY-MM-DD'. No time zones, no clocks:
 * arithmetic happens on UTC midnights so daylight-saving changes can never move a day.
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

// The planner does date arithmetic in tight loops: parse and format by hand instead of via ISO strings.
const epochDay = (d: IsoDate): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY_MS;
const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
export const toUtc = (d: IsoDate): Date => new Date(epochDay(d) * DAY_MS);
export const fromUtc = (d: Date): IsoDate => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;

export const addDays = (d: IsoDate, n: number): IsoDate => fromUtc(new Date((epochDay(d) + n) * DAY_MS));
export const daysBetween = (from: IsoDate, to: IsoDate): number => epochDay(to) - epochDay(from);

/** 0 = Sunday … 6 = Saturday */
export const weekday = (d: IsoDate): number => toUtc(d).getUTCDay();

export const lastDayOfMonth = (d: IsoDate): IsoDate => {
  const u = toUtc(d);
  return fromUtc(new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth() + 1, 0)));
};

/** Same day n months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export const addMonths = (d: IsoDate, n: number): IsoDate => {
  const u = toUtc(d);
  const target = new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(u.getUTCDate(), last));
  return fromUtc(target);
};

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);

/** The calendar day in Denmark at a moment (the clock in src/clock.ts says which moment it is now). */
export function todayInDenmark(now: Date): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(now);
}

const DK_PARTS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** A moment as Danish wall-clock time: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function danishWallClock(at: Date): { date: IsoDate; time: string } {
  const p = Object.fromEntries(DK_PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/**
 * The moment a Danish wall-clock time happens (CET +01:00 in winter, CEST +02:00 in summer). On the autumn night the
 * clock shows 02:00-02:59 twice, the first is taken; in the spring gap that hour does not exist and the next one is.
 */
export function instantInDenmark(date: IsoDate, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  const base = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h, m);
  for (const offsetHours of [2, 1]) {
    const at = new Date(base - offsetHours * 3_600_000);
    const wall = danishWallClock(at);
    if (wall.date === date && wall.time === time) return at;
  }
  return new Date(base - 3_600_000);
}

const MONTHS_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const WEEKDAYS_DA = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
/** '2026-03-01' → 'søndag 1. marts 2026' */
export function formatDanish(d: IsoDate, withWeekday = true): string {
  const u = toUtc(d);
  const s = `${u.getUTCDate()}. ${MONTHS_DA[u.getUTCMonth()]} ${u.getUTCFullYear()}`;
  return withWeekday ? `${WEEKDAYS_DA[u.getUTCDay()]} ${s}` : s;
}

/**
 * n months later where a missing day rolls into the next month (31 Aug + 6 months = 1 Mar). Used for
 * periods "of n months from D": the period ends the day before, so it covers the whole of February.
 */
export const addMonthsRolling = (d: IsoDate, n: number): IsoDate => {
  const u = toUtc(d);
  const lastOfTarget = new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth() + n + 1, 0));
  if (u.getUTCDate() > lastOfTarget.getUTCDate()) return addDays(fromUtc(lastOfTarget), 1);
  return fromUtc(new Date(Date.UTC(u.getUTCFullYear(), u.getUTCMonth() + n, u.getUTCDate())));
};
