/**
 * A sickness-benefit case as current state plus an append-only list of actions. Every command
 * validates, then produces one action; the new state is always `applyAction(old, action)`, so the
 * stored state and the replay of the history cannot drift apart (see caseHistory.test.ts).
 */
import type { IsoDate } from './dates.ts';
import type { CaseKind, DiagnosisGroup, Employment, ExitReason, SickLeave } from './caseFields.ts';
import { invalid, invalidField, type FieldIssue, DomainError, staleVersion } from './errors.ts';

export interface CaseFacts {
  kind: CaseKind;
  firstAbsenceDay: IsoDate;
  employment: Employment;
  employerId: number | null;
  sickLeave: SickLeave;
  partialHours: number | null;
  expectedFullReturn: IsoDate | null;
  category: 1 | 2 | null;
  targetGroup: number | null;
  pathway: number | null;
  /** Health information (GDPR art. 9): see permissions.seesHealth. */
  diagnosisGroup: DiagnosisGroup | null;
  fastTrack: boolean;
  standby: boolean;
  /** Facts the deadline planner uses (src/rules/facts.ts). */
  pensioner: boolean;
  selfEmployedInsured: boolean;
  predictableCourse: boolean;
  notificationReceived: IsoDate | null;
  informationFormSent: IsoDate | null;
  medicalCertificateRequested: IsoDate | null;
  plannedFirstFollowUp: IsoDate | null;
  fastTrackRequestedBy: 'employer' | 'citizen' | null;
  fastTrackRequested: IsoDate | null;
  fastTrackLetterSent: IsoDate | null;
  fastTrackDeclined: boolean;
  reassessedOn: IsoDate | null;
  informationFormReceived: IsoDate | null;
}

export interface CaseState extends CaseFacts {
  citizenId: number;
  teamId: number;
  caseworkerId: number | null;
  status: 'open' | 'closed';
  exitDate: IsoDate | null;
  exitReason: ExitReason | null;
  version: number;
}

export const FACT_FIELDS = [
  'kind', 'firstAbsenceDay', 'employment', 'employerId', 'sickLeave', 'partialHours', 'expectedFullReturn',
  'category', 'targetGroup', 'pathway', 'diagnosisGroup', 'fastTrack', 'standby', 'pensioner', 'selfEmployedInsured', 'predictableCourse',
  'notificationReceived', 'informationFormSent', 'medicalCertificateRequested', 'plannedFirstFollowUp',
  'fastTrackRequestedBy', 'fastTrackRequested', 'fastTrackLetterSent', 'fastTrackDeclined', 'reassessedOn', 'informationFormReceived',
] as const satisfies readonly (keyof CaseFacts)[];
export type FactField = (typeof FACT_FIELDS)[number];
const BOOLEAN_FACTS = new Set<FactField>(['fastTrack', 'standby', 'pensioner', 'selfEmployedInsured', 'predictableCourse', 'fastTrackDeclined']);

/** Defaults for facts a new case does not have to state. */
export const PLAN_FACT_DEFAULTS = {
  pensioner: false, selfEmployedInsured: false, predictableCourse: false, notificationReceived: null, informationFormSent: null,
  medicalCertificateRequested: null, plannedFirstFollowUp: null, fastTrackRequestedBy: null, fastTrackRequested: null,
  fastTrackLetterSent: null, fastTrackDeclined: false, reassessedOn: null, informationFormReceived: null, diagnosisGroup: null,
} satisfies Partial<CaseFacts>;

export type Change<T = unknown> = { from: T; to: T };

