/**
 * Extension of sygedagpenge at the revurdering (SDL § 27 stk. 1 nr. 1–7; legal-rules.md 8.1): the seven grounds with
 * their source and confidence, the end day of the two grounds with a time limit, the notes a caseworker must see when
 * choosing a ground the 2025–2027 reforms have probably changed, and the follow-up duty while an extension runs.
 * Pure: the day the lov 1750/2025 changes apply comes in from the policy (interpretation 'rs2026-start').
 */
import * as z from 'zod';
import { isoDate, dbId } from './caseFields.ts';
import { addDays, lastDayOfMonth, type IsoDate } from './dates.ts';

export type Ground = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type Confidence = 'H' | 'M' | 'L';

export interface GroundInfo {
  label: string;
  /** How long the extension runs, in Danish. */
  runs: string;
  source: string;
  confidence: Confidence;
  /** True when lov 1750/2025 probably changed the ground and its new wording was not read (legal-rules.md 8.1, [L]). */
  unverifiedAfterReform: boolean;
  /** 'weeks': a fixed maximum (end day computed); 'until-event': runs until an event; 'open': no time limit. */
  end: 'weeks' | 'until-event' | 'open';
}

const SOURCE = 'SDL § 27, stk. 1';
export const GROUNDS: Record<Ground, GroundInfo> = {
  1: { label: 'Revalidering (herunder virksomhedspraktik) vil overvejende sandsynligt føre til ordinær beskæftigelse', runs: 'Indtil revalideringen begynder',
    source: `${SOURCE}, nr. 1`, confidence: 'H', unverifiedAfterReform: true, end: 'until-event' },
  2: { label: 'Virksomhedspraktik eller andre afklarende foranstaltninger er nødvendige for at afklare arbejdsevnen', runs: 'Op til 69 uger fra revurderingen',
    source: `${SOURCE}, nr. 2`, confidence: 'H', unverifiedAfterReform: false, end: 'weeks' },
  3: { label: 'Under eller venter på lægebehandling og forventes i arbejde inden for 134 uger fra revurderingen', runs: 'Op til 134 uger fra revurderingen plus ventetid på offentligt sygehus',
    source: `${SOURCE}, nr. 3`, confidence: 'H', unverifiedAfterReform: false, end: 'weeks' },
  4: { label: 'Sagen forelægges rehabiliteringsteamet med henblik på hurtig afgørelse om ressourceforløb, fleksjob eller førtidspension', runs: 'Indtil afgørelsen',
    source: `${SOURCE}, nr. 4`, confidence: 'H', unverifiedAfterReform: true, end: 'until-event' },
  5: { label: 'Livstruende, alvorlig sygdom efter lægelig vurdering', runs: 'Uden tidsbegrænsning (opfølgningen fortsætter)',
    source: `${SOURCE}, nr. 5`, confidence: 'H', unverifiedAfterReform: false, end: 'open' },
  6: { label: 'Der er rejst krav om erstatning efter arbejdsskadelovgivningen', runs: 'Indtil afgørelsen',
    source: `${SOURCE}, nr. 6`, confidence: 'H', unverifiedAfterReform: false, end: 'until-event' },
  7: { label: 'Ansøgning om førtidspension (lov om social pension § 17, stk. 2) er modtaget', runs: 'Indtil afgørelsen',
    source: `${SOURCE}, nr. 7`, confidence: 'H', unverifiedAfterReform: false, end: 'until-event' },
};
export const GROUND_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;

/** § 27 stk. 1 nr. 2 and nr. 3 ([H]). */
export const GROUND_2_WEEKS = 69;
export const GROUND_3_WEEKS = 134;

/**
 * Where "from the revurdering point" starts counting ([M], legal-rules.md 8.1: the sources do not say). With
 * 'month-end' (the formula in legal-rules.md, the default) the weeks are counted after the revurdering month end M:
 * end = M + 7n, which is also the last day of n weeks counted with M + 1 (the first extended day) as day 1 (C-1).
 * With 'day-after' the weeks run after M + 1: end = M + 1 + 7n, one day later. Kept a parameter, not a policy
 * setting, because it moves a maximum by one day and the caseworker decides the actual end.
 */
export type CountFrom = 'month-end' | 'day-after';

/**
 * The last day of an extension on ground 2 or 3, counted from the revurdering month end (P-10/P-14); null for the
 * grounds that run until an event or without a limit. Nr. 3 adds the waiting time for treatment at a public hospital,
 * which does not count towards the 134 weeks.
 */
export function extensionEnd(ground: Ground, revurderingMonthEnd: IsoDate, hospitalWaitDays = 0, countFrom: CountFrom = 'month-end'): IsoDate | null {
  const from = countFrom === 'day-after' ? addDays(revurderingMonthEnd, 1) : revurderingMonthEnd;
  if (ground === 2) return addDays(from, GROUND_2_WEEKS * 7);
  if (ground === 3) return addDays(from, GROUND_3_WEEKS * 7 + hospitalWaitDays);
  return null;
}

/** The day lov 1750/2025's phase-2 successor abolishes jobafklaringsforløb (RS-2027, J-10; itself [L]). */
export const RS_2027_START: IsoDate = '2027-01-01';

export interface ExtensionNote { level: 'warning' | 'info'; confidence: Confidence; ruleId: string; text: string }

/**
 * What the caseworker must be told when choosing a ground:
 * - nr. 1 and nr. 4 rest on revalidering and the rehabiliteringsteam, which lov 1750/2025 abolishes or replaces
 *   ([L]: the new wording of § 27 was not read). Decided on or after the day the municipality reads the 2026 changes
 *   to apply (interpretation 'rs2026-start'), they are flagged unverified.
 * - From 1 January 2027 (J-10, [L]) a citizen without an extension goes to a reduced sygedagpenge rate instead of a
 *   jobafklaringsforløb: shown as a note when the extension ends (or the revurdering falls) on or after that day, not
 *   computed, since the rate and transition rules are unknown (J-11, J-12).
 */
