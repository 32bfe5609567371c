/**
 * Group sessions (Rebild, Slagelse: follow-up in groups of 5-7 citizens). Pure rules: the themes, the size rules,
 * who may be invited, and the input schemas. Each participant's attendance is an ordinary follow-up meeting on their
 * own case (SDL § 13 b, stk. 4 leaves the form of later follow-ups open), so the planner counts it like any other.
 */
import * as z from 'zod';
import { daysBetween, type IsoDate } from './dates.ts';
import { dbId, isoDate } from './caseFields.ts';
import { ATTENDANCE } from './workspace.ts';
import { invalid, invalidField } from './errors.ts';

export const GROUP_THEMES = {
  'partial-return': 'Delvis tilbagevenden til arbejde',
  'job-search': 'Jobsøgning og CV',
  stress: 'Stress og mestring',
  'pain-and-work': 'Smerter og arbejdsliv',
  'work-environment': 'Dialog med arbejdspladsen',
} as const;
export type GroupTheme = keyof typeof GROUP_THEMES;

/** The seeds' group size: 5-7 citizens. Capacity is what may be invited; the minimum is what it takes to hold it. */
export const DEFAULT_CAPACITY = 7;
export const DEFAULT_MIN_SIZE = 5;
export const MAX_CAPACITY = 50;

