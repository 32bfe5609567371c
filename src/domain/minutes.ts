/**
 * Minutes of a held follow-up meeting and graduated return-to-work agreements (issue 8). Pure: templates, input
 * schemas, validation, and the document model a printed version is rendered from. The use cases in
 * app/meetingRecords.ts write what these functions decide.
 *
 * Health details said at a meeting are kept apart (`healthNotes`): they are health information (GDPR art. 9) and are
 * never part of the employer's version of the minutes. The employer only gets minutes of meetings it took part in
 * (workplace and round-table meetings, SDL § 13 b with the employer at the table).
 */
import * as z from 'zod';
import type { IsoDate } from './dates.ts';
import { addDays, formatDanish, todayInDenmark } from './dates.ts';
import { isoDate, dbId, versionField } from './caseFields.ts';
import { applyAction, diffFacts, ensureOpen, ensureVersion, factProblems, type CaseActionBody, type CaseState } from './case.ts';
import { invalid, invalidField, type FieldIssue } from './errors.ts';
import { MEETING_FORMS, PARTICIPANT_KINDS, type MeetingForm } from './workspace.ts';

export interface MinutesTemplate {
  title: string;
  /** A line that says what kind of meeting this was, for the top of the minutes. */
  intro: string;
  agreed: { heading: string; prompt: string };
  nextSteps: { heading: string; prompt: string };
  nextMeeting: { heading: string; prompt: string };
  healthNotes: { heading: string; prompt: string };
}

const common = {
  nextMeeting: { heading: 'Næste samtale', prompt: 'Hvornår og hvordan holdes næste opfølgning (dato, form)?' },
  healthNotes: { heading: 'Helbredsoplysninger', prompt: 'Kun hvad der er nødvendigt for sagen. Vises ikke for arbejdsgiveren.' },
};

/** One template per meeting form: the headings are the same, the prompts say what to write down for that form. */
export const MINUTES_TEMPLATES: Record<MeetingForm, MinutesTemplate> = {
  'in-person': {
    title: 'Referat af opfølgningssamtale', intro: 'Samtalen blev holdt ved personligt fremmøde i jobcentret.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Hvad aftalte I om arbejdsevne, behandling og tilbagevenden til arbejdet?' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvem gør hvad, og hvornår (borgeren, jobcentret, andre)?' }, ...common,
  },
  phone: {
    title: 'Referat af telefonsamtale', intro: 'Samtalen blev holdt telefonisk.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Hvad aftalte I i telefonen? Skriv det, borgeren skal kunne genkende.' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvem gør hvad, og hvornår?' }, ...common,
  },
  video: {
    title: 'Referat af videosamtale', intro: 'Samtalen blev holdt som videomøde.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Hvad aftalte I på videomødet?' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvem gør hvad, og hvornår?' }, ...common,
  },
  workplace: {
    title: 'Referat af virksomhedsbesøg', intro: 'Samtalen blev holdt på arbejdspladsen.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Arbejdsopgaver, skåner, timer og hensyn, som arbejdspladsen og borgeren aftalte.' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvad gør arbejdsgiveren, borgeren og jobcentret, og hvornår?' }, ...common,
  },
  'round-table': {
    title: 'Referat af rundbordssamtale', intro: 'Samtalen blev holdt med borgeren, arbejdsgiveren og jobcentret.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Plan for tilbagevenden: timer, opgaver og hensyn, som alle ved bordet aftalte.' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvad gør arbejdsgiveren, borgeren, jobcentret og evt. faglig organisation, og hvornår?' }, ...common,
  },
  group: {
    title: 'Referat af gruppemøde', intro: 'Borgeren deltog i et gruppeforløb.',
    agreed: { heading: 'Det aftalte vi', prompt: 'Hvad tager borgeren med fra gruppemødet, og hvad aftalte I for borgeren?' },
    nextSteps: { heading: 'Næste skridt', prompt: 'Hvad gør borgeren indtil næste gang?' }, ...common,
  },
};

/** Meetings the employer took part in: only their minutes have an employer version. */
export const EMPLOYER_FORMS: readonly MeetingForm[] = ['workplace', 'round-table'];

const text = (what: string, max: number) =>
  z.string({ error: `Skriv ${what}` }).trim().min(1, `Skriv ${what}`).max(max, `Højst ${max} tegn`);

