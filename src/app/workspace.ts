/** Meetings, tasks and notes on a case: each one row plus one case action, in one transaction. */
import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { mutateCase } from './caseWrite.ts';
import * as W from '../domain/workspace.ts';
import type { z } from 'zod';
import { invalidField, notFound } from '../domain/errors.ts';

export function bookMeeting(ctx: Ctx, caseId: number, input: z.infer<typeof W.bookMeetingInput>) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
    const [m] = await tx.query<{ id: number }>(
      `INSERT INTO follow_up_meeting (case_id, status, planned_for, form, recorded_by, recorded_at) VALUES ($1, 'planned', $2, $3, $4, $5) RETURNING id`,
      [caseId, input.plannedFor, input.form, ctx.actor.id, ctx.now]);
    return W.bookMeeting(state, input.version, m.id, input.plannedFor, input.form, ctx.today);
  });
}

export function recordMeeting(ctx: Ctx, caseId: number, input: W.RecordMeetingInput) {
  return mutateCase(ctx, caseId, 'case:write', async (state, tx) => {
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
    }
    return W.recordMeeting(state, id, input, ctx.today);
  });
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
  const meetings = await q.query<{ id: number; status: string; plannedFor: string | null; heldOn: string | null; form: string; attendance: string | null; notes: string | null; recordedBy: string | null }>(
    `SELECT m.id, m.status, m.planned_for AS "plannedFor", m.held_on AS "heldOn", m.form, m.attendance, m.notes, u.name AS "recordedBy"
       FROM follow_up_meeting m LEFT JOIN app_user u ON u.id = m.recorded_by WHERE m.case_id = $1 ORDER BY COALESCE(m.held_on, m.planned_for) DESC, m.id DESC`, [caseId]);
  const tasks = await q.query<{ id: number; title: string; due: string; doneAt: string | null; createdBy: string | null }>(
    `SELECT t.id, t.title, t.due, t.done_at AS "doneAt", u.name AS "createdBy" FROM case_task t LEFT JOIN app_user u ON u.id = t.created_by WHERE t.case_id = $1 ORDER BY t.done_at NULLS FIRST, t.due`, [caseId]);
  const notes = await q.query<{ id: number; text: string; health: boolean; author: string | null; at: string }>(
    `SELECT n.id, n.body AS text, n.health, u.name AS author, n.created_at AS at FROM case_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.case_id = $1 ORDER BY n.created_at DESC, n.id DESC`, [caseId]);
  return { meetings, tasks, notes };
}
