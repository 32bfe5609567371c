/**
 * Group sessions: one session row for the team, one follow_up_meeting per participant on the participant's own case.
 * Inviting, recording attendance and cancelling change several cases at once, so each is one transaction in which
 * every participant's case is written through the case write path (mutateCaseIn: lock, check team, action, audit,
 * plan) — all or nothing.
 */
import type { Ctx } from './context.ts';
import type { Queryable } from '../db/engine.ts';
import { auditAs } from './context.ts';
import { mutateCaseIn } from './caseWrite.ts';
import { bookMeetingIn, recordMeetingIn } from './workspace.ts';
import { cancelReminder } from './reminders.ts';
import { assertFree } from './calendar.ts';
import { can, require, seesAllTeams } from '../domain/permissions.ts';
import { forbidden, invalidField, notFound } from '../domain/errors.ts';
import { danishWallClock, instantInDenmark } from '../domain/dates.ts';
import * as W from '../domain/workspace.ts';
import * as G from '../domain/groupSessions.ts';
import type { z } from 'zod';

interface SessionRow {
  id: number; teamId: number; hostId: number; host: string | null; theme: G.GroupTheme; startsAt: string; endsAt: string;
  roomId: number | null; room: string | null; videoLink: string | null; capacity: number; minSize: number; status: 'planned' | 'held' | 'cancelled';
}
const SESSION_COLUMNS = `s.id, s.team_id AS "teamId", s.host_id AS "hostId", u.name AS host, s.theme, s.starts_at AS "startsAt", s.ends_at AS "endsAt",
  s.room_id AS "roomId", r.name AS room, s.video_link AS "videoLink", s.capacity, s.min_size AS "minSize", s.status`;
const SESSION_FROM = 'group_session s LEFT JOIN app_user u ON u.id = s.host_id LEFT JOIN room r ON r.id = s.room_id';

interface ParticipantRow { meetingId: number; caseId: number; citizenId: number; citizenName: string; status: string; attendance: string | null; version: number }

const stateOf = (s: SessionRow): G.SessionState => ({ status: s.status, capacity: s.capacity, minSize: s.minSize, startsAt: new Date(s.startsAt) });

/** The actor's team; a session belongs to the host's team and is worked by that team only. */
function ownTeam(ctx: Ctx): number {
  require(ctx.actor, 'case:write');
  if (ctx.actor.teamId == null) throw forbidden('Du er ikke med i et team.');
  return ctx.actor.teamId;
}

async function loadSession(q: Queryable, ctx: Ctx, id: number, perm: 'case:read' | 'case:write', lock = false): Promise<SessionRow> {
  if (lock) await q.query('SELECT id FROM group_session WHERE id = $1 FOR UPDATE', [id]);
  const [s] = await q.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`, [id]);
  if (!s) throw notFound('Gruppeforløbet');
  require(ctx.actor, perm);
  const readsAll = perm === 'case:read' && seesAllTeams(ctx.actor);
  if (!readsAll && ctx.actor.teamId !== s.teamId) throw forbidden('Gruppeforløbet hører til et andet team.');
  return s;
}

/** Invited participants: the group meetings not cancelled one by one on their case (all of them once the session is cancelled). */
const participantsOf = (q: Queryable, sessionIds: number[]) => q.query<ParticipantRow & { sessionId: number }>(
  `SELECT m.group_session_id AS "sessionId", m.id AS "meetingId", c.id AS "caseId", c.citizen_id AS "citizenId", ci.name AS "citizenName",
          m.status, m.attendance, c.version
     FROM follow_up_meeting m JOIN group_session g ON g.id = m.group_session_id JOIN sb_case c ON c.id = m.case_id JOIN citizen ci ON ci.id = c.citizen_id
    WHERE m.group_session_id = ANY($1::int[]) AND (m.status <> 'cancelled' OR g.status = 'cancelled') ORDER BY ci.name, m.id`, [sessionIds]);

function present(ctx: Ctx, s: SessionRow, participants: ParticipantRow[]) {
  const identify = can(ctx.actor, 'citizen:identify');
  return {
    ...s, themeLabel: G.GROUP_THEMES[s.theme] ?? s.theme,
    startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(),
    invited: participants.length,
    participants: participants.map((p) => ({ meetingId: p.meetingId, caseId: p.caseId, citizenName: identify ? p.citizenName : null, status: p.status, attendance: p.attendance })),
  };
}

/** Coming sessions (and those of the last 30 days) of the actor's team, with participants; reading names is audited. */
export async function listSessions(ctx: Ctx) {
  require(ctx.actor, 'case:read');
  return ctx.db.transaction(async (tx) => {
    const sessions = await tx.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM}
        WHERE ($1::boolean OR s.team_id = $2) AND (s.status = 'planned' OR s.ends_at >= $3)
        ORDER BY s.starts_at, s.id LIMIT 200`,
      [seesAllTeams(ctx.actor), ctx.actor.teamId, new Date(ctx.now.getTime() - 30 * 86_400_000)]);
    const participants = sessions.length ? await participantsOf(tx, sessions.map((s) => s.id)) : [];
    await auditShown(ctx, tx, participants, 'group-sessions');
    const rooms = await tx.query<{ id: number; name: string; capacity: number }>('SELECT id, name, capacity FROM room WHERE active ORDER BY name');
    return { today: ctx.today, rooms, sessions: sessions.map((s) => present(ctx, s, participants.filter((p) => p.sessionId === s.id))) };
  });
}