export const minutesInput = z.strictObject({
  version: versionField,
  agreed: text('hvad I aftalte', 5000),
  nextSteps: text('de næste skridt', 5000),
  nextMeeting: z.string().trim().max(500, 'Højst 500 tegn').optional().nullable(),
  healthNotes: z.string().trim().max(5000, 'Højst 5000 tegn').optional().nullable(),
});
export type MinutesInput = z.infer<typeof minutesInput>;

/** What is stored on the meeting (follow_up_meeting.minutes). */
export interface StoredMinutes {
  template: MeetingForm;
  agreed: string;
  nextSteps: string;
  nextMeeting: string | null;
  healthNotes: string | null;
  writtenAt: string;
  writtenBy: number;
}

/** Minutes are written after a held meeting only; written again they replace the earlier version (the history keeps it). */
export function writeMinutes(state: CaseState, version: number, meeting: { id: number; status: string; form: MeetingForm }, input: MinutesInput,
  writtenAt: Date, writtenBy: number): { action: CaseActionBody; stored: StoredMinutes } {
  ensureVersion(state, version);
  if (meeting.status !== 'held')
    throw invalidField('meetingId', meeting.status === 'planned' ? 'Der kan først skrives referat, når samtalen er holdt og registreret' : 'Der skrives kun referat af holdte samtaler');
  const nextMeeting = input.nextMeeting || null;
  const stored: StoredMinutes = {
    template: meeting.form, agreed: input.agreed, nextSteps: input.nextSteps, nextMeeting,
    healthNotes: input.healthNotes || null, writtenAt: writtenAt.toISOString(), writtenBy,
  };
  // The action keeps what was agreed, not the health notes: the history is shown more widely than the minutes.
  return { action: { type: 'minutes-written', meetingId: meeting.id, agreed: input.agreed, nextSteps: input.nextSteps, nextMeeting }, stored };
}

export type Audience = 'citizen' | 'employer';

export interface MinutesDocument {
  title: string;
  audience: Audience;
  facts: [string, string][];
  participants: string[];
  sections: { heading: string; text: string }[];
}

/**
 * The printable minutes as a model (the PDF is drawn from it). The employer's version leaves the health notes out
 * entirely (GDPR art. 9; the employer has no right to health details, SDL § 36 lets it ask only about function) and
 * exists only for meetings the employer attended.
 */
export function minutesDocument(
  meeting: { form: MeetingForm; heldOn: IsoDate | null; minutes: StoredMinutes; participants: { kind: string; name: string; role: string | null }[] },
  who: { citizenName: string; caseworker: string | null }, audience: Audience,
): MinutesDocument {
  if (audience === 'employer' && !EMPLOYER_FORMS.includes(meeting.form))
    throw invalidField('for', 'Arbejdsgiveren får kun referat af virksomhedsbesøg og rundbordssamtaler');
  const t = MINUTES_TEMPLATES[meeting.form];
  const m = meeting.minutes;
  const sections = [
    { heading: t.agreed.heading, text: m.agreed },
    { heading: t.nextSteps.heading, text: m.nextSteps },
    { heading: t.nextMeeting.heading, text: m.nextMeeting ?? 'Ikke aftalt endnu' },
  ];
  if (audience === 'citizen' && m.healthNotes) sections.push({ heading: t.healthNotes.heading, text: m.healthNotes });
  return {
    title: t.title,
    audience,
    facts: [
      ['Borger', who.citizenName],
      ['Samtaleform', MEETING_FORMS[meeting.form]],
      ['Holdt den', meeting.heldOn ? formatDanish(meeting.heldOn) : '–'],
      ['Sagsbehandler', who.caseworker ?? '–'],
      ['Skrevet', formatDanish(todayInDenmark(new Date(m.writtenAt)), false)],
    ],
    participants: meeting.participants.map((p) => `${p.name}${p.role ? `, ${p.role}` : ''} (${PARTICIPANT_KINDS[p.kind as keyof typeof PARTICIPANT_KINDS] ?? p.kind})`),
    sections: [{ heading: 'Om samtalen', text: t.intro }, ...sections],
  };
}

// ---- Graduated return to work --------------------------------------------------------------------------------

export const MIN_HOURS = 0.5;
/** Full time in Danish collective agreements; more than that is not a partial return. */
export const MAX_HOURS = 37;

