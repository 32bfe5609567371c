/**
 * Complaints about the municipality's decisions on a case (issue 10, slice C): the vocabularies and input schemas
 * (Danish messages naming the field), the two deadlines of R-1 and the complaint figures. Pure: the working-day
 * calendar comes in as an argument (rules/calendar.ts `municipalCalendar`), so this module imports nothing outside
 * domain.
 *
 * The law (legal-rules.md R-1, confidence M, source: Rudersdal's citizen page; the brief names retssikkerhedsloven
 * §§ 66–67, which legal-rules.md does not quote): the citizen has 4 weeks from being told of a decision to complain
 * to the municipality, `complaintDue = decisionReceived + 28`; the municipality reassesses the decision within 4 weeks
 * of receiving the complaint, `reassessDue = complaintReceived + 28`, and if it does not give the citizen full right it
 * sends the complaint on to Ankestyrelsen (the national appeals board), which confirms, changes, remits (sends back
 * to the municipality to decide again) or rejects (dismisses, e.g. a complaint filed too late).
 */
import * as z from 'zod';
import { isoDate, dbId } from './caseFields.ts';
import { addDays, type IsoDate } from './dates.ts';

/**
 * the citizen's complaint period and the municipality's reassessment period are both the law's 4 weeks (28
 * days), not municipal policy. R-1 is marked [M] in legal-rules.md (not [L]), so it stays a constant here rather than
 * a setting in rules/policy.ts. If the law changes, change these two numbers.
 */
export const COMPLAINT_PERIOD_DAYS = 28;
export const REASSESSMENT_PERIOD_DAYS = 28;
export const COMPLAINT_SOURCE = 'Retssikkerhedsloven §§ 66–67: klagefrist 4 uger, genvurdering inden 4 uger (R-1)';

export const DECISION_TYPES = {
  'benefit-stop': 'Ophør af sygedagpenge',
  'extension-refused': 'Afslag på forlængelse (SDL § 27)',
  'fast-track-refused': 'Afslag på tidlig opfølgning (fast track)',
  sanction: 'Sanktion for manglende medvirken (SDL § 21)',
  other: 'Anden afgørelse',
} as const;
export type DecisionType = keyof typeof DECISION_TYPES;

export const REASONS = {
  assessment: 'Uenig i vurderingen af helbred eller arbejdsevne',
  facts: 'Forkerte eller manglende oplysninger',
  'legal-basis': 'Uenig i lovgrundlaget',
  procedure: 'Sagsbehandlingsfejl (fx manglende partshøring)',
  payment: 'Beregning eller udbetaling',
  other: 'Andet',
} as const;
export type Reason = keyof typeof REASONS;

/**
 * The municipality's reassessment. Faithful to R-1: when the municipality does not give the citizen full right, the
 * complaint must go on to Ankestyrelsen; there is no outcome where the municipality keeps its decision and the
 * complaint stops there.
 * - 'changed': the municipality gives the citizen full right and changes its decision; the complaint ends here.
 * - 'upheld': the municipality keeps its decision; the complaint is sent on to Ankestyrelsen.
 * - 'sent-to-board': the municipality gives the citizen partly right (changes the decision in part) and sends the rest
 *   of the complaint on to Ankestyrelsen.
 */
export const OUTCOMES = {
  changed: 'Ændret – borgeren får fuldt medhold',
  upheld: 'Fastholdt – sendt til Ankestyrelsen',
  'sent-to-board': 'Delvist ændret – resten sendt til Ankestyrelsen',
} as const;
export type Outcome = keyof typeof OUTCOMES;
export const goesToBoard = (o: Outcome) => o !== 'changed';

export const BOARD_RESULTS = {
  confirmed: 'Stadfæstet',
  changed: 'Ændret',
  remitted: 'Hjemvist til kommunen',
  rejected: 'Afvist',
} as const;
export type BoardResult = keyof typeof BOARD_RESULTS;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const freeText = (what: string, max: number) =>
  z.string({ error: `Skriv ${what}` }).trim().min(1, `Skriv ${what}`).max(max, `Højst ${max} tegn`);

export const registerComplaintInput = z.strictObject({
  receivedOn: isoDate,
  decisionType: z.enum(keys(DECISION_TYPES), { error: 'Vælg hvilken slags afgørelse der klages over' }),
  decisionOn: isoDate,
  /** When the citizen was told of the decision; the decision day, or the linked letter's dispatch day, when left out. */
  notifiedOn: isoDate.optional(),
  letterId: dbId('Brevet').optional(),
  reason: z.enum(keys(REASONS), { error: 'Vælg en klagegrund' }),
  summary: freeText('hvad borgeren klager over', 4000),
});
export type RegisterComplaintInput = z.infer<typeof registerComplaintInput>;

export const reassessmentInput = z.strictObject({
  decidedOn: isoDate,
  outcome: z.enum(keys(OUTCOMES), { error: 'Vælg fastholdt, ændret eller sendt til Ankestyrelsen' }),
  note: freeText('en bemærkning', 4000).optional(),
});
export type ReassessmentInput = z.infer<typeof reassessmentInput>;

export const boardResultInput = z.strictObject({
  receivedOn: isoDate,
  result: z.enum(keys(BOARD_RESULTS), { error: 'Vælg stadfæstet, ændret, hjemvist eller afvist' }),
});
export type BoardResultInput = z.infer<typeof boardResultInput>;

