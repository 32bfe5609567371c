/**
 * The caseworker's work on a case besides its facts: follow-up meetings, tasks and notes. Each command
 * validates and returns one case action (see case.ts); the use case writes it with its row.
 */
import * as z from 'zod';
import type { IsoDate } from './dates.ts';
import { dbId, isoDate, versionField } from './caseFields.ts';
import { applyAction, diffFacts, ensureOpen, ensureVersion, factProblems, type CaseActionBody, type CaseState } from './case.ts';
import { invalid, invalidField } from './errors.ts';

/** SDL § 13 b, stk. 1 and 4: in person, phone or video; the Rebild and Slagelse seeds add workplace, round table and group. */
export const MEETING_FORMS = {
  'in-person': 'Personligt fremmøde',
  phone: 'Telefon',
  video: 'Video',
  workplace: 'Virksomhedsbesøg',
  'round-table': 'Rundbordssamtale med arbejdsgiver',
  group: 'Gruppemøde (5-7 borgere)',
} as const;
export const ATTENDANCE = {
  attended: 'Borgeren deltog',
  no_show_reasonable: 'Udeblev med rimelig grund',
  no_show_unreasonable: 'Udeblev uden rimelig grund',
} as const;
export type MeetingForm = keyof typeof MEETING_FORMS;

const meetingForm = z.enum(Object.keys(MEETING_FORMS) as [MeetingForm, ...MeetingForm[]], { error: 'Vælg samtaleform' });

const clockTime = z.string({ error: 'Skriv et klokkeslæt (TT:MM)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv klokkeslættet som TT:MM');
const duration = z.number({ error: 'Skriv varigheden i minutter' }).int('Hele minutter').min(15, 'Mindst 15 minutter').max(240, 'Højst 4 timer');
export const PARTICIPANT_KINDS = {
  employer: 'Arbejdsgiver',
  union: 'Faglig organisation',
  'unemployment-fund': 'A-kasse',
  gp: 'Egen læge (telefon)',
  other: 'Andre',
} as const;
/** People at the table besides the citizen (workplace and round-table meetings). */
export const participantInput = z.strictObject({
  kind: z.enum(Object.keys(PARTICIPANT_KINDS) as [keyof typeof PARTICIPANT_KINDS, ...(keyof typeof PARTICIPANT_KINDS)[]], { error: 'Vælg hvem deltageren er' }),
  name: z.string({ error: 'Skriv deltagerens navn' }).trim().min(2, 'Skriv deltagerens navn').max(200, 'Højst 200 tegn'),
  role: z.string().trim().max(200, 'Højst 200 tegn').optional().nullable(),
  phone: z.string().trim().regex(/^(\+45)?\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}$/, 'Telefonnummeret skal være 8 cifre (evt. med +45)').optional().nullable().or(z.literal('')),
  email: z.string().trim().email('E-mailadressen er ikke gyldig').optional().nullable().or(z.literal('')),
});
export type ParticipantInput = z.infer<typeof participantInput>;

export const bookMeetingInput = z.strictObject({
  version: versionField,
  plannedFor: isoDate,
  /** Danish wall-clock time the meeting starts. */
  time: clockTime,
  durationMinutes: duration.optional(),
  form: meetingForm,
  roomId: dbId('Lokalet').optional().nullable(),
  videoLink: z.string().trim().url('Skriv et helt link (https://…)').max(500, 'Højst 500 tegn').optional().nullable().or(z.literal('')),
  participants: z.array(participantInput).max(10, 'Højst 10 deltagere').optional(),
});
export type BookMeetingInput = z.infer<typeof bookMeetingInput>;
export const rebookMeetingInput = z.strictObject({
  version: versionField,
  plannedFor: isoDate,
  time: clockTime,
  durationMinutes: duration.optional(),
  roomId: dbId('Lokalet').optional().nullable(),
  reason: z.string({ error: 'Skriv en begrundelse' }).trim().min(3, 'Skriv en begrundelse (mindst 3 tegn)').max(1000, 'Højst 1000 tegn'),
});
export const cancelMeetingInput = z.strictObject({
  version: versionField,
  reason: z.string({ error: 'Skriv en begrundelse' }).trim().min(3, 'Skriv en begrundelse (mindst 3 tegn)').max(1000, 'Højst 1000 tegn'),
});

