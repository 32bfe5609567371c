/**
 * The citizen's course overview (issue 9; the "graphical overview of the citizen's meeting course" in the Copenhagen
 * seed, 001): what happens when in one sickness-benefit case, in plain Danish, for the citizen. Built from the stored
 * plan (the deadlines as the caseworker sees them, adjusted where adjusted) and the meetings, so it never says
 * anything the plan does not. Pure: no clock, no I/O; the PDF (documents/courseOverviewPdf.ts) and the case page draw it.
 *
 * Plain language: short sentences, common words, "du" and "vi" as in the shipped letters (letters/shipped.ts); the
 * whole text stays below LIX 40 (tested with domain/readability.ts).
 */
import { daysBetween, formatDanish, type IsoDate } from './dates.ts';
import type { MeetingForm } from './workspace.ts';

export type CourseItemKind = 'meeting' | 'form' | 'reassessment' | 'extension' | 'other';

export interface CourseItem {
  date: IsoDate;
  /** Sick-week number counted from the first absence day: week 1 is the first 7 days. */
  week: number;
  /** Short Danish title (the timeline's label). */
  title: string;
  /** One to three plain Danish sentences: what it means for the citizen and what they must do. */
  text: string;
  kind: CourseItemKind;
  /** Behind us: the day has passed, the meeting was held, or the citizen's part is done (the form came back). */
  done: boolean;
}

export interface CourseOverview {
  title: string;
  /** Week 1 starts here; the timeline's axis starts here. */
  firstAbsenceDay: IsoDate;
  /** The day the overview was made: items before it are done. */
  today: IsoDate;
  intro: string;
  /** Sorted by date. */
  items: CourseItem[];
  /** What fast track means for this citizen, when it applies; null otherwise. */
  fastTrack: string | null;
}

export interface CourseDeadline {
  /** A kind of rules/deadlineKinds.ts (a string here: the domain imports nothing from rules). */
  kind: string;
  /** The effective date: the caseworker's adjusted date where there is one, else the computed one. */
  due: IsoDate;
  /** The date the law gives (before any adjustment). */
  legalDue: IsoDate;
  /** The plan's status: a 'met' citizen duty is done even before its date. */
  status?: 'open' | 'met' | 'passed';
  /** The planner's details: `required` (follow-up-minimum), `crossedOn` and `consequence` (reassessment). */
  details?: { required?: number; crossedOn?: IsoDate; consequence?: string } | null;
}

export interface CourseMeeting {
  /** The day it was held, or the day it is planned for. */
  date: IsoDate;
  form: MeetingForm;
  status: 'planned' | 'held';
  /** Danish wall-clock start 'HH:MM' of a booked meeting, when known. */
  time?: string | null;
}

export interface CourseInput {
  today: IsoDate;
  firstAbsenceDay: IsoDate;
  fastTrack: boolean;
  deadlines: CourseDeadline[];
  /** Planned and held meetings (cancelled ones and no-shows are left out by the caller). */
  meetings: CourseMeeting[];
  citizenName: string;
  municipality: string;
  /** A job-clarification case has no sickness-benefit deadlines (the planner plans none); the intro says so. */
  caseKind?: 'sickness-benefit' | 'job-clarification';
  /** A closed case: its plan stopped, so the overview tells what happened, not what comes. */
  closed?: boolean;
}

/** Sick week of a day: week 1 is the first absence day and the six days after it. */
export const sickWeek = (firstAbsenceDay: IsoDate, date: IsoDate): number => Math.max(1, Math.floor(daysBetween(firstAbsenceDay, date) / 7) + 1);

