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

export const bookMeetingInput = z.strictObject({
  version: versionField,
  plannedFor: isoDate,
  form: meetingForm,
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

export function bookMeeting(state: CaseState, version: number, meetingId: number, plannedFor: IsoDate, form: MeetingForm, today: IsoDate): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  if (plannedFor < today) throw invalidField('plannedFor', 'Et møde kan ikke bookes i fortiden; registrér det i stedet som holdt');
  return { type: 'meeting-booked', meetingId, plannedFor, form };
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