export type CaseActionBody =
  | { type: 'created'; state: Omit<CaseState, 'version'> }
  | { type: 'changed'; changes: Partial<Record<FactField, Change>> }
  | { type: 'assigned'; from: number | null; to: number; teamId: number; reason: string }
  | { type: 'closed'; exitDate: IsoDate; exitReason: ExitReason }
  | { type: 'reopened'; reason: string }
  /** A caseworker moved a deadline; the legal date stays (null `to`: back to the computed date). */
  | { type: 'deadline-adjusted'; kind: string; legalDate: IsoDate; from: IsoDate; to: IsoDate | null; reason: string }
  | { type: 'meeting-booked'; meetingId: number; plannedFor: IsoDate; form: string; startsAt?: string; groupSessionId?: number }
  /** Moved to another time (the old reminder is cancelled, a new one queued). */
  | { type: 'meeting-rebooked'; meetingId: number; from: string; to: string; reason: string }
  | { type: 'meeting-cancelled'; meetingId: number; reason: string }
  /** Minutes of a held meeting (what was agreed, next steps): free text that may hold health details. */
  | { type: 'minutes-written'; meetingId: number; agreed: string; nextSteps: string; nextMeeting: string | null }
  /** A graduated return to work agreed (at a meeting); the hours in force now feed the case facts (`changes`). */
  | { type: 'return-to-work-agreed'; planId: number; startsOn: IsoDate; endsOn: IsoDate; steps: { from: IsoDate; hoursPerWeek: number }[]; changes: Partial<Record<FactField, Change>> }
  /** An outgoing message (SMS, letter) that finally failed: the caseworker must follow up by hand. */
  | { type: 'message-failed'; messageId: number; channel: string; purpose: string }
  /** A follow-up meeting held or missed; what was decided there changes the facts (`changes`). */
  | { type: 'meeting-recorded'; meetingId: number; heldOn: IsoDate; form: string; attendance: string; notes: string | null; changes: Partial<Record<FactField, Change>> }
  | { type: 'task-created'; taskId: number; title: string; due: IsoDate }
  | { type: 'task-completed'; taskId: number; title: string }
  /** `health`: the note holds health information (GDPR art. 9) and is shown only to the case's own team. */
  | { type: 'note-added'; noteId: number; text: string; health?: boolean };

/** Pure: the state after one action. The only place state changes. */
export function applyAction(state: CaseState | null, action: CaseActionBody): CaseState {
  if (action.type === 'created') return { ...action.state, version: 1 };
  if (!state) throw new Error(`Action ${action.type} before created`);
  const next = { ...state, version: state.version + 1 };
  switch (action.type) {
    case 'changed':
    case 'meeting-recorded':
    case 'return-to-work-agreed':
      for (const [field, change] of Object.entries(action.changes)) {
        (next as Record<string, unknown>)[field] = (change as Change).to;
      }
      return next;
    case 'assigned':
      return { ...next, caseworkerId: action.to, teamId: action.teamId };
    case 'closed':
      return { ...next, status: 'closed', exitDate: action.exitDate, exitReason: action.exitReason };
    case 'reopened':
      return { ...next, status: 'open', exitDate: null, exitReason: null };
    case 'deadline-adjusted':
    case 'meeting-booked':
    case 'meeting-rebooked':
    case 'meeting-cancelled':
    case 'minutes-written':
    case 'message-failed':
    case 'task-created':
    case 'task-completed':
    case 'note-added':
      return next;
  }
}

export const replay = (actions: CaseActionBody[]): CaseState | null =>
  actions.reduce<CaseState | null>((s, a) => applyAction(s, a), null);

/** Business rules that hold for the facts of any case, whatever changed them. */
export function factProblems(f: CaseFacts, today: IsoDate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (f.firstAbsenceDay > today) issues.push({ path: 'firstAbsenceDay', message: 'Første fraværsdag kan ikke ligge i fremtiden' });
  if (f.firstAbsenceDay < '2000-01-01') issues.push({ path: 'firstAbsenceDay', message: 'Første fraværsdag er urimeligt langt tilbage' });
  if (f.expectedFullReturn && f.expectedFullReturn < f.firstAbsenceDay)
    issues.push({ path: 'expectedFullReturn', message: 'Forventet raskmelding kan ikke ligge før første fraværsdag' });
  if (f.sickLeave === 'partial' && f.partialHours == null)
    issues.push({ path: 'partialHours', message: 'Skriv hvor mange timer om ugen borgeren arbejder ved delvis sygemelding' });
  if (f.sickLeave === 'full' && f.partialHours != null)
    issues.push({ path: 'partialHours', message: 'Timer i arbejde kan kun angives ved delvis sygemelding' });
  for (const k of ['notificationReceived', 'informationFormSent', 'medicalCertificateRequested', 'fastTrackRequested', 'fastTrackLetterSent', 'reassessedOn', 'informationFormReceived'] as const) {
    const v = f[k];
    if (v && v < f.firstAbsenceDay) issues.push({ path: k, message: 'Datoen kan ikke ligge før første fraværsdag' });
    if (v && v > today) issues.push({ path: k, message: 'Datoen kan ikke ligge i fremtiden' });
  }
  if (f.fastTrackRequested && !f.fastTrackRequestedBy)
    issues.push({ path: 'fastTrackRequestedBy', message: 'Angiv om arbejdsgiveren eller borgeren har anmodet om fast track' });
  if (f.fastTrackRequestedBy && !f.fastTrackRequested)
    issues.push({ path: 'fastTrackRequested', message: 'Angiv hvornår der blev anmodet om fast track' });
  if (f.fastTrackLetterSent && f.fastTrackRequestedBy !== 'employer')
    issues.push({ path: 'fastTrackLetterSent', message: 'Brevet om fast track sendes kun ved arbejdsgiverens anmodning' });
  if (f.informationFormReceived && (!f.informationFormSent || f.informationFormReceived < f.informationFormSent))
    issues.push({ path: 'informationFormReceived', message: 'Skemaet kan ikke være modtaget før det blev sendt' });
  if (f.selfEmployedInsured && f.employment !== 'self_employed')
    issues.push({ path: 'selfEmployedInsured', message: 'Kun selvstændige kan have en frivillig sygedagpengeforsikring' });
  if (f.employment === 'unemployed' && f.employerId != null)
    issues.push({ path: 'employerCvr', message: 'En ledig borger har ingen arbejdsgiver på sagen' });
  return issues;
}

