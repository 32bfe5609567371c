/**
 * SMS reminders of booked meetings: queued in the outbox in the same transaction as the booking, cancelled with the
 * booking, replaced when it is rebooked. Only for citizens who said yes (citizen.sms_opt_in) and have a mobile number.
 */
import type { Queryable } from '../db/engine.ts';
import { cancelMeetingMessages, enqueueMessage } from '../db/outbox.ts';
import { danishWallClock, formatDanish } from '../domain/dates.ts';
import { MEETING_FORMS, type MeetingForm } from '../domain/workspace.ts';
import { reminderAt } from '../rules/reminders.ts';
import type { MunicipalPolicy } from '../rules/policy.ts';
import { fitSms } from '../integrations/sms/gsm.ts';

export const REMINDER = 'meeting-reminder';

/** The reminder in plain Danish, within one SMS of the GSM alphabet (160 characters; æøå are in it). */
export function reminderText(m: { startsAt: Date; form: MeetingForm; place: string | null }, municipality: string): string {
  const { date, time } = danishWallClock(m.startsAt);
  const how = m.form === 'phone' ? 'Vi ringer til dig' : m.form === 'video' ? 'Samtalen er på video' : m.place ? `Sted: ${m.place}` : MEETING_FORMS[m.form];
  const day = formatDanish(date).replace(/ \d{4}$/, '');
  return fitSms(`Påmindelse: Du har samtale med jobcentret ${day} kl. ${time}. ${how}. Kan du ikke komme, så ring til os. Hilsen ${municipality}`).text;
}

export interface ReminderMeeting { id: number; caseId: number; citizenId: number; startsAt: Date; form: MeetingForm; place: string | null }

/**
 * Queues the reminder of a meeting if the citizen wants SMS and the reminder time has not passed the meeting itself;
 * a reminder whose time has passed (a meeting booked for tomorrow at 17:00) goes at once. `key` makes the message
 * unique per booking, so a rebooking gets a new key and the gateway never merges it with the old one.
 */
export async function queueReminder(tx: Queryable, m: ReminderMeeting, policy: MunicipalPolicy, now: Date, key: string): Promise<number | null> {
  if (m.startsAt <= now) return null;
  const [c] = await tx.query<{ phone: string | null; sms_opt_in: boolean }>('SELECT phone, sms_opt_in FROM citizen WHERE id = $1', [m.citizenId]);
  if (!c?.sms_opt_in || !c.phone) return null;
  const at = reminderAt(danishWallClock(m.startsAt).date, policy);
  if (!at) return null;
  const [muni] = await tx.query<{ name: string }>('SELECT name FROM municipality ORDER BY code LIMIT 1');
  return enqueueMessage(tx, {
    channel: 'sms', purpose: REMINDER, caseId: m.caseId, citizenId: m.citizenId, meetingId: m.id, recipient: c.phone,
    body: reminderText(m, muni?.name ?? 'jobcentret'), idempotencyKey: key, sendAfter: at > now ? at : now, now,
  });
}

export const cancelReminder = (tx: Queryable, meetingId: number, reason: string, now: Date) => cancelMeetingMessages(tx, meetingId, reason, now, REMINDER);
