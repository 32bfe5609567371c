/**
 * Municipal policy: what a municipality decides itself (closed days, answer deadlines, the dispatch policy
 * for decision letters, caseload target) and which reading it takes of each rule the sources do not settle
 * ([L] rules in legal-rules.md). Policies are versioned by effective date; `policyOn` picks the one in force.
 */
import * as z from 'zod';
import { DEFAULT_CLOSED_DAYS, EXTRA_CLOSED_DAYS, type ExtraClosedDay } from './closedDays.ts';
import type { IsoDate } from '../domain/dates.ts';
import { benefitScreeningSchema } from '../domain/benefitHistory.ts';

/** Named interpretations of unverified rules. The first option is the default. */
export const INTERPRETATIONS = {
  'rs2026-start': {
    rules: ['F-41'],
    question: 'Hvornår træder 2026-ændringerne af sygedagpengeloven (lov 1750/2025) i kraft for opfølgningen?',
    options: { '2026-07-01': '1. juli 2026 (STAR: fleksible kontaktforløb)', '2026-02-01': '1. februar 2026' },
  },
  'exemption-26-weeks': {
    rules: ['F-40', 'F-42', 'F-43'],
    question: 'Beskæftigede, der forventes raskmeldt inden 26 uger fra første fraværsdag: hvilken opfølgning skal planlægges?',
    options: {
      'first-follow-up-only': 'Kun første opfølgningssamtale (ikke fire samtaler på et halvt år)',
      'no-follow-up': 'Ingen samtaler (fuld undtagelse)',
      'not-applied': 'Undtagelsen anvendes ikke',
    },
  },
  'half-year': {
    rules: ['C-6', 'F-2'],
    question: '"Det første halve år regnet fra første fraværsdag" tælles som',
    options: { 'six-months': '6 kalendermåneder minus en dag', '26-weeks': '26 uger (182 dage)' },
  },
  'reassessment-count': {
    rules: ['P-13'],
    question: '22 uger med sygedagpenge tælles i',
    options: { 'calendar-days': 'kalenderdage (154 dage)', weekdays: 'hverdage (110 dage, 5-dages uger)' },
  },
  'citizen-fast-track-limit': {
    rules: ['T-5'],
    question: 'Har borgerens egen anmodning om tidlig opfølgning (§ 7 e) en frist?',
    options: { none: 'Ingen frist (Cabi)', 'five-weeks': 'Inden for de første 5 uger (som arbejdsgiverens)' },
  },
  'citizen-deadline-on-closed-day': {
    rules: ['C-8'],
    question: 'Når en frist for borgeren falder på en lukkedag',
    options: { 'legal-date': 'gælder datoen i loven', 'next-working-day': 'flyttes den til næste arbejdsdag' },
  },
  'transition-2027': {
    rules: ['J-12'],
    question: 'Revurderingsmåneden slutter 31. december 2026: hvad sker der 1. januar 2027?',
    options: {
      'reduced-rate-from-2027': 'Nedsat sats (jobafklaringsforløb er afskaffet fra 1. januar 2027)',
      'job-clarification-if-decided-in-2026': 'Jobafklaringsforløb (afgørelsen træffes i 2026)',
    },
  },
  'sanction-resume-start': {
    rules: ['S-2'],
    question: 'Sygedagpenge standset efter SDL § 21: de 4 uger, hvor borgeren kan medvirke igen og få ydelsen genoptaget, regnes fra',
    options: { notice: 'afgørelsen om standsning (DSA: "4 uger efter at have fået besked")', failure: 'dagen for den manglende medvirken' },
  },
} as const;
export type InterpretationId = keyof typeof INTERPRETATIONS;
export type Interpretations = { [K in InterpretationId]: keyof (typeof INTERPRETATIONS)[K]['options'] };

export const DEFAULT_INTERPRETATIONS = Object.fromEntries(
  Object.entries(INTERPRETATIONS).map(([k, v]) => [k, Object.keys(v.options)[0]]),
) as Interpretations;

export const ANSWER_CHANNELS = { phone: 'Telefon', email: 'E-mail', letter: 'Brev', digital: 'Digital henvendelse' } as const;
export type AnswerChannel = keyof typeof ANSWER_CHANNELS;