export function ensureVersion(state: CaseState, version: number) {
  if (state.version !== version) throw staleVersion(state.version);
}
export function ensureOpen(state: CaseState) {
  if (state.status !== 'open') throw new DomainError('conflict', 'Sagen er afsluttet. Genåbn den først.');
}

export function createCase(state: Omit<CaseState, 'version' | 'status' | 'exitDate' | 'exitReason'>, today: IsoDate): CaseActionBody {
  const full = { ...state, status: 'open' as const, exitDate: null, exitReason: null };
  const issues = factProblems(full, today);
  if (issues.length) throw invalid(issues);
  return { type: 'created', state: full };
}

/** Returns null when the patch changes nothing. */
export function changeCase(state: CaseState, version: number, patch: Partial<CaseFacts>, today: IsoDate): CaseActionBody | null {
  ensureVersion(state, version);
  ensureOpen(state);
  const changes = diffFacts(state, patch);
  if (Object.keys(changes).length === 0) return null;
  const action: CaseActionBody = { type: 'changed', changes };
  const issues = factProblems(applyAction(state, action), today);
  if (issues.length) throw invalid(issues);
  return action;
}

/** The fields a patch really changes, with before and after. */
export function diffFacts(state: CaseState, patch: Partial<CaseFacts>): Partial<Record<FactField, Change>> {
  const changes: Partial<Record<FactField, Change>> = {};
  for (const field of FACT_FIELDS) {
    if (!(field in patch)) continue;
    const to = patch[field] ?? (BOOLEAN_FACTS.has(field) ? false : null);
    if (to !== state[field]) changes[field] = { from: state[field], to };
  }
  return changes;
}

export function assignCase(state: CaseState, version: number, to: { id: number; teamId: number }, reason: string): CaseActionBody {
  ensureVersion(state, version);
  if (state.caseworkerId === to.id) throw invalidField('caseworkerId', 'Sagen er allerede tildelt denne sagsbehandler');
  return { type: 'assigned', from: state.caseworkerId, to: to.id, teamId: to.teamId, reason };
}

export function closeCase(state: CaseState, version: number, exitDate: IsoDate, exitReason: ExitReason, today: IsoDate): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  if (exitDate < state.firstAbsenceDay) throw invalidField('exitDate', 'Afslutningsdatoen kan ikke ligge før første fraværsdag');
  if (exitDate > today) throw invalidField('exitDate', 'Afslutningsdatoen kan ikke ligge i fremtiden');
  return { type: 'closed', exitDate, exitReason };
}

export function reopenCase(state: CaseState, version: number, reason: string): CaseActionBody {
  ensureVersion(state, version);
  if (state.status !== 'closed') throw new DomainError('conflict', 'Sagen er allerede åben.');
  return { type: 'reopened', reason };
}

export function adjustDeadline(
  state: CaseState,
  version: number,
  d: { kind: string; legalDate: IsoDate; computedDue: IsoDate; currentDue: IsoDate; status: string },
  to: IsoDate | null,
  reason: string,
): CaseActionBody {
  ensureVersion(state, version);
  ensureOpen(state);
  if (d.status !== 'open') throw invalidField('kind', 'Kun åbne frister kan flyttes');
  if (to !== null && to < state.firstAbsenceDay) throw invalidField('due', 'Fristen kan ikke ligge før første fraværsdag');
  if ((to ?? d.computedDue) === d.currentDue) throw invalidField('due', 'Fristen har allerede den dato');
  return { type: 'deadline-adjusted', kind: d.kind, legalDate: d.legalDate, from: d.currentDue, to, reason };
}