const clockTime = z.string({ error: 'Skriv et klokkeslæt (TT:MM)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv klokkeslættet som TT:MM');
const reason = z.string({ error: 'Skriv en begrundelse' }).trim().min(3, 'Skriv en begrundelse (mindst 3 tegn)').max(1000, 'Højst 1000 tegn');

export const createSessionInput = z.strictObject({
  theme: z.enum(Object.keys(GROUP_THEMES) as [GroupTheme, ...GroupTheme[]], { error: 'Vælg et tema' }),
  date: isoDate,
  /** Danish wall-clock time the session starts. */
  time: clockTime,
  durationMinutes: z.number({ error: 'Skriv varigheden i minutter' }).int('Hele minutter').min(30, 'Mindst 30 minutter').max(240, 'Højst 4 timer').optional(),
  roomId: dbId('Lokalet').optional().nullable(),
  videoLink: z.string().trim().url('Skriv et helt link (https://…)').max(500, 'Højst 500 tegn').optional().nullable().or(z.literal('')),
  capacity: z.number({ error: 'Skriv antal pladser' }).int('Et helt antal').min(1, 'Mindst 1 plads').max(MAX_CAPACITY, `Højst ${MAX_CAPACITY} pladser`).optional(),
  minSize: z.number({ error: 'Skriv mindste antal deltagere' }).int('Et helt antal').min(1, 'Mindst 1').max(MAX_CAPACITY, `Højst ${MAX_CAPACITY}`).optional(),
}).superRefine((v, ctx) => {
  if (!v.roomId && !v.videoLink) ctx.addIssue({ code: 'custom', path: ['roomId'], message: 'Vælg et lokale eller skriv et videolink' });
  if ((v.minSize ?? DEFAULT_MIN_SIZE) > (v.capacity ?? DEFAULT_CAPACITY))
    ctx.addIssue({ code: 'custom', path: ['minSize'], message: 'Mindste antal deltagere kan ikke være større end antallet af pladser' });
});
export type CreateSessionInput = z.infer<typeof createSessionInput>;

export const inviteInput = z.strictObject({
  caseIds: z.array(dbId('Sagen'), { error: 'Vælg de borgere, der skal inviteres' }).min(1, 'Vælg mindst én borger').max(MAX_CAPACITY, `Højst ${MAX_CAPACITY} borgere`),
});

export const attendanceInput = z.strictObject({
  participants: z.array(z.strictObject({
    meetingId: dbId('Mødet'),
    attendance: z.enum(Object.keys(ATTENDANCE) as [keyof typeof ATTENDANCE, ...(keyof typeof ATTENDANCE)[]], { error: 'Angiv om borgeren deltog' }),
  })).min(1, 'Registrér fremmøde for deltagerne').max(MAX_CAPACITY, `Højst ${MAX_CAPACITY} deltagere`),
  /** Holding a session below its minimum size needs a written reason (see `checkCanHold`). */
  belowMinimumReason: reason.optional(),
});
export type AttendanceInput = z.infer<typeof attendanceInput>;

export const cancelSessionInput = z.strictObject({ reason });

/** Filters for who to invite; every one optional. Query strings arrive as text, so the API converts them first. */
export interface CandidateFilters { targetGroup?: number; pathway?: number; minWeeks?: number; maxWeeks?: number }
export interface CandidateCase { firstAbsenceDay: IsoDate; targetGroup: number | null; pathway: number | null }

/** Whole weeks on benefit, counted from the first day of absence to today. */
export const weeksOnBenefit = (firstAbsenceDay: IsoDate, today: IsoDate) => Math.max(0, Math.floor(daysBetween(firstAbsenceDay, today) / 7));

export function matchesFilters(c: CandidateCase, f: CandidateFilters, today: IsoDate): boolean {
  if (f.targetGroup != null && c.targetGroup !== f.targetGroup) return false;
  if (f.pathway != null && c.pathway !== f.pathway) return false;
  const weeks = weeksOnBenefit(c.firstAbsenceDay, today);
  if (f.minWeeks != null && weeks < f.minWeeks) return false;
  if (f.maxWeeks != null && weeks > f.maxWeeks) return false;
  return true;
}

export interface SessionState { status: 'planned' | 'held' | 'cancelled'; capacity: number; minSize: number; startsAt: Date }

function ensurePlanned(s: SessionState) {
  if (s.status === 'held') throw invalidField('status', 'Gruppeforløbet er allerede holdt');
  if (s.status === 'cancelled') throw invalidField('status', 'Gruppeforløbet er aflyst');
}

/** Who may still be invited: the session is planned and in the future, and there is room for everyone chosen. */
export function checkInvite(s: SessionState, invited: number, adding: number, now: Date) {
  ensurePlanned(s);
  if (s.startsAt <= now) throw invalidField('caseIds', 'Gruppeforløbet er begyndt; der kan ikke inviteres flere');
  const left = s.capacity - invited;
  if (adding > left)
    throw invalidField('caseIds', `Der er ${left} ${left === 1 ? 'ledig plads' : 'ledige pladser'} (${invited} af ${s.capacity} er inviteret); vælg højst ${left}`);
}

/**
 * May the session be recorded as held? It must have begun, and every invited participant must have an attendance.
 * Below the minimum size (fewer invited than min_size) the caseworker must write why it was held anyway: the format
 * is the seeds' 5-7, but a citizen's follow-up (SDL § 13 b) must not be lost because others cancelled, so it is a
 * recorded decision rather than a hard stop.
 */
export function checkCanHold(s: SessionState, invitedMeetingIds: number[], input: AttendanceInput, now: Date) {
  ensurePlanned(s);
  if (s.startsAt > now) throw invalidField('participants', 'Fremmøde kan først registreres, når gruppeforløbet er begyndt');
  if (invitedMeetingIds.length === 0) throw invalidField('participants', 'Ingen borgere er inviteret til gruppeforløbet');
  const invited = new Set(invitedMeetingIds);
  const seen = new Set<number>();
  const issues: { path: string; message: string }[] = [];
  input.participants.forEach((p, i) => {
    if (!invited.has(p.meetingId)) issues.push({ path: `participants.${i}.meetingId`, message: 'Borgeren er ikke inviteret til dette gruppeforløb' });
    else if (seen.has(p.meetingId)) issues.push({ path: `participants.${i}.meetingId`, message: 'Borgeren står der to gange' });
    seen.add(p.meetingId);
  });
  if (issues.length) throw invalid(issues);
  const missing = invitedMeetingIds.filter((id) => !seen.has(id)).length;
  if (missing) throw invalidField('participants', `Registrér fremmøde for alle inviterede (${missing} mangler)`);
  if (invitedMeetingIds.length < s.minSize && !input.belowMinimumReason)
    throw invalidField('belowMinimumReason',
      `Gruppeforløbet har kun ${invitedMeetingIds.length} inviterede, og mindst ${s.minSize} skal være inviteret for at holde det. Aflys det, eller skriv hvorfor det blev holdt alligevel`);
}

export function checkCancel(s: SessionState) {
  ensurePlanned(s);
}
