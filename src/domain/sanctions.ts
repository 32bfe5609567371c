/**
 * Sanctions for not taking part in the follow-up (SDL § 21; legal-rules.md S-1, S-2, S-3): the failure kinds, the
 * input schemas (Danish messages naming the field) and the state machine
 *
 *   registered → hearing (advance notice sent) → stopped | not-stopped → (stopped only) resumed
 *
 * Pure: the answer deadline comes from rules/letters.ts `hearingAnswerDue` and the start of the 4 weeks from the
 * policy (interpretation 'sanction-resume-start'), both handed in by the use case.
 */
import * as z from 'zod';
import { isoDate } from './caseFields.ts';
import { invalidField } from './errors.ts';
import { addDays, type IsoDate } from './dates.ts';

/** S-1 (SDL § 21, [H] principle): failing without reasonable cause to take part in the follow-up. */
export const FAILURE_KINDS = {
  'missed-meeting': 'Udeblev fra opfølgningssamtale',
  'information-form': 'Returnerede ikke oplysningsskemaet',
  'refused-offer': 'Afslog tilbud eller undersøgelse',
  other: 'Anden manglende medvirken',
} as const;
export type FailureKind = keyof typeof FAILURE_KINDS;

/** S-3 (SDL § 21 a, [H]): refusing medical treatment never costs the right to sygedagpenge. */
export const REFUSED_TREATMENT = 'refused-treatment';
export const S3_MESSAGE = 'Afvisning af lægebehandling (operation, ordineret medicin eller lignende) er aldrig grund til at standse sygedagpenge (SDL § 21 a)';

export const DECISIONS = { stopped: 'Sygedagpengene standses', 'not-stopped': 'Sygedagpengene standses ikke' } as const;
export type Decision = keyof typeof DECISIONS;

export const SANCTION_SOURCE = 'SDL § 21 (S-1); partshøring efter forvaltningsloven § 19';
/** S-2 ([L]): the benefit resumes if the citizen takes part again within 4 weeks; the start point is the policy's. */
export const RESUME_DAYS = 28;
export type ResumeStart = 'notice' | 'failure';

export type SanctionStatus = 'registered' | 'hearing' | 'stopped' | 'not-stopped' | 'resumed';
export const STATUS_LABELS: Record<SanctionStatus, string> = {
  registered: 'Registreret – partshøring ikke sendt',
  hearing: 'Partshøring sendt – afventer afgørelse',
  stopped: 'Standset',
  'not-stopped': 'Ikke standset',
  resumed: 'Genoptaget',
};

export interface SanctionFacts {
  failureOn: IsoDate;
  hearingSentOn: IsoDate | null;
  hearingAnswerDue: IsoDate | null;
  decision: Decision | null;
  decidedOn: IsoDate | null;
  stoppedFrom: IsoDate | null;
  resumeBy: IsoDate | null;
  resumedOn: IsoDate | null;
}

export function sanctionStatus(s: Pick<SanctionFacts, 'hearingSentOn' | 'decision' | 'resumedOn'>): SanctionStatus {
  if (s.resumedOn) return 'resumed';
  if (s.decision) return s.decision;
  return s.hearingSentOn ? 'hearing' : 'registered';
}

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const note = z.string({ error: 'Skriv en bemærkning' }).trim().min(1, 'Skriv en bemærkning').max(4000, 'Højst 4000 tegn');

export const registerSanctionInput = z.strictObject({
  // 'refused-treatment' is named so the caseworker who tries it is told why (S-3), not just "unknown value".
  failureKind: z.enum([...keys(FAILURE_KINDS), REFUSED_TREATMENT], { error: 'Vælg hvilken medvirken borgeren ikke har opfyldt' })
    .refine((k) => k !== REFUSED_TREATMENT, S3_MESSAGE),
  failureOn: isoDate,
  note: note.optional(),
});
export type RegisterSanctionInput = z.infer<typeof registerSanctionInput>;

export const hearingInput = z.strictObject({
  sentOn: isoDate,
  /** Also write the advance-notice letter (template 'advance-notice') as a draft on the case. */
  letter: z.boolean({ error: 'Angiv om partshøringsbrevet skal laves' }).optional(),
});
export type HearingInput = z.infer<typeof hearingInput>;

export const decisionInput = z.strictObject({
  decision: z.enum(keys(DECISIONS), { error: 'Vælg om sygedagpengene standses eller ej' }),
  decidedOn: isoDate,
  /** The first day without benefit (S-1: from the failure day when left out). Only with a stop. */
  stoppedFrom: isoDate.optional(),
});
export type DecisionInput = z.infer<typeof decisionInput>;

export const resumeInput = z.strictObject({ resumedOn: isoDate });
export type ResumeInput = z.infer<typeof resumeInput>;