export const recordMeetingInput = z.strictObject({
  version: versionField,
  /** A booked meeting this records; without it a new meeting is recorded. */
  meetingId: dbId('Mødet').optional(),
  heldOn: isoDate,
  form: meetingForm,
  attendance: z.enum(Object.keys(ATTENDANCE) as [keyof typeof ATTENDANCE, ...(keyof typeof ATTENDANCE)[]], { error: 'Angiv om borgeren deltog' }),
  notes: z.string().trim().max(5000, 'Højst 5000 tegn').optional().nullable(),
  category: z.union([z.literal(1), z.literal(2)], { error: 'Kategori skal være 1 eller 2' }).nullable().optional(),
  expectedFullReturn: isoDate.nullable().optional(),
  sickLeave: z.enum(['full', 'partial'], { error: 'Vælg fuld eller delvis sygemelding' }).optional(),
  partialHours: z.number({ error: 'Skriv antal timer som et tal' }).min(0.5, 'Mindst 0,5 time').max(37, 'Højst 37 timer om ugen').nullable().optional(),
});
export type RecordMeetingInput = z.infer<typeof recordMeetingInput>;

export const createTaskInput = z.strictObject({
  title: z.string({ error: 'Skriv hvad der skal gøres' }).trim().min(2, 'Skriv hvad der skal gøres').max(200, 'Højst 200 tegn'),
  due: isoDate,
});
export const addNoteInput = z.strictObject({
  text: z.string({ error: 'Skriv notatet' }).trim().min(1, 'Skriv notatet').max(10_000, 'Højst 10.000 tegn'),
  /** The note holds health information: only the case's own team sees it. */
  health: z.boolean({ error: 'Angiv ja eller nej' }).optional(),
});

export function bookMeeting(state: CaseState, version: number, meetingId: number, plannedFor: IsoDate, form: MeetingForm, startsAt: Date, now: Date, groupSessionId?: number): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  if (startsAt <= now) throw invalidField('plannedFor', 'Et møde kan ikke bookes i fortiden; registrér det i stedet som holdt');
  return { type: 'meeting-booked', meetingId, plannedFor, form, startsAt: startsAt.toISOString(), ...(groupSessionId ? { groupSessionId } : {}) };
}

export function rebookMeeting(state: CaseState, version: number, meeting: { id: number; status: string; startsAt: string | null }, to: Date, now: Date, reason: string): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  if (meeting.status !== 'planned') throw invalidField('meetingId', 'Kun en booket samtale kan flyttes');
  if (to <= now) throw invalidField('plannedFor', 'Samtalen kan ikke flyttes til fortiden');
  return { type: 'meeting-rebooked', meetingId: meeting.id, from: meeting.startsAt ?? '', to: to.toISOString(), reason };
}

export function cancelMeeting(state: CaseState, version: number, meeting: { id: number; status: string }, reason: string): CaseActionBody {
  ensureVersion(state, version);
  if (meeting.status !== 'planned') throw invalidField('meetingId', 'Kun en booket samtale kan aflyses');
  return { type: 'meeting-cancelled', meetingId: meeting.id, reason };
}

export function recordMeeting(state: CaseState, meetingId: number, input: RecordMeetingInput, today: IsoDate): CaseActionBody {
  ensureVersion(state, input.version);
  ensureOpen(state);
  if (input.heldOn > today) throw invalidField('heldOn', 'Datoen for samtalen kan ikke ligge i fremtiden');
  if (input.heldOn < state.firstAbsenceDay) throw invalidField('heldOn', 'Samtalen kan ikke ligge før første fraværsdag');
  const attended = input.attendance === 'attended';
  const patch: Partial<CaseState> = {};
  if (input.category !== undefined) patch.category = input.category;
  if (input.expectedFullReturn !== undefined) patch.expectedFullReturn = input.expectedFullReturn;
  if (input.sickLeave !== undefined) {
    patch.sickLeave = input.sickLeave;
    patch.partialHours = input.sickLeave === 'partial' ? input.partialHours ?? null : null;
  } else if (input.partialHours !== undefined) patch.partialHours = input.partialHours;
  const changes = diffFacts(state, patch);
  if (!attended && Object.keys(changes).length)
    throw invalid(Object.keys(changes).map((k) => ({ path: k, message: 'Kan kun ændres ved en samtale, hvor borgeren deltog' })));
  const action: CaseActionBody = { type: 'meeting-recorded', meetingId, heldOn: input.heldOn, form: input.form, attendance: input.attendance, notes: input.notes || null, changes };
  const issues = factProblems(applyAction(state, action), today);
  if (issues.length) throw invalid(issues);
  return action;
}

export function createTask(state: CaseState, taskId: number, title: string, due: IsoDate): CaseActionBody {
  ensureOpen(state);
  if (due < state.firstAbsenceDay) throw invalidField('due', 'Fristen kan ikke ligge før første fraværsdag');
  return { type: 'task-created', taskId, title, due };
}

export function completeTask(task: { id: number; title: string; doneAt: string | null }): CaseActionBody {
  if (task.doneAt) throw invalidField('taskId', 'Opgaven er allerede løst');
  return { type: 'task-completed', taskId: task.id, title: task.title };
}

export function addNote(noteId: number, text: string, health: boolean): CaseActionBody {
  return { type: 'note-added', noteId, text, ...(health ? { health: true } : {}) };
}