export interface ReturnStep { from: IsoDate; hoursPerWeek: number }
export interface ReturnPlan { startsOn: IsoDate; endsOn: IsoDate; steps: ReturnStep[] }

export const returnToWorkInput = z.strictObject({
  version: versionField,
  /** The held workplace or round-table meeting the agreement was made at, if any. */
  meetingId: dbId('Mødet').optional().nullable(),
  startsOn: isoDate,
  /** The last day of the graduated return; full hours from the day after. */
  endsOn: isoDate,
  steps: z.array(z.strictObject({
    from: isoDate,
    hoursPerWeek: z.number({ error: 'Skriv timer om ugen' }).finite('Skriv timer om ugen'),
  }), { error: 'Angiv mindst ét trin' }).min(1, 'Angiv mindst ét trin').max(20, 'Højst 20 trin'),
});
export type ReturnToWorkInput = z.infer<typeof returnToWorkInput>;

/**
 * A graduated return: the first step starts on the start date, each later step later than the one before and no
 * later than the end date, hours between 0.5 and 37 and rising (10 → 20 → 30 → full from the day after the end).
 */
export function returnPlanProblems(p: ReturnPlan): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (p.endsOn < p.startsOn) issues.push({ path: 'endsOn', message: 'Slutdatoen kan ikke ligge før startdatoen' });
  p.steps.forEach((s, i) => {
    const prev = p.steps[i - 1];
    if (i === 0 && s.from !== p.startsOn) issues.push({ path: 'steps.0.from', message: 'Første trin begynder på startdatoen' });
    else if (s.from < p.startsOn || s.from > p.endsOn) issues.push({ path: `steps.${i}.from`, message: 'Trinnet skal ligge mellem start- og slutdatoen' });
    else if (prev && s.from <= prev.from) issues.push({ path: `steps.${i}.from`, message: 'Hvert trin begynder senere end det forrige' });
    if (!(s.hoursPerWeek >= MIN_HOURS && s.hoursPerWeek <= MAX_HOURS))
      issues.push({ path: `steps.${i}.hoursPerWeek`, message: `Timer om ugen skal være mellem ${MIN_HOURS} og ${MAX_HOURS}` });
    else if (prev && s.hoursPerWeek <= prev.hoursPerWeek)
      issues.push({ path: `steps.${i}.hoursPerWeek`, message: 'En gradvis tilbagevenden har flere timer for hvert trin' });
  });
  return issues;
}

/** Hours per week agreed for a day: null before the plan starts and after it ends (then full hours again). */
export function hoursOn(p: ReturnPlan, day: IsoDate): number | null {
  if (day < p.startsOn || day > p.endsOn) return null;
  let hours: number | null = null;
  for (const s of p.steps) if (s.from <= day) hours = s.hoursPerWeek;
  return hours;
}

/**
 * The case action for an agreed plan. The hours in force today feed the facts (partial sick leave with those hours,
 * SDL § 7 b-style); a plan that starts later, or has already ended, leaves the facts as they are.
 */
export function agreeReturnToWork(state: CaseState, version: number, planId: number, p: ReturnPlan, today: IsoDate): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  const issues = returnPlanProblems(p);
  if (issues.length) throw invalid(issues);
  const hours = hoursOn(p, today);
  const changes = hours == null ? {} : diffFacts(state, { sickLeave: 'partial', partialHours: hours });
  const action: CaseActionBody = { type: 'return-to-work-agreed', planId, startsOn: p.startsOn, endsOn: p.endsOn, steps: p.steps.map((s) => ({ from: s.from, hoursPerWeek: s.hoursPerWeek })), changes };
  const problems = factProblems(applyAction(state, action), today);
  if (problems.length) throw invalid(problems);
  return action;
}

/** The plan as weeks for a chart and a table: each step with its first and last day. */
export function planPeriods(p: ReturnPlan): { from: IsoDate; to: IsoDate; hoursPerWeek: number }[] {
  return p.steps.map((s, i) => ({ from: s.from, to: i + 1 < p.steps.length ? prevDay(p.steps[i + 1].from) : p.endsOn, hoursPerWeek: s.hoursPerWeek }));
}
const prevDay = (d: IsoDate): IsoDate => addDays(d, -1);