/** S-2: the last day the citizen can take part again and have the benefit resume. */
export const resumeByOf = (start: ResumeStart, failureOn: IsoDate, decidedOn: IsoDate): IsoDate =>
  addDays(start === 'failure' ? failureOn : decidedOn, RESUME_DAYS);

/** S-2: payment resumes from the day after the conditions are met again, if that is within the 4 weeks; else none. */
export const paymentResumesFrom = (resumedOn: IsoDate, resumeBy: IsoDate): IsoDate | null =>
  resumedOn <= resumeBy ? addDays(resumedOn, 1) : null;

// ---- The transitions: each checks the state and the dates, and throws a Danish message naming the field. ----------

export function checkRegister(input: { failureOn: IsoDate }, firstAbsenceDay: IsoDate, today: IsoDate) {
  if (input.failureOn > today) throw invalidField('failureOn', 'Datoen for den manglende medvirken kan ikke ligge i fremtiden');
  if (input.failureOn < firstAbsenceDay) throw invalidField('failureOn', `Datoen for den manglende medvirken kan ikke ligge før første fraværsdag (${firstAbsenceDay})`);
}

export function checkHearing(s: SanctionFacts, sentOn: IsoDate, today: IsoDate) {
  if (s.hearingSentOn) throw invalidField('sentOn', `Partshøringen er allerede sendt ${s.hearingSentOn}`);
  if (s.decision) throw invalidField('sentOn', 'Der er allerede truffet afgørelse');
  if (sentOn < s.failureOn) throw invalidField('sentOn', `Partshøringen kan ikke være sendt før den manglende medvirken (${s.failureOn})`);
  if (sentOn > today) throw invalidField('sentOn', 'Partshøringen kan ikke være sendt i fremtiden');
}

/**
 * The decision. A stop needs the advance notice (S-1: the citizen must be heard first) and may only be decided after
 * the citizen's answer deadline has passed: on the deadline day itself the citizen can still answer.
 */
export function checkDecision(s: SanctionFacts, input: DecisionInput, today: IsoDate): { stoppedFrom: IsoDate | null } {
  if (s.decision) throw invalidField('decision', `Der er allerede truffet afgørelse ${s.decidedOn}`);
  if (input.decidedOn > today) throw invalidField('decidedOn', 'Afgørelsen kan ikke være truffet i fremtiden');
  if (input.decidedOn < s.failureOn) throw invalidField('decidedOn', `Afgørelsen kan ikke ligge før den manglende medvirken (${s.failureOn})`);
  if (input.decision === 'not-stopped') {
    if (input.stoppedFrom) throw invalidField('stoppedFrom', 'Standset fra angives kun, når sygedagpengene standses');
    if (s.hearingSentOn && input.decidedOn < s.hearingSentOn) throw invalidField('decidedOn', `Afgørelsen kan ikke ligge før partshøringen (${s.hearingSentOn})`);
    return { stoppedFrom: null };
  }
  if (!s.hearingSentOn || !s.hearingAnswerDue) throw invalidField('decision', 'Borgeren skal partshøres, før sygedagpengene kan standses (SDL § 21)');
  if (input.decidedOn <= s.hearingAnswerDue)
    throw invalidField('decidedOn', `Sygedagpengene kan først standses efter borgerens svarfrist i partshøringen (${s.hearingAnswerDue})`);
  const stoppedFrom = input.stoppedFrom ?? s.failureOn;
  if (stoppedFrom < s.failureOn) throw invalidField('stoppedFrom', `Standsningen kan tidligst gælde fra den manglende medvirken (${s.failureOn})`);
  if (stoppedFrom > input.decidedOn) throw invalidField('stoppedFrom', 'Standsningen kan ikke begynde efter afgørelsen');
  return { stoppedFrom };
}

export function checkResume(s: SanctionFacts, resumedOn: IsoDate, today: IsoDate) {
  if (s.decision !== 'stopped') throw invalidField('resumedOn', 'Kun standsede sygedagpenge kan genoptages');
  if (s.resumedOn) throw invalidField('resumedOn', `Sygedagpengene er allerede genoptaget ${s.resumedOn}`);
  if (resumedOn > today) throw invalidField('resumedOn', 'Datoen kan ikke ligge i fremtiden');
  if (resumedOn < s.stoppedFrom!) throw invalidField('resumedOn', `Borgeren kan ikke medvirke igen før standsningen (${s.stoppedFrom})`);
  if (resumedOn > s.resumeBy!)
    throw invalidField('resumedOn', `Borgeren medvirkede ikke igen inden 4 uger (senest ${s.resumeBy}); sygedagpengene genoptages ikke efter SDL § 21`);
}
