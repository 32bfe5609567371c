/** Meetings, tasks and notes on a case: each one row plus one case action, in one transaction. */
import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { mutateCase, mutateCaseIn } from './caseWrite.ts';
import { auditAs } from './context.ts';
import { loadCaseForUpdate } from '../db/caseStore.ts';
import { requireCaseAccess } from '../domain/permissions.ts';
import type { CaseRow } from '../db/caseStore.ts';
import type { CaseActionBody } from '../domain/case.ts';
import { instantInDenmark } from '../domain/dates.ts';
import { cancelReminder, queueReminder } from './reminders.ts';
import { policyInForce } from './plans.ts';
import { assertFree } from './calendar.ts';
import * as W from '../domain/workspace.ts';
import type { z } from 'zod';
import { invalidField, notFound } from '../domain/errors.ts';

/** Books a meeting at a time, with the case's caseworker as host, checks the calendar, and queues the SMS reminder. */
export function bookMeeting(ctx: Ctx, caseId: number, input: W.BookMeetingInput) {
  return mutateCase(ctx, caseId, 'case:write', (state, tx) => bookMeetingDecision(ctx, tx, state, input));
}

/** The same inside a transaction the caller holds (a group session books every participant in one). */
export function bookMeetingIn(ctx: Ctx, tx: Queryable, caseId: number, input: W.BookMeetingInput, groupSessionId?: number) {
  return mutateCaseIn(ctx, tx, caseId, 'case:write', (state, t) => bookMeetingDecision(ctx, t, state, input, groupSessionId));
}