/** The part of the working-day calendar the deadlines need (rules/calendar.ts `Calendar` has it). */
export interface WorkingDays {
  lastWorkingDayOnOrBefore(d: IsoDate): IsoDate;
  nextWorkingDayOnOrAfter(d: IsoDate): IsoDate;
}
/** The municipality's reading of C-8 (b) (policy interpretation 'citizen-deadline-on-closed-day'). */
export type CitizenClosedDayRule = 'legal-date' | 'next-working-day';

export interface Deadline { legalDate: IsoDate; due: IsoDate }

/**
 * The citizen's complaint deadline: 4 weeks after being told of the decision. A citizen's deadline that falls
 * on a closed day moves to the next working day only if the municipality has chosen that reading of C-8 (b) ([L]);
 * by default the law's date holds.
 */
export function complaintDeadline(notifiedOn: IsoDate, cal: WorkingDays, rule: CitizenClosedDayRule): Deadline {
  const legalDate = addDays(notifiedOn, COMPLAINT_PERIOD_DAYS);
  return { legalDate, due: rule === 'next-working-day' ? cal.nextWorkingDayOnOrAfter(legalDate) : legalDate };
}

/** A complaint received after the citizen's deadline is still registered, but flagged: Ankestyrelsen may reject it. */
export const isLate = (receivedOn: IsoDate, complaintDue: IsoDate) => receivedOn > complaintDue;

/**
 * The municipality's reassessment: 4 weeks after the complaint was received. As for every duty of the
 * municipality (C-8 (a), as the planner does), a legal date on a closed day is due on the last working day before it.
 */
export function reassessmentDeadline(receivedOn: IsoDate, cal: WorkingDays): Deadline {
  const legalDate = addDays(receivedOn, REASSESSMENT_PERIOD_DAYS);
  return { legalDate, due: cal.lastWorkingDayOnOrBefore(legalDate) };
}

/** On time is measured against the law's date: the working-day due date only brings the worklist forward. */
export const reassessedOnTime = (decidedOn: IsoDate, legalDate: IsoDate) => decidedOn <= legalDate;

export type ComplaintStatus = 'open' | 'overdue' | 'at-board' | 'closed';
export function complaintStatus(c: { outcome: Outcome | null; boardResult: BoardResult | null; reassessDue: IsoDate }, today: IsoDate): ComplaintStatus {
  if (!c.outcome) return c.reassessDue < today ? 'overdue' : 'open';
  if (goesToBoard(c.outcome) && !c.boardResult) return 'at-board';
  return 'closed';
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

export const figuresQuery = z.strictObject({ from: isoDate, to: isoDate })
  .refine((p) => p.to >= p.from, { path: ['to'], message: 'Slutdatoen skal ligge på eller efter startdatoen' });

/** One complaint as the figures see it: no citizen, no free text. */
export interface FigureRow {
  receivedOn: IsoDate;
  reason: Reason;
  decisionType: DecisionType;
  late: boolean;
  reassessDue: IsoDate;
  outcome: Outcome | null;
  reassessedOnTime: boolean | null;
  boardResult: BoardResult | null;
}

export interface MonthFigures { month: string; received: number; late: number; reassessed: number; onTime: number; byReason: Record<Reason, number> }

const zeroes = <K extends string>(ks: readonly K[]) => Object.fromEntries(ks.map((k) => [k, 0])) as Record<K, number>;

/** The months 'YYYY-MM' from the month of `from` to the month of `to`, both included. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= end) return out;
    if (++m > 12) { m = 1; y++; }
  }
}

/**
 * Complaint figures for complaints received in [from, to]: per month of receipt and reason, the share reassessed
 * within the 4 weeks (of those reassessed), the reassessments' outcomes and Ankestyrelsen's results. Open complaints
 * past their due day on `today` are counted apart, so a backlog is not hidden by a good share.
 */
export function complaintFigures(rows: readonly FigureRow[], from: IsoDate, to: IsoDate, today: IsoDate) {
  const reasons = Object.keys(REASONS) as Reason[];
  const months = new Map(monthsBetween(from, to).map((m) => [m, { month: m, received: 0, late: 0, reassessed: 0, onTime: 0, byReason: zeroes(reasons) } as MonthFigures]));
  const byReason = zeroes(reasons);
  const byDecisionType = zeroes(Object.keys(DECISION_TYPES) as DecisionType[]);
  const outcomes = zeroes(Object.keys(OUTCOMES) as Outcome[]);
  const boardResults = { ...zeroes(Object.keys(BOARD_RESULTS) as BoardResult[]), pending: 0 };
  let late = 0, reassessed = 0, onTime = 0, open = 0, overdue = 0;
  for (const r of rows) {
    const m = months.get(r.receivedOn.slice(0, 7));
    if (m) { m.received++; m.byReason[r.reason]++; if (r.late) m.late++; }
    byReason[r.reason]++;
    byDecisionType[r.decisionType]++;
    if (r.late) late++;
    if (r.outcome) {
      reassessed++; outcomes[r.outcome]++;
      if (r.reassessedOnTime) onTime++;
      if (m) { m.reassessed++; if (r.reassessedOnTime) m.onTime++; }
      if (goesToBoard(r.outcome)) { if (r.boardResult) boardResults[r.boardResult]++; else boardResults.pending++; }
    } else {
      open++;
      if (r.reassessDue < today) overdue++;
    }
  }
  return {
    from, to,
    total: rows.length, late,
    reassessment: { reassessed, onTime, share: reassessed ? Math.round((onTime / reassessed) * 1000) / 1000 : null, open, overdue },
    months: [...months.values()],
    byReason, byDecisionType, outcomes, boardResults,
  };
}
export type ComplaintFigures = ReturnType<typeof complaintFigures>;
