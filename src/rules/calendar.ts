/**
 * The Danish working-day and bank-day calendars (legal-rules.md section 12). Official holidays come from
 * `date-holidays` (including that Store Bededag is no holiday from 2024); Easter is never computed here.
 * Municipal closed days on top of them are policy: by default 5 June, 24 and 31 December.
 */
import Holidays from 'date-holidays';
import { addDays, weekday, type IsoDate } from '../domain/dates.ts';
import { DEFAULT_CLOSED_DAYS, EXTRA_CLOSED_DAYS, type ExtraClosedDay } from './closedDays.ts';

export { DEFAULT_CLOSED_DAYS, EXTRA_CLOSED_DAYS, type ExtraClosedDay };

/** Danmarks Nationalbank's closing days beyond the official holidays. */
const BANK_CLOSED_DAYS: ExtraClosedDay[] = ['constitution-day', 'christmas-eve', 'new-years-eve', 'friday-after-ascension'];

const hd = new Holidays('DK');
const officialCache = new Map<number, Map<IsoDate, string>>();

/** Official Danish public holidays of a year (Sundays aside), date → Danish name. */
export function officialHolidays(year: number): Map<IsoDate, string> {
  let m = officialCache.get(year);
  if (!m) {
    m = new Map(hd.getHolidays(year).filter((h) => h.type === 'public').map((h) => [h.date.slice(0, 10), h.name] as [IsoDate, string]));
    officialCache.set(year, m);
  }
  return m;
}

function ascensionDay(year: number): IsoDate {
  for (const [d, name] of officialHolidays(year)) if (/himmelfart/i.test(name)) return d;
  throw new Error(`No Ascension Day found for ${year}`);
}

function extraClosedDate(day: ExtraClosedDay, year: number): IsoDate {
  switch (day) {
    case 'constitution-day': return `${year}-06-05`;
    case 'christmas-eve': return `${year}-12-24`;
    case 'new-years-eve': return `${year}-12-31`;
    case 'may-day': return `${year}-05-01`;
    case 'friday-after-ascension': return addDays(ascensionDay(year), 1);
  }
}

export interface Calendar {
  /** Why the day is closed ('lørdag', 'Juledag', …) or null on a working day. */
  closedReason(d: IsoDate): string | null;
  isWorkingDay(d: IsoDate): boolean;
  /** The n-th working day strictly after d (n ≥ 1). */
  nthWorkingDayAfter(d: IsoDate, n: number): IsoDate;
  /** d itself if it is a working day, else the closest working day before it. */
  lastWorkingDayOnOrBefore(d: IsoDate): IsoDate;
  /** d itself if it is a working day, else the next one. */
  nextWorkingDayOnOrAfter(d: IsoDate): IsoDate;
}

function makeCalendar(extra: readonly ExtraClosedDay[]): Calendar {
  const extraCache = new Map<number, Map<IsoDate, string>>();
  const extraFor = (year: number) => {
    let m = extraCache.get(year);
    if (!m) {
      m = new Map(extra.map((x) => [extraClosedDate(x, year), EXTRA_CLOSED_DAYS[x]] as [IsoDate, string]));
      extraCache.set(year, m);
    }
    return m;
  };
  const closedReason = (d: IsoDate) => {
    const wd = weekday(d);
    if (wd === 0) return 'søndag';
    if (wd === 6) return 'lørdag';
    const year = Number(d.slice(0, 4));
    return officialHolidays(year).get(d) ?? extraFor(year).get(d) ?? null;
  };
  const isWorkingDay = (d: IsoDate) => closedReason(d) === null;
  return {
    closedReason,
    isWorkingDay,
    nthWorkingDayAfter(d, n) {
      let x = d;
      for (let k = 0; k < n; ) { x = addDays(x, 1); if (isWorkingDay(x)) k++; }
      return x;
    },
    lastWorkingDayOnOrBefore(d) {
      let x = d;
      while (!isWorkingDay(x)) x = addDays(x, -1);
      return x;
    },
    nextWorkingDayOnOrAfter(d) {
      let x = d;
      while (!isWorkingDay(x)) x = addDays(x, 1);
      return x;
    },
  };
}

const calendars = new Map<string, Calendar>();
/** The municipal working-day calendar for a set of extra closed days (cached per set). */
export function municipalCalendar(extra: readonly ExtraClosedDay[] = DEFAULT_CLOSED_DAYS): Calendar {
  const key = [...extra].sort().join(',');
  let c = calendars.get(key);
  if (!c) { c = makeCalendar(extra); calendars.set(key, c); }
  return c;
}

/** Bank days: Mon–Fri minus the Nationalbank's closing days. Used for the fast-track form (BEK 1710/2024 § 4). */
export const bankCalendar: Calendar = makeCalendar(BANK_CLOSED_DAYS);
export const nthBankDayAfter = (d: IsoDate, n: number) => bankCalendar.nthWorkingDayAfter(d, n);
export const isBankDay = (d: IsoDate) => bankCalendar.isWorkingDay(d);