const years = (what: string, min: number) => z.number({ error: `Skriv antal år for ${what}` }).int('Skal være et helt antal år').min(min, `Mindst ${min} år`).max(30, 'Højst 30 år');
const keepDays = (what: string) => z.number({ error: `Skriv antal dage for ${what}` }).int('Skal være et helt antal dage').min(1, 'Mindst 1 dag').max(3650, 'Højst 3650 dage');
export const retentionSchema = z.strictObject({
  /** Closed cases with everything recorded on them, counted from the exit date. Default 5 years: municipal case files on
   *  sickness benefit may be discarded 5 years after the case ended (Rigsarkivets bevarings- og kassationsbestemmelser for kommuner). */
  caseYears: years('sager', 1),
  /** Notes and meeting notes (incl. health notes) of closed cases may go sooner than the case itself (data minimisation). */
  noteYears: years('notater', 1),
  /** The audit log; the database refuses to delete entries younger than a year (migration 004). */
  auditYears: years('revisionsspor', 1),
  /** Sessions, counted from when they expired. */
  sessionDays: keepDays('udløbne sessioner'),
  /** Failed logins (kept for the throttling window and for investigating attacks). */
  loginFailureDays: keepDays('mislykkede logins'),
  /** E-mails a caseworker discarded from the unmatched queue (spam, wrong recipient): they belong to no case. */
  discardedMailDays: keepDays('kasserede e-mails').optional(),
}).refine((r) => r.noteYears <= r.caseYears, { message: 'Notater kan ikke gemmes længere end selve sagen', path: ['noteYears'] });
export type RetentionPolicy = z.infer<typeof retentionSchema>;

