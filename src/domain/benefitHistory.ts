/**
 * Benefit history and the screening for target group 4 (Copenhagen budget proposal 2023, seed 003: "screening for
 * ydelseshistorik for alle nyligt sygemeldte"; target group 4 are citizens who "skifter ofte mellem perioder på
 * dagpenge, sygedagpenge, ressourceforløbsydelse og korte perioder på arbejdsmarkedet"). Pure: the CSV parser and the
 * shift count; the use cases are in app/benefitHistory.ts.
 *
 * ## The import file (documented for the municipality; the import page shows the same)
 *
 * - Semicolon-separated (what Danish Excel writes as "CSV (semikolonsepareret)"), UTF-8, with or without a byte-order
 *   mark ("CSV UTF-8" in Excel). Line ends LF or CRLF. Blank lines (also lines of only semicolons) are skipped.
 * - The first line is the header, exactly: `cpr;ydelse;fra;til;kilde` (upper or lower case).
 * - One benefit period per line, five columns:
 *   - `cpr`: the citizen's CPR number, 10 digits, with or without the hyphen (DDMMÅÅ-XXXX). Excel drops a leading 0
 *     when the column is formatted as a number: such a line is refused, never guessed at (a guess could attach the
 *     history to another citizen).
 *   - `ydelse`: dagpenge, sygedagpenge, kontanthjælp, ressourceforløb or arbejde (upper or lower case; also
 *     kontanthjaelp, ressourceforloeb and ressourceforløbsydelse).
 *   - `fra`: first day of the period, ÅÅÅÅ-MM-DD, not after today.
 *   - `til`: last day of the period, ÅÅÅÅ-MM-DD, not before `fra`; empty = the period is still running.
 *   - `kilde`: where the line comes from (e.g. DREAM, KY, lønsystem); may be empty, at most 60 characters.
 *   A field may be wrapped in double quotes (as Excel does when asked); a field cannot span lines.
 * - All or nothing: a file with one or more bad lines imports nothing, and every bad line is reported as
 *   "Linje N, kolonne K: …" (line numbers count the header as line 1, as Excel shows them). Nothing is half-written,
 *   and the caseworker fixes the file and sends it again.
 * - Idempotent: a period is identified by citizen + benefit + `fra`. The same file twice changes nothing; a line with
 *   the same citizen, benefit and `fra` but another `til` or `kilde` updates the stored period (a corrected or ended
 *   period). Periods are never deleted by an import (a file may hold only some citizens).
 * - A CPR number with no citizen in retur is skipped and counted as "ukendt borger", not stored: retur keeps data
 *   only about citizens the jobcentre follows (GDPR art. 5(1)(c), data minimisation); the history is imported
 *   again when a case is created.
 *
 * ## The screening rule
 *
 * A shift is the start of a period of another benefit than the period before it, periods taken in the order they
 * begin. Work counts as a benefit kind of its own (seed 003: "korte perioder på arbejdsmarkedet"). Overlapping
 * periods are ordered by their start: sickness benefit starting while a job runs is one shift (work → sickness
 * benefit); the return to that same job is not a new period in the register and so no shift. Two periods of the same
 * benefit one after the other are no shift. Periods beginning on the same day count as at most one shift, and the
 * citizen then counts as being on the longest of them (a running period is the longest).
 * Screening happens at intake: the case's own sickness spell counts as a sickness-benefit period from its first
 * absence day, and shifts are counted on the days from N years before the first absence day (exclusive) up to and
 * including it; a shift exactly N years before is outside. The thresholds are a municipal setting (policy
 * `benefitScreening`, default at least 3 shifts in 3 years).
 */
import * as z from 'zod';
import type { IsoDate } from './dates.ts';
import { addDays, addMonths, isIsoDate } from './dates.ts';
import { cprProblem, normalizeCpr } from './identifiers.ts';

export const BENEFIT_KINDS = {
  unemployment_benefit: 'Dagpenge',
  sickness_benefit: 'Sygedagpenge',
  cash_benefit: 'Kontanthjælp',
  resource_course: 'Ressourceforløb',
  work: 'Arbejde',
} as const;
export type BenefitKind = keyof typeof BENEFIT_KINDS;