export function extensionNotes(ground: Ground, decidedOn: IsoDate, revurderingMonthEnd: IsoDate, endsOn: IsoDate | null, rs2026Start: IsoDate): ExtensionNote[] {
  const notes: ExtensionNote[] = [];
  const g = GROUNDS[ground];
  if (g.unverifiedAfterReform && decidedOn >= rs2026Start) {
    notes.push({ level: 'warning', confidence: 'L', ruleId: `§ 27 nr. ${ground}`,
      text: ground === 1
        ? `Revalidering er afskaffet for nye borgere med lov 1750/2025 (i kraft ${rs2026Start} efter kommunens fortolkning). Grundlaget nr. 1 er sandsynligvis ændret eller bortfaldet; ikke verificeret.`
        : `Rehabiliteringsteam og ressourceforløb er fjernet med lov 1750/2025 (i kraft ${rs2026Start} efter kommunens fortolkning). Grundlaget nr. 4 er sandsynligvis omskrevet; ikke verificeret.` });
  }
  // The day after the extension (or, for one without an end day decided from 2026 on, some day after it) is when the
  // citizen would go on to jobafklaring or, from 2027, the reduced rate.
  const after = endsOn ? addDays(endsOn, 1) : decidedOn >= '2026-01-01' ? RS_2027_START : addDays(revurderingMonthEnd, 1);
  if (after >= RS_2027_START) {
    notes.push({ level: 'info', confidence: 'L', ruleId: 'J-10',
      text: 'Fra 1. januar 2027 overgår borgere uden forlængelse til nedsat sygedagpengesats i stedet for jobafklaringsforløb (forventet lovændring; sats og overgangsregler ikke verificeret).' });
  }
  return notes;
}

/**
 * Follow-up while an extension runs (legal-rules.md F-4, SDL § 13 b stk. 1 and § 8): the duty continues, also on
 * ground 5 (no time limit). After the first half year the law sets no interval: the frequency is agreed with the
 * citizen. So the next follow-up is the last one plus the agreed interval, and, for an extension with an end day, no
 * later than that day, when the municipality must know whether payment goes on. Null after the extension ended.
 */
export function nextFollowUpDuringExtension(
  ext: { endsOn: IsoDate | null; endedOn: IsoDate | null; basisMonthEnd: IsoDate },
  lastFollowUpOn: IsoDate | null, agreedIntervalWeeks: number,
): IsoDate | null {
  if (ext.endedOn) return null;
  const next = addDays(lastFollowUpOn ?? ext.basisMonthEnd, agreedIntervalWeeks * 7);
  return ext.endsOn && ext.endsOn < next ? ext.endsOn : next;
}

/** True when the extension covers the day (it has begun and neither reached its end nor been ended). */
export function extensionActiveOn(ext: { basisMonthEnd: IsoDate; endsOn: IsoDate | null; endedOn: IsoDate | null }, day: IsoDate): boolean {
  if (ext.endedOn && ext.endedOn <= day) return false;
  return !ext.endsOn || ext.endsOn >= day;
}

export const isMonthEnd = (d: IsoDate) => lastDayOfMonth(d) === d;

export const END_REASONS = {
  decision: 'Afgørelsen er truffet',
  'revalidation-started': 'Revalideringen er begyndt',
  recovered: 'Borgeren er raskmeldt',
  'ground-lapsed': 'Grundlaget for forlængelse er bortfaldet',
  other: 'Andet',
} as const;
export type EndReason = keyof typeof END_REASONS;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const extensionInput = z.strictObject({
  ground: z.number({ error: 'Vælg et grundlag for forlængelse (1–7)' }).int('Vælg et grundlag for forlængelse (1–7)')
    .min(1, 'Vælg et grundlag for forlængelse (1–7)').max(7, 'Vælg et grundlag for forlængelse (1–7)'),
  decidedOn: isoDate,
  /** The revurdering month end; the case's reassessment deadline when left out. */
  basisMonthEnd: isoDate.optional(),
  hospitalWaitDays: z.number({ error: 'Skriv ventetiden i hele dage' }).int('Skriv ventetiden i hele dage').min(0, 'Ventetiden kan ikke være negativ').max(3650, 'Højst 3650 dage').optional(),
  note: z.string({ error: 'Skriv en bemærkning' }).trim().min(1, 'Skriv en bemærkning').max(4000, 'Højst 4000 tegn').optional(),
  /** The case version the form was based on: checked when the extension also records the case's revurdering. */
  version: dbId('Versionen').optional(),
}).superRefine((v, ctx) => {
  if (v.hospitalWaitDays !== undefined && v.ground !== 3)
    ctx.addIssue({ code: 'custom', path: ['hospitalWaitDays'], message: 'Ventetid på sygehus tæller kun ved forlængelse efter nr. 3' });
  if (v.basisMonthEnd !== undefined && !isMonthEnd(v.basisMonthEnd))
    ctx.addIssue({ code: 'custom', path: ['basisMonthEnd'], message: 'Revurderingstidspunktet er den sidste dag i en måned' });
});
export type ExtensionInput = z.infer<typeof extensionInput>;

export const endExtensionInput = z.strictObject({
  endedOn: isoDate,
  reason: z.enum(keys(END_REASONS), { error: 'Vælg hvorfor forlængelsen ophører' }),
});
export type EndExtensionInput = z.infer<typeof endExtensionInput>;