export const smsReminderSchema = z.strictObject({
  enabled: z.boolean({ error: 'Angiv om der sendes påmindelser' }),
  /** Danish wall-clock time the reminder goes out. */
  time: z.string({ error: 'Skriv et klokkeslæt (TT:MM)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv klokkeslættet som TT:MM'),
  /** How many municipal working days before the meeting day. */
  workingDaysBefore: z.number({ error: 'Skriv antal arbejdsdage' }).int('Skal være et helt antal dage').min(0, 'Mindst 0').max(5, 'Højst 5 arbejdsdage'),
});
export type SmsReminderPolicy = z.infer<typeof smsReminderSchema>;

/**
 * Management figures (issue 11): what the dashboards and committee reports assume. Seed 000 (Slagelse) prices a week
 * on benefit at DKK 4,500 (DKK 450,000 for 10 people x 10 weeks); seed 003 (Copenhagen) compares exits with 2022.
 */
export const analyticsSettingsSchema = z.strictObject({
  /** Reports and shared figures hide counts below this (1 to n-1), and any cell that would reveal one. */
  smallCountThreshold: z.number({ error: 'Skriv et antal' }).int('Skal være et helt tal').min(2, 'Mindst 2').max(50, 'Højst 50'),
  /** The municipality's cost of one person-week on sickness benefit, DKK. */
  weeklyBenefitCost: z.number({ error: 'Skriv et beløb i kr.' }).min(0, 'Kan ikke være negativ').max(100_000, 'Højst 100.000 kr.'),
  /** The yearly cost of one caseworker (full-time equivalent), DKK. */
  costPerFte: z.number({ error: 'Skriv et beløb i kr.' }).min(0, 'Kan ikke være negativ').max(5_000_000, 'Højst 5.000.000 kr.'),
  /** The year exits are compared against (seed 003: 2022). */
  baselineYear: z.number({ error: 'Skriv et årstal' }).int('Skal være et årstal').min(2000, 'Fra år 2000').max(2099, 'Senest 2099'),
});
export type AnalyticsSettings = z.infer<typeof analyticsSettingsSchema>;

const days = (what: string) => z.number({ error: `Skriv antal arbejdsdage for ${what}` }).int('Skal være et helt antal dage').min(1, 'Mindst 1 arbejdsdag').max(60, 'Højst 60 arbejdsdage');
export const policySchema = z.strictObject({
  closedDays: z.array(z.enum(Object.keys(EXTRA_CLOSED_DAYS) as [ExtraClosedDay, ...ExtraClosedDay[]], { error: 'Ukendt lukkedag' })),
  /** Seed 001 (Copenhagen): phone 2, e-mail 10 working days. */
  answerDeadlines: z.strictObject({ phone: days('telefon'), email: days('e-mail'), letter: days('brev'), digital: days('digital henvendelse') }),
  /** Seed 000 (Slagelse): no decision letters on Fridays or the day before a closed day. */
  dispatchPolicy: z.boolean(),
  caseloadTarget: z.number().int().min(10, 'Mindst 10 sager').max(200, 'Højst 200 sager'),
  interpretations: z.strictObject(
    Object.fromEntries(Object.entries(INTERPRETATIONS).map(([k, v]) => [k, z.enum(Object.keys(v.options) as [string, ...string[]], { error: 'Vælg en af fortolkningerne' })])),
  ),
  /** Rule sets switched off: only used by the preview, to compare "with" and "without" a coming rule set. */
  disabledRuleSets: z.array(z.enum(['RS-2026', 'RS-2027'])).optional(),
  /** How long personal data is kept (GDPR art. 5(1)(e)); the retention run (app/privacy/retention.ts) reads it. */
  retention: retentionSchema.optional(),
  /** SMS reminders before booked meetings (seed 000, Slagelse: fewer no-shows once reminders started). */
  smsReminder: smsReminderSchema.optional(),
  /**
   * The citizen's answer deadline in an advance notice (partshøring, Forvaltningsloven § 19): the act sets no number
   * of days, only a reasonable time, so it is the municipality's choice; the date is moved to a working day.
   */
  /** Seed 001 (Copenhagen, target group 4): how many shifts between benefits in how many years flag a citizen at intake. */
  benefitScreening: benefitScreeningSchema.optional(),
  hearingAnswerDays: z.number({ error: 'Skriv antal dage' }).int('Skal være et helt antal dage').min(7, 'Mindst 7 dage').max(60, 'Højst 60 dage').optional(),
  analytics: analyticsSettingsSchema.optional(),
});
export type MunicipalPolicy = Omit<z.infer<typeof policySchema>, 'interpretations' | 'closedDays'> & { interpretations: Interpretations; closedDays: ExtraClosedDay[] };

export const DEFAULT_POLICY: MunicipalPolicy = {
  closedDays: DEFAULT_CLOSED_DAYS,
  answerDeadlines: { phone: 2, email: 10, letter: 10, digital: 10 },
  dispatchPolicy: true,
  caseloadTarget: 50,
  interpretations: DEFAULT_INTERPRETATIONS,
  retention: { caseYears: 5, noteYears: 5, auditYears: 5, sessionDays: 7, loginFailureDays: 30, discardedMailDays: 30 },
  smsReminder: { enabled: true, time: '16:00', workingDaysBefore: 1 },
  hearingAnswerDays: 14,
  benefitScreening: { minShifts: 3, years: 3 },
  // DKK 11.34 m a year buys 100 - 71.4 = 28.6 caseworkers in seed 003 (2023 prices): about DKK 396,500 each.
  analytics: { smallCountThreshold: 5, weeklyBenefitCost: 4500, costPerFte: 396_500, baselineYear: 2022 },
};

/** The analytics settings in force, with defaults for a policy stored before they existed. */
export const analyticsSettings = (p: MunicipalPolicy): AnalyticsSettings => ({ ...DEFAULT_POLICY.analytics!, ...p.analytics });

export interface PolicyVersion { effectiveFrom: IsoDate; policy: MunicipalPolicy }

/** The policy in force on a day: the latest version that took effect on or before it, else the default. */
export function policyOn(versions: readonly PolicyVersion[], day: IsoDate): MunicipalPolicy {
  let best: PolicyVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= day && (!best || v.effectiveFrom >= best.effectiveFrom)) best = v;
  return best?.policy ?? DEFAULT_POLICY;
}

/** Fills in settings a stored policy may lack (stored before a setting existed). */
export function completePolicy(p: Partial<MunicipalPolicy>): MunicipalPolicy {
  return { ...DEFAULT_POLICY, ...p, answerDeadlines: { ...DEFAULT_POLICY.answerDeadlines, ...p.answerDeadlines }, interpretations: { ...DEFAULT_INTERPRETATIONS, ...p.interpretations } };
}