const NUMBERS = ['nul', 'en', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti'];
const number = (n: number) => NUMBERS[n] ?? String(n);

const MEETING_TITLE: Record<MeetingForm, string> = {
  'in-person': 'Samtale hos os',
  phone: 'Samtale i telefonen',
  video: 'Samtale på video',
  workplace: 'Møde på din arbejdsplads',
  'round-table': 'Møde med din chef og os',
  group: 'Møde i en gruppe',
};
/** The form in a word or two, for "Første samtale (…)". */
const MEETING_SHORT: Record<MeetingForm, string> = {
  'in-person': 'hos os', phone: 'telefon', video: 'video', workplace: 'på din arbejdsplads', 'round-table': 'med din chef', group: 'i en gruppe',
};
const ABOUT = 'Vi taler om, hvordan det går, og hvad der kan hjælpe dig.';
const MEETING_TEXT: Record<MeetingForm, string> = {
  'in-person': `Du skal møde op hos os. ${ABOUT}`,
  phone: `Vi ringer til dig. ${ABOUT}`,
  video: `Du får et link til samtalen. ${ABOUT}`,
  workplace: 'Vi mødes med dig og din chef på din arbejdsplads. Vi taler om, hvordan du kan komme tilbage.',
  'round-table': 'Du, din chef og vi holder et møde. Vi taler om, hvordan du kan komme tilbage.',
  group: `Du mødes med os og andre, der også er syge. ${ABOUT}`,
};

type Draft = Omit<CourseItem, 'week' | 'done'> & { done?: boolean };

/** The planner's deadline kinds this overview turns into items (see deadlineItems). */
export const SHOWN_KINDS = [
  'benefit-start', 'employer-conversation', 'fast-track-acceptance', 'gp-consultation', 'information-form', 'medical-certificate',
  'first-follow-up', 'follow-up-minimum', 'reassessment',
] as const;
/** Left out on purpose (why: at deadlineItems). A test checks that every kind is in one of the two lists. */
export const LEFT_OUT_KINDS = ['employer-notification', 'fast-track-request-window'] as const;

/**
 * The deadline kinds the citizen sees, in their words. Left out on purpose:
 * - 'employer-notification': the employer's report to the municipality in NemRefusion (SDL § 40, E-4). Paperwork
 *   between employer and municipality; the citizen does nothing, and the date would only crowd the timeline.
 * - 'fast-track-request-window': the last day the employer may ask for fast track (SDL § 7 c, T-1). It is the
 *   employer's option, not an event in the citizen's course; whether fast track applies is said once, in `fastTrack`.
 * Kinds this file does not know (a new kind in deadlineKinds.ts) are left out too, until someone writes their words.
 */
function deadlineItems(d: CourseDeadline, input: CourseInput, firstMeeting: CourseMeeting | undefined): Draft[] {
  const met = d.status === 'met';
  switch (d.kind) {
    case 'benefit-start':
      return [{ date: d.due, kind: 'other', title: 'Kommunen betaler', text: 'Fra denne dag betaler kommunen dine sygedagpenge. Får du løn, mens du er syg, får din arbejdsgiver pengene.' }];
    case 'employer-conversation':
      // SDL § 7 a (E-1): the employer's conversation with the employee within 4 weeks; the citizen takes part.
      return [{ date: d.due, kind: 'meeting', title: 'Samtale med din chef', text: 'Din chef skal tale med dig senest denne dag. I taler om, hvordan og hvornår du kan komme tilbage.' }];
    case 'fast-track-acceptance':
      return [{ date: d.due, kind: 'form', title: 'Svar om fast track', done: met, text: 'Din chef har bedt om fast track. Vil du være med, så send blanketten tilbage senest denne dag.' }];
    case 'gp-consultation':
      return [{ date: d.due, kind: 'other', title: 'Tid hos din læge', done: met, text: 'Du har bedt om fast track. Derfor skal du tale med din læge senest denne dag. Bestil en tid nu.' }];
    case 'information-form':
      return [{ date: d.due, kind: 'form', title: 'Send skemaet om din sygdom', done: met,
        text: met ? 'Tak. Vi har fået dit skema.' : 'Udfyld skemaet om din sygdom på borger.dk. Vi skal have det senest denne dag.' }];
    case 'medical-certificate':
      return [{ date: d.due, kind: 'form', title: 'Attest fra din læge', done: met, text: 'Vi har bedt din læge om en attest. Bestil en tid hos lægen. Sig, at det er til kommunen.' }];
    case 'first-follow-up':
      // A meeting on or before the deadline is the first follow-up: it is shown as the meeting itself, with its form.
      if (met || (firstMeeting && firstMeeting.date <= d.due)) return [];
      return [input.fastTrack
        ? { date: d.due, kind: 'meeting', title: 'Første samtale (fast track)', text: 'Du er i fast track. Derfor holder vi den første samtale med dig senest denne dag. Du får et brev med tid og sted.' }
        : { date: d.due, kind: 'meeting', title: 'Første samtale med os', text: 'Senest denne dag holder vi den første samtale med dig. Du får et brev med tid og sted.' }];
    case 'follow-up-minimum': {
      // SDL § 13 b, stk. 1 (F-2): at least four follow-ups in the first half year.
      const n = d.details?.required;
      return [{ date: d.due, kind: 'meeting', title: 'Samtaler i det første halve år', done: met,
        text: met ? 'Vi har holdt de samtaler, vi skal holde med dig i det første halve år.'
          : `Frem til denne dag holder vi ${n ? `mindst ${number(n)}` : 'flere'} samtaler med dig. Du får et brev før hver samtale.` }];
    }
    case 'reassessment': {
      // SDL § 24 (P-10) / § 25 (P-15): after more than 22 weeks of benefit (pensioners 26) the case is reassessed, and
      // before the end of that month the municipality decides on an extension (§ 27); without one, payment stops, or
      // the citizen goes on to job clarification (until 2026) or the reduced rate (RS-2027). The text counts no weeks:
      // which days count (employer period, partial benefit) is not something a citizen can check on a calendar.
      const again = 'Nu har du været syg så længe, at vi skal se på din sag igen.';
      const after = {
        'job-clarification': ' Kan de ikke forlænges, kan du i stedet få et jobafklaringsforløb. Det er hjælp til at komme tilbage til arbejde.',
        'reduced-rate': ' Kan de ikke forlænges, får du en lavere sats.',
        'payment-stops': ' Kan de ikke forlænges, stopper dine sygedagpenge.',
      }[d.details?.consequence ?? ''] ?? '';
      const decide = `Senest denne dag beslutter vi, om dine sygedagpenge kan forlænges. Du får et brev om det.${after}`;
      const crossed = d.details?.crossedOn;
      // Crossed on the month's last day (the unemployed's 14 + 154 days can end there): one item says both.
      if (!crossed || crossed >= d.due)
        return [{ date: d.due, kind: 'extension', title: 'Svar om forlængelse', done: met, text: crossed ? `${again} ${decide}` : decide }];
      return [
        { date: crossed, kind: 'reassessment', title: 'Vi ser på din sag igen', done: met, text: `${again} Vi ser på, om dine sygedagpenge kan forlænges. Vi taler med dig om det.` },
        { date: d.due, kind: 'extension', title: 'Svar om forlængelse', done: met, text: decide },
      ];
    }
    default:
      return [];
  }
}

function meetingItem(m: CourseMeeting, first: boolean): Draft {
  const title = first ? `Første samtale (${MEETING_SHORT[m.form]})` : MEETING_TITLE[m.form];
  // The titles call workplace visits, round tables and groups "møde", the others "samtale"; the text follows.
  const noun = !first && ['workplace', 'round-table', 'group'].includes(m.form) ? 'Mødet' : 'Samtalen';
  if (m.status === 'held') return { date: m.date, kind: 'meeting', title, text: `${noun} er holdt.`, done: true };
  const at = m.time ? ` ${noun} begynder kl. ${m.time.replace(':', '.')}.` : '';
  return { date: m.date, kind: 'meeting', title, text: `${MEETING_TEXT[m.form]}${at}` };
}

export function courseOverview(input: CourseInput): CourseOverview {
  const D = input.firstAbsenceDay;
  const meetings = [...input.meetings].sort((a, b) => a.date.localeCompare(b.date));
  const firstFollowUp = input.deadlines.find((d) => d.kind === 'first-follow-up');
  // The earliest meeting is "the first conversation" when it is on or before the first follow-up's deadline (or when
  // there is no such deadline left, e.g. a fast-track case whose first meeting was held).
  const firstMeeting = meetings.find((m) => m.date >= D);
  const firstIsFollowUp = !!firstMeeting && (!firstFollowUp || firstMeeting.date <= firstFollowUp.due || firstFollowUp.status === 'met');

  const drafts: Draft[] = [
    ...input.deadlines.flatMap((d) => deadlineItems(d, input, firstMeeting)),
    ...meetings.map((m) => meetingItem(m, firstIsFollowUp && m === firstMeeting)),
  ];
  // Sorted by date; on one day the order above (deadlines before meetings) holds, as Array.sort is stable.
  const items: CourseItem[] = drafts
    .map((x) => ({ ...x, week: sickWeek(D, x.date), done: x.done === true || x.date < input.today }))
    .sort((a, b) => a.date.localeCompare(b.date));

  const about = `din sag om ${input.caseKind === 'job-clarification' ? 'jobafklaring' : 'sygedagpenge'}`;
  const intro = [
    input.closed ? `${input.citizenName}, ${about} er afsluttet.${items.length ? ' Her kan du se, hvad der skete, og hvornår.' : ''}`
      : `${input.citizenName}, her kan du se, hvad der sker i ${about}, og hvornår.`,
    `Din første sygedag var ${formatDanish(D, false)}. Vi tæller ugerne fra den dag. Uge 1 er de første syv dage.`,
    input.closed ? '' : items.length ? 'Datoerne kan flytte sig. Så giver vi dig besked.' : 'Der er ingen datoer endnu. Vi giver dig besked, når der er.',
    `Har du spørgsmål, så kontakt ${input.municipality}.`,
  ].filter(Boolean).join(' ');
  return {
    title: 'Overblik over dit forløb',
    firstAbsenceDay: D,
    today: input.today,
    intro,
    items,
    fastTrack: input.fastTrack
      ? 'Du er i fast track. Det betyder, at vi taler med dig tidligere end ellers. Målet er, at du hurtigt kan komme tilbage til arbejdet.'
      : null,
  };
}

/** All the overview's words in reading order, for the LIX check and the PDF's text alternative. */
export function overviewText(o: CourseOverview): string {
  return [o.title, o.intro, o.fastTrack, ...o.items.map((i) => `${i.title}. ${i.text}`)].filter(Boolean).join('\n\n');
}