async function bookMeetingDecision(ctx: Ctx, tx: Queryable, state: CaseRow, input: W.BookMeetingInput, groupSessionId?: number): Promise<CaseActionBody> {
  const startsAt = instantInDenmark(input.plannedFor, input.time);
  const endsAt = new Date(startsAt.getTime() + (input.durationMinutes ?? 60) * 60_000);
  const hostId = state.caseworkerId ?? ctx.actor.id;
  // A group session books its own room and host once; each participant's meeting only points at it.
  if (!groupSessionId) await assertFree(tx, { hostId, roomId: input.roomId ?? null, startsAt, endsAt });
  const [m] = await tx.query<{ id: number }>(
    `INSERT INTO follow_up_meeting (case_id, status, planned_for, form, recorded_by, recorded_at, starts_at, ends_at, host_id, room_id, video_link, group_session_id)
     VALUES ($1, 'planned', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [state.id, input.plannedFor, input.form, ctx.actor.id, ctx.now, startsAt, endsAt, hostId, input.roomId ?? null, input.videoLink || null, groupSessionId ?? null]);
  for (const p of input.participants ?? [])
    await tx.query('INSERT INTO meeting_participant (meeting_id, case_id, kind, name, role, phone, email) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [m.id, state.id, p.kind, p.name, p.role || null, p.phone || null, p.email || null]);
  const action = W.bookMeeting(state, input.version, m.id, input.plannedFor, input.form, startsAt, ctx.now, groupSessionId);
  await queueReminder(tx, { id: m.id, caseId: state.id, citizenId: state.citizenId, startsAt, form: input.form, place: await placeOf(tx, input.roomId) },
    await policyInForce(tx, ctx.today), ctx.now, `reminder-m${m.id}-v${state.version + 1}`);
  return action;
}

const placeOf = async (tx: Queryable, roomId: number | null | undefined) =>
  roomId ? (await tx.query<{ name: string }>('SELECT name FROM room WHERE id = $1', [roomId]))[0]?.name ?? null : null;

async function plannedMeeting(tx: Queryable, caseId: number, meetingId: number) {
  const [m] = await tx.query<{ id: number; status: string; startsAt: string | null; endsAt: string | null; form: W.MeetingForm; roomId: number | null; hostId: number | null; groupSessionId: number | null }>(
    `SELECT id, status, starts_at AS "startsAt", ends_at AS "endsAt", form, room_id AS "roomId", host_id AS "hostId", group_session_id AS "groupSessionId"
       FROM follow_up_meeting WHERE id = $1 AND case_id = $2 FOR UPDATE`, [meetingId, caseId]);
  if (!m) throw notFound('Samtalen');
  return m;
}

/** Moves a booked meeting: the old reminder is cancelled in the same transaction and a new one queued. */
export function rebookMeeting(ctx: Ctx, caseId: number, meetingId: number, input: z.infer<typeof W.rebookMeetingInput>) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const m = await plannedMeeting(tx, caseId, meetingId);
    if (m.groupSessionId) throw invalidField('meetingId', 'Et gruppeforløb flyttes fra gruppeforløbets side');
    const startsAt = instantInDenmark(input.plannedFor, input.time);
    const minutes = input.durationMinutes ?? (m.startsAt && m.endsAt ? (Date.parse(m.endsAt) - Date.parse(m.startsAt)) / 60_000 : 60);
    const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
    const roomId = input.roomId === undefined ? m.roomId : input.roomId;
    const action = W.rebookMeeting(state, input.version, m, startsAt, ctx.now, input.reason);
    await assertFree(tx, { hostId: m.hostId ?? state.caseworkerId ?? ctx.actor.id, roomId, startsAt, endsAt, excludeMeetingId: m.id });
    await cancelReminder(tx, m.id, 'Samtalen er flyttet', ctx.now);
    await tx.query('UPDATE follow_up_meeting SET planned_for = $2, starts_at = $3, ends_at = $4, room_id = $5 WHERE id = $1', [m.id, input.plannedFor, startsAt, endsAt, roomId]);
    await queueReminder(tx, { id: m.id, caseId, citizenId: state.citizenId, startsAt, form: m.form, place: await placeOf(tx, roomId) },
      await policyInForce(tx, ctx.today), ctx.now, `reminder-m${m.id}-v${state.version + 1}`);
    return action;
  });
}

/** Cancels a booked meeting with a reason; its reminder is cancelled in the same transaction and never sent. */
export function cancelMeeting(ctx: Ctx, caseId: number, meetingId: number, input: z.infer<typeof W.cancelMeetingInput>) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const m = await plannedMeeting(tx, caseId, meetingId);
    const action = W.cancelMeeting(state, input.version, m, input.reason);
    await cancelReminder(tx, m.id, 'Samtalen er aflyst', ctx.now);
    await tx.query(`UPDATE follow_up_meeting SET status = 'cancelled', cancel_reason = $2 WHERE id = $1`, [m.id, input.reason]);
    return action;
  });
}

export function recordMeeting(ctx: Ctx, caseId: number, input: W.RecordMeetingInput) {
  return mutateCase(ctx, caseId, 'case:write', (state, tx) => recordMeetingDecision(ctx, tx, state, caseId, input));
}

/** The same inside a transaction the caller holds (a group session records every participant's attendance in one). */
export function recordMeetingIn(ctx: Ctx, tx: Queryable, caseId: number, input: W.RecordMeetingInput) {
  return mutateCaseIn(ctx, tx, caseId, 'case:write', (state, t) => recordMeetingDecision(ctx, t, state, caseId, input));
}

async function recordMeetingDecision(ctx: Ctx, tx: Queryable, state: CaseRow, caseId: number, input: W.RecordMeetingInput): Promise<CaseActionBody> {
  {
    const status = input.attendance === 'attended' ? 'held' : 'no_show';
    let id: number;
    if (input.meetingId) {
      const [m] = await tx.query<{ id: number; status: string }>('SELECT id, status FROM follow_up_meeting WHERE id = $1 AND case_id = $2 FOR UPDATE', [input.meetingId, caseId]);
      if (!m) throw invalidField('meetingId', 'Mødet findes ikke på denne sag');
      if (m.status !== 'planned') throw invalidField('meetingId', 'Mødet er allerede registreret');
      await tx.query('UPDATE follow_up_meeting SET status = $2, held_on = $3, form = $4, attendance = $5, notes = $6, recorded_by = $7, recorded_at = $8 WHERE id = $1',
        [m.id, status, input.heldOn, input.form, input.attendance, input.notes || null, ctx.actor.id, ctx.now]);
      id = m.id;
    } else {
      const [m] = await tx.query<{ id: number }>(
        `INSERT INTO follow_up_meeting (case_id, status, held_on, form, attendance, notes, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [caseId, status, input.heldOn, input.form, input.attendance, input.notes || null, ctx.actor.id, ctx.now]);
      id = m.id;
      // Recorded before its reminder went (held early, or a no-show noted at once): the reminder is not sent.
      await cancelReminder(tx, m.id, 'Samtalen er registreret', ctx.now);
    }
    return W.recordMeeting(state, id, input, ctx.today);
  }
}

export function createTask(ctx: Ctx, caseId: number, input: z.infer<typeof W.createTaskInput>) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const [t] = await tx.query<{ id: number }>('INSERT INTO case_task (case_id, title, due, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [caseId, input.title, input.due, ctx.actor.id, ctx.now]);
    return W.createTask(state, t.id, input.title, input.due);
  });
}

export function completeTask(ctx: Ctx, caseId: number, taskId: number) {
  return mutateCase(ctx, caseId, 'case:write', async (_state, tx) => {
    const [t] = await tx.query<{ id: number; title: string; doneAt: string | null }>('SELECT id, title, done_at AS "doneAt" FROM case_task WHERE id = $1 AND case_id = $2 FOR UPDATE', [taskId, caseId]);
    if (!t) throw notFound('Opgaven');
    const action = W.completeTask(t);
    await tx.query('UPDATE case_task SET done_at = $3, done_by = $2 WHERE id = $1', [taskId, ctx.actor.id, ctx.now]);
    return action;
  });
}