export async function getSession(ctx: Ctx, id: number) {
  return ctx.db.transaction(async (tx) => {
    const s = await loadSession(tx, ctx, id, 'case:read');
    const participants = await participantsOf(tx, [id]);
    await auditShown(ctx, tx, participants, 'group-session');
    return present(ctx, s, participants);
  });
}

async function auditShown(ctx: Ctx, tx: Queryable, participants: ParticipantRow[], view: string) {
  if (!can(ctx.actor, 'citizen:identify') || !participants.length) return;
  await auditAs(ctx, tx, participants.map((p) => ({ operation: 'read' as const, entity: 'case', entityId: p.caseId, citizenId: p.citizenId, details: { view } })));
}

/** Creates a session hosted by the caseworker for their team; the host and the room must be free (no double booking). */
export async function createSession(ctx: Ctx, input: G.CreateSessionInput) {
  const teamId = ownTeam(ctx);
  const startsAt = instantInDenmark(input.date, input.time);
  const endsAt = new Date(startsAt.getTime() + (input.durationMinutes ?? 90) * 60_000);
  if (startsAt <= ctx.now) throw invalidField('date', 'Et gruppeforløb kan ikke oprettes i fortiden');
  return ctx.db.transaction(async (tx) => {
    if (input.roomId) {
      const [room] = await tx.query<{ capacity: number; active: boolean }>('SELECT capacity, active FROM room WHERE id = $1', [input.roomId]);
      if (!room || !room.active) throw invalidField('roomId', 'Lokalet findes ikke');
      // The host is in the room too.
      const capacity = input.capacity ?? G.DEFAULT_CAPACITY;
      if (room.capacity < capacity + 1) throw invalidField('capacity', `Lokalet har plads til ${room.capacity} personer inkl. mødelederen; vælg højst ${room.capacity - 1} pladser eller et større lokale`);
    }
    await assertFree(tx, { hostId: ctx.actor.id, roomId: input.roomId ?? null, startsAt, endsAt });
    const [s] = await tx.query<{ id: number }>(
      `INSERT INTO group_session (team_id, host_id, theme, starts_at, ends_at, room_id, video_link, capacity, min_size, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'planned', $10) RETURNING id`,
      [teamId, ctx.actor.id, input.theme, startsAt, endsAt, input.roomId ?? null, input.videoLink || null,
        input.capacity ?? G.DEFAULT_CAPACITY, input.minSize ?? G.DEFAULT_MIN_SIZE, ctx.now]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'group_session', entityId: s.id, details: { action: 'created', theme: input.theme } });
    const [row] = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`, [s.id]);
    return present(ctx, row, []);
  });
}

/**
 * Citizens who could be invited: the team's open cases not already in this session, filtered by target group, weeks on
 * benefit (first day of absence to today) and pathway. Names are shown, so each case listed is audited as read.
 */
export async function candidates(ctx: Ctx, sessionId: number, f: G.CandidateFilters) {
  return ctx.db.transaction(async (tx) => {
    const s = await loadSession(tx, ctx, sessionId, 'case:write');
    const rows = await tx.query<{ caseId: number; citizenId: number; citizenName: string; firstAbsenceDay: string; targetGroup: number | null; pathway: number | null; kind: string; caseworker: string | null }>(
      `SELECT c.id AS "caseId", c.citizen_id AS "citizenId", ci.name AS "citizenName", c.first_absence_day AS "firstAbsenceDay",
              c.target_group AS "targetGroup", c.pathway, c.kind, u.name AS caseworker
         FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id LEFT JOIN app_user u ON u.id = c.caseworker_id
        WHERE c.team_id = $1 AND c.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM follow_up_meeting m WHERE m.case_id = c.id AND m.group_session_id = $2 AND m.status <> 'cancelled')
        ORDER BY ci.name, c.id`, [s.teamId, sessionId]);
    const shown = rows.filter((c) => G.matchesFilters(c, f, ctx.today)).slice(0, 200)
      .map((c) => ({ ...c, weeksOnBenefit: G.weeksOnBenefit(c.firstAbsenceDay, ctx.today) }));
    if (shown.length) await auditAs(ctx, tx, shown.map((c) => ({ operation: 'read' as const, entity: 'case', entityId: c.caseId, citizenId: c.citizenId, details: { view: 'group-session-candidates' } })));
    return { sessionId, today: ctx.today, candidates: shown.map(({ citizenId: _c, ...c }) => c) };
  });
}

const sessionWallClock = (s: SessionRow) => {
  const startsAt = new Date(s.startsAt);
  const { date, time } = danishWallClock(startsAt);
  return { date, time, minutes: Math.round((new Date(s.endsAt).getTime() - startsAt.getTime()) / 60_000) };
};
const currentVersion = async (tx: Queryable, caseId: number) =>
  (await tx.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [caseId]))[0]?.version;

/** Invites the chosen citizens: each gets a group meeting on their case (and its SMS reminder), all in one transaction. */
export async function invite(ctx: Ctx, sessionId: number, input: z.infer<typeof G.inviteInput>) {
  const caseIds = [...new Set(input.caseIds)];
  return ctx.db.transaction(async (tx) => {
    const s = await loadSession(tx, ctx, sessionId, 'case:write', true);
    const existing = await participantsOf(tx, [sessionId]);
    G.checkInvite(stateOf(s), existing.length, caseIds.length, ctx.now);
    const already = caseIds.findIndex((id) => existing.some((p) => p.caseId === id));
    if (already >= 0) throw invalidField(`caseIds.${already}`, 'Borgeren er allerede inviteret');
    const at = sessionWallClock(s);
    for (const caseId of caseIds) {
      const version = await currentVersion(tx, caseId);
      if (version == null) throw notFound('Sagen');
      // Durations over 4 hours do not occur: the session schema caps them at 240 minutes, as the meeting's does.
      await bookMeetingIn(ctx, tx, caseId, { version, plannedFor: at.date, time: at.time, durationMinutes: at.minutes, form: 'group', roomId: s.roomId, videoLink: s.videoLink }, sessionId);
    }
    await auditAs(ctx, tx, { operation: 'write', entity: 'group_session', entityId: sessionId, details: { action: 'invited', cases: caseIds.length } });
    return present(ctx, s, await participantsOf(tx, [sessionId]));
  });
}

/**
 * Records attendance for every participant: each is a follow-up meeting on the participant's case, whose plan is
 * recomputed in this same transaction; then the session is held.
 */
export async function recordAttendance(ctx: Ctx, sessionId: number, input: G.AttendanceInput) {
  return ctx.db.transaction(async (tx) => {
    const s = await loadSession(tx, ctx, sessionId, 'case:write', true);
    const invited = (await participantsOf(tx, [sessionId])).filter((p) => p.status === 'planned');
    G.checkCanHold(stateOf(s), invited.map((p) => p.meetingId), input, ctx.now);
    const heldOn = sessionWallClock(s).date;
    for (const p of input.participants) {
      const caseId = invited.find((i) => i.meetingId === p.meetingId)!.caseId;
      const version = await currentVersion(tx, caseId);
      await recordMeetingIn(ctx, tx, caseId, { version, meetingId: p.meetingId, heldOn, form: 'group', attendance: p.attendance });
    }
    await tx.query(`UPDATE group_session SET status = 'held' WHERE id = $1`, [sessionId]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'group_session', entityId: sessionId,
      details: { action: 'held', participants: invited.length, attended: input.participants.filter((p) => p.attendance === 'attended').length,
        ...(invited.length < s.minSize ? { belowMinimumReason: input.belowMinimumReason } : {}) } });
    return present(ctx, { ...s, status: 'held' }, await participantsOf(tx, [sessionId]));
  });
}

/** Cancels the session: every participant's meeting is cancelled on their case and its reminder is never sent. */
export async function cancelSession(ctx: Ctx, sessionId: number, input: z.infer<typeof G.cancelSessionInput>) {
  return ctx.db.transaction(async (tx) => {
    const s = await loadSession(tx, ctx, sessionId, 'case:write', true);
    G.checkCancel(stateOf(s));
    const invited = (await participantsOf(tx, [sessionId])).filter((p) => p.status === 'planned');
    for (const p of invited) {
      await mutateCaseIn(ctx, tx, p.caseId, 'case:write', async (state, t) => {
        const action = W.cancelMeeting(state, state.version, { id: p.meetingId, status: p.status }, input.reason);
        await cancelReminder(t, p.meetingId, 'Gruppeforløbet er aflyst', ctx.now);
        await t.query(`UPDATE follow_up_meeting SET status = 'cancelled', cancel_reason = $2 WHERE id = $1`, [p.meetingId, input.reason]);
        return action;
      });
    }
    await tx.query(`UPDATE group_session SET status = 'cancelled' WHERE id = $1`, [sessionId]);
    await auditAs(ctx, tx, { operation: 'write', entity: 'group_session', entityId: sessionId, details: { action: 'cancelled', participants: invited.length } });
    return present(ctx, { ...s, status: 'cancelled' }, await participantsOf(tx, [sessionId]));
  });
}