/** The words of the `ydelse` column (lower case) and the kinds they mean. */
export const CSV_KINDS: Record<string, BenefitKind> = {
  dagpenge: 'unemployment_benefit',
  sygedagpenge: 'sickness_benefit',
  'kontanthjælp': 'cash_benefit',
  kontanthjaelp: 'cash_benefit',
  'ressourceforløb': 'resource_course',
  ressourceforloeb: 'resource_course',
  'ressourceforløbsydelse': 'resource_course',
  arbejde: 'work',
};
/** The documented words, in the order shown to the user. */
export const CSV_KIND_WORDS = ['dagpenge', 'sygedagpenge', 'kontanthjælp', 'ressourceforløb', 'arbejde'] as const;

export const CSV_COLUMNS = ['cpr', 'ydelse', 'fra', 'til', 'kilde'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const CSV_HEADER = CSV_COLUMNS.join(';');
/** Benefit registers reach back decades; earlier or later years are typos. */
export const HISTORY_DATE_RANGE = { from: '1960-01-01', to: '2099-12-31' } as const;
export const MAX_SOURCE_LENGTH = 60;
/** 5 MB of CSV is about 100,000 lines: a year's export for a large municipality. */
export const MAX_IMPORT_BYTES = 5_000_000;
/** More errors than this are counted, not listed: the first hundreds tell what is wrong with a file. */
export const MAX_LISTED_ERRORS = 500;

export interface ParsedPeriod {
  line: number;
  cpr: string;
  kind: BenefitKind;
  from: IsoDate;
  to: IsoDate | null;
  source: string | null;
}

export interface CsvError {
  line: number;
  /** The column at fault, or null when the whole line (or the file) is. */
  column: CsvColumn | null;
  message: string;
}

export interface ParseResult {
  periods: ParsedPeriod[];
  errors: CsvError[];
  /** Number of data lines read (without the header and blank lines). */
  lines: number;
}

const error = (line: number, column: CsvColumn | null, problem: string): CsvError => ({
  line, column, message: column ? `Linje ${line}, kolonne ${column}: ${problem}` : `Linje ${line}: ${problem}`,
});

/** A field as Excel writes it: `"a ""b"""` is `a "b"`. */
function unquote(cell: string): string {
  const t = cell.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}

function dateProblem(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return `datoen "${v.slice(0, 20)}" skal skrives som ÅÅÅÅ-MM-DD`;
  if (!isIsoDate(v)) return `datoen ${v} findes ikke i kalenderen`;
  if (v < HISTORY_DATE_RANGE.from || v > HISTORY_DATE_RANGE.to) return `datoen ${v} skal ligge mellem år 1960 og 2099`;
  return null;
}

/**
 * Reads an import file. Never throws: every problem is an error naming its line and column. The CPR number is never
 * quoted in a message (messages reach the browser and may be copied into e-mails).
 */
export function parseBenefitCsv(text: string, today: IsoDate): ParseResult {
  const errors: CsvError[] = [];
  const periods: ParsedPeriod[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  if (body.includes('\uFFFD')) {
    // The server decodes the body as UTF-8; a file saved as Windows-1252 (Excel's plain "CSV") turns æ, ø, å into U+FFFD.
    const at = lines.findIndex((l) => l.includes('\uFFFD'));
    return { periods, lines: 0, errors: [error(at + 1, null, 'filen er ikke gemt som UTF-8 (æ, ø og å kan ikke læses). Gem den i Excel som "CSV UTF-8 (kommasepareret)" med semikolon, eller som UTF-8 i et andet program')] };
  }
  const headerIndex = lines.findIndex((l) => !isBlank(l));
  if (headerIndex < 0) return { periods, lines: 0, errors: [error(1, null, `filen er tom; første linje skal være overskriften ${CSV_HEADER}`)] };
  const header = lines[headerIndex].split(';').map((c) => unquote(c).toLowerCase());
  if (header.join(';') !== CSV_HEADER) {
    const hint = !lines[headerIndex].includes(';') && lines[headerIndex].includes(',') ? ' Filen ser ud til at være kommasepareret; den skal være semikolonsepareret.' : '';
    return { periods, lines: 0, errors: [error(headerIndex + 1, null, `overskriften skal være ${CSV_HEADER}.${hint}`)] };
  }
  const seen = new Map<string, number>();
  let count = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (isBlank(raw)) continue;
    count++;
    const n = i + 1;
    const cells = raw.split(';').map(unquote);
    if (cells.length !== CSV_COLUMNS.length) {
      errors.push(error(n, null, `linjen har ${cells.length} kolonner; der skal være ${CSV_COLUMNS.length} (${CSV_HEADER})`));
      continue;
    }
    const [cprCell, kindCell, fromCell, toCell, sourceCell] = cells;
    const lineErrors: CsvError[] = [];
    const cpr = normalizeCpr(cprCell);
    if (cprCell === '') lineErrors.push(error(n, 'cpr', 'CPR-nummeret mangler'));
    else {
      const p = cprProblem(cpr);
      if (p) lineErrors.push(error(n, 'cpr', /^\d{9}$/.test(cpr) ? `${p}. Har Excel fjernet et 0 foran? Formatér kolonnen som tekst` : p));
    }
    const kind = CSV_KINDS[kindCell.toLowerCase()];
    if (kindCell === '') lineErrors.push(error(n, 'ydelse', `ydelsen mangler; skriv ${CSV_KIND_WORDS.join(', ')}`));
    else if (!kind) lineErrors.push(error(n, 'ydelse', `ukendt ydelse "${kindCell.slice(0, 40)}"; skriv ${CSV_KIND_WORDS.join(', ')}`));
    let from: IsoDate | null = null;
    if (fromCell === '') lineErrors.push(error(n, 'fra', 'fra-datoen mangler'));
    else {
      const p = dateProblem(fromCell);
      if (p) lineErrors.push(error(n, 'fra', p));
      else if (fromCell > today) lineErrors.push(error(n, 'fra', `perioden kan ikke begynde i fremtiden (${fromCell})`));
      else from = fromCell;
    }
    let to: IsoDate | null = null;
    if (toCell !== '') {
      const p = dateProblem(toCell);
      if (p) lineErrors.push(error(n, 'til', p));
      else if (from && toCell < from) lineErrors.push(error(n, 'til', `til-datoen ${toCell} ligger før fra-datoen ${from}`));
      else to = toCell;
    }
    if (sourceCell.length > MAX_SOURCE_LENGTH) lineErrors.push(error(n, 'kilde', `højst ${MAX_SOURCE_LENGTH} tegn`));
    if (lineErrors.length) { errors.push(...lineErrors); continue; }
    const key = `${cpr}|${kind}|${from}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(error(n, 'fra', `samme borger, ydelse og fra-dato står allerede i linje ${earlier}; ret eller slet den ene`));
      continue;
    }
    seen.set(key, n);
    periods.push({ line: n, cpr, kind: kind!, from: from!, to, source: sourceCell === '' ? null : sourceCell });
  }
  if (count === 0 && errors.length === 0) errors.push(error(headerIndex + 2, null, 'filen har ingen perioder under overskriften'));
  return { periods: errors.length ? [] : periods, errors, lines: count };
}

const isBlank = (line: string) => /^[\s;]*$/.test(line);

// ---------------------------------------------------------------------------------------------------------------
// The screening rule

/** The municipality's screening thresholds (policy `benefitScreening`). */
export const benefitScreeningSchema = z.strictObject({
  minShifts: z.number({ error: 'Skriv antal skift' }).int('Skal være et helt antal skift').min(1, 'Mindst 1 skift').max(20, 'Højst 20 skift'),
  years: z.number({ error: 'Skriv antal år' }).int('Skal være et helt antal år').min(1, 'Mindst 1 år').max(10, 'Højst 10 år'),
});
export type BenefitScreening = z.infer<typeof benefitScreeningSchema>;
/** Seed 003 gives no number; 3 shifts in 3 years is the default the issue names. */
export const DEFAULT_BENEFIT_SCREENING: BenefitScreening = { minShifts: 3, years: 3 };

/**
 * The thresholds from a policy object, read defensively: the setting lives in the lead's policy schema and may be
 * missing (stored before it existed) or, in an old stored policy, malformed; then the default applies.
 */
export function screeningSettings(policy: unknown): BenefitScreening {
  const raw = (policy as { benefitScreening?: unknown } | null | undefined)?.benefitScreening;
  const parsed = benefitScreeningSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_BENEFIT_SCREENING;
}

export interface Period { kind: BenefitKind; from: IsoDate; to: IsoDate | null }

/** First day of the screening window: the day after the same date `years` earlier (29 February → 28 February + 1). */
export const windowStart = (asOf: IsoDate, years: number): IsoDate => addDays(addMonths(asOf, -12 * years), 1);

export interface ShiftCount {
  /** Days a shift happened in the window (the first day of the new benefit), oldest first. */
  shiftDates: IsoDate[];
  shifts: number;
  windowFrom: IsoDate;
  windowTo: IsoDate;
}

/** Counts the shifts between benefit kinds on the days windowStart(asOf, years) … asOf (see the rule above). */
export function countShifts(periods: readonly Period[], asOf: IsoDate, years: number): ShiftCount {
  const windowFrom = windowStart(asOf, years);
  const started = periods.filter((p) => p.from <= asOf);
  const byDay = new Map<IsoDate, Period[]>();
  for (const p of started) byDay.set(p.from, [...(byDay.get(p.from) ?? []), p]);
  const days = [...byDay.keys()].sort();
  const shiftDates: IsoDate[] = [];
  let previous: BenefitKind | null = null;
  for (const day of days) {
    const group = byDay.get(day)!;
    const kinds = new Set(group.map((p) => p.kind));
    const shifted = previous !== null && [...kinds].some((k) => k !== previous);
    if (shifted && day >= windowFrom) shiftDates.push(day);
    // What the citizen is on after this day: the longest of the periods that began (running ones are longest), so a
    // short period beside a long one of the same day does not decide the next comparison.
    const longest = [...group].sort((a, b) => (b.to ?? '9999-12-31').localeCompare(a.to ?? '9999-12-31') || a.kind.localeCompare(b.kind))[0];
    previous = longest.kind;
  }
  return { shiftDates, shifts: shiftDates.length, windowFrom, windowTo: asOf };
}

export interface Screening extends ShiftCount {
  settings: BenefitScreening;
  flagged: boolean;
  proposal: { targetGroup: 4; reason: string } | null;
}

/**
 * The screening of a case at intake: the imported history plus the case's own sickness spell, counted up to the first
 * absence day. A citizen without imported history is not screened (nothing to count, nothing flagged). The proposal
 * is made while the case is open and not already in target group 4.
 */
export function screenCase(
  history: readonly Period[],
  c: { firstAbsenceDay: IsoDate; exitDate: IsoDate | null; targetGroup: number | null; status: 'open' | 'closed' },
  settings: BenefitScreening,
): Screening {
  const caseSpell: Period = { kind: 'sickness_benefit', from: c.firstAbsenceDay, to: c.exitDate };
  const count = history.length
    ? countShifts([...history, caseSpell], c.firstAbsenceDay, settings.years)
    : { shiftDates: [], shifts: 0, windowFrom: windowStart(c.firstAbsenceDay, settings.years), windowTo: c.firstAbsenceDay };
  const flagged = history.length > 0 && count.shifts >= settings.minShifts;
  const proposal = flagged && c.status === 'open' && c.targetGroup !== 4
    ? { targetGroup: 4 as const, reason: screeningNotice(count.shifts, settings.years) }
    : null;
  return { ...count, settings, flagged, proposal };
}

const yearsText = (n: number) => (n === 1 ? '1 år' : `${n} år`);
/** The notice on the case page, in the caseworker's words. */
export const screeningNotice = (shifts: number, years: number) =>
  `Borgeren har skiftet ydelse ${shifts} ${shifts === 1 ? 'gang' : 'gange'} på ${yearsText(years)} – overvej målgruppe 4`;