export function addNote(ctx: Ctx, caseId: number, input: z.infer<typeof W.addNoteInput>) {
  return mutateCase(ctx, caseId, 'case:write', async (_state, tx) => {
    const [n] = await tx.query<{ id: number }>('INSERT INTO case_note (case_id, body, author_id, health, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [caseId, input.text, ctx.actor.id, input.health ?? false, ctx.now]);
    return W.addNote(n.id, input.text, input.health ?? false);
  });
}

/** What the case page shows beside the facts, unfiltered: app/present.ts decides what each role sees of it. */
export async function loadWorkspace(q: Queryable, caseId: number) {
  const meetings = await q.query<{ id: number; status: string; plannedFor: string | null; startsAt: string | null; endsAt: string | null; heldOn: string | null; form: string; attendance: string | null; notes: string | null; recordedBy: string | null; room: string | null; videoLink: string | null; groupSessionId: number | null; cancelReason: string | null; minutes: Record<string, unknown> | null; participants: ParticipantRow[] }>(
    `SELECT m.id, m.status, m.planned_for AS "plannedFor", m.starts_at AS "startsAt", m.ends_at AS "endsAt", m.held_on AS "heldOn", m.form, m.attendance, m.notes,
            u.name AS "recordedBy", r.name AS room, m.video_link AS "videoLink", m.group_session_id AS "groupSessionId", m.cancel_reason AS "cancelReason", m.minutes,
            COALESCE((SELECT json_agg(json_build_object('id', p.id, 'kind', p.kind, 'name', p.name, 'role', p.role, 'phone', p.phone, 'email', p.email) ORDER BY p.id)
                        FROM meeting_participant p WHERE p.meeting_id = m.id), '[]'::json) AS participants
       FROM follow_up_meeting m LEFT JOIN app_user u ON u.id = m.recorded_by LEFT JOIN room r ON r.id = m.room_id
      WHERE m.case_id = $1 ORDER BY COALESCE(m.held_on, m.planned_for) DESC, m.id DESC`, [caseId]);
  const tasks = await q.query<{ id: number; title: string; due: string; doneAt: string | null; createdBy: string | null }>(
    `SELECT t.id, t.title, t.due, t.done_at AS "doneAt", u.name AS "createdBy" FROM case_task t LEFT JOIN app_user u ON u.id = t.created_by WHERE t.case_id = $1 ORDER BY t.done_at NULLS FIRST, t.due`, [caseId]);
  const notes = await q.query<{ id: number; text: string; health: boolean; author: string | null; at: string }>(
    `SELECT n.id, n.body AS text, n.health, u.name AS author, n.created_at AS at FROM case_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at DESC, n.id DESC`, [caseId]);
  return { meetings, tasks, notes };
}
export interface ParticipantRow { id: number; kind: string; name: string; role: string | null; phone: string | null; email: string | null }

/**
 * The citizen's consent to SMS reminders, recorded with its date. Saying no cancels the reminders not yet sent; saying
 * yes queues them for the meetings already booked.
 */
export async function setSmsConsent(ctx: Ctx, caseId: number, input: { optIn: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const state = await loadCaseForUpdate(tx, caseId);
    requireCaseAccess(ctx.actor, 'case:write', state);
    await tx.query('UPDATE citizen SET sms_opt_in = $2, sms_opt_changed_at = $3 WHERE id = $1', [state.citizenId, input.optIn, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'citizen', entityId: state.citizenId, citizenId: state.citizenId, details: { smsOptIn: input.optIn } });
    const planned = await tx.query<{ id: number; case_id: number; starts_at: string; form: W.MeetingForm; room: string | null }>(
      `SELECT m.id, m.case_id, m.starts_at, m.form, r.name AS room FROM follow_up_meeting m JOIN sb_case c ON c.id = m.case_id LEFT JOIN room r ON r.id = m.room_id
        WHERE c.citizen_id = $1 AND m.status = 'planned' AND m.starts_at > $2`, [state.citizenId, ctx.now]);
    const policy = await policyInForce(tx, ctx.today);
    let reminders = 0;
    for (const m of planned) {
      await cancelReminder(tx, m.id, input.optIn ? 'Ny påmindelse efter samtykke' : 'Borgeren har fravalgt SMS', ctx.now);
      if (input.optIn && await queueReminder(tx, { id: m.id, caseId: m.case_id, citizenId: state.citizenId, startsAt: new Date(m.starts_at), form: m.form, place: m.room }, policy, ctx.now, `reminder-m${m.id}-consent-${ctx.now.getTime()}`)) reminders++;
    }
    return { optIn: input.optIn, changedAt: ctx.now.toISOString(), remindersQueued: reminders };
  });
}
