/**
 * Unhandled events (issue 14): what reached a case from outside, or what retur saw happen, that a caseworker must look
 * at. Norway's follow-up overview marks a person whenever something is unhandled; retur puts each one on the worklist
 * between the overdue deadlines and today's work, until someone handles it.
 */
import * as z from 'zod';

/** Event kinds with the Danish words the worklist shows. */
export const EVENT_KINDS = {
  'meeting-confirmed': 'Samtale bekræftet',
  'meeting-declined': 'Kan ikke komme til samtale',
  'meeting-move-requested': 'Ønsker samtalen flyttet',
  message: 'Besked fra borgeren',
  'information-form-returned': 'Oplysningsskema modtaget',
  'document-uploaded': 'Dokument uploadet',
  'medical-statement-received': 'Lægeattest modtaget',
  'medical-statement-overdue': 'Lægeattest ikke modtaget',
  'employer-request': 'Anmodning fra arbejdsgiver',
  'employer-meeting-need': 'Arbejdsgiver ønsker møde',
  'hearing-deadline-passed': 'Svarfrist i partshøring udløbet',
  'sms-undeliverable': 'SMS kunne ikke leveres',
  'letter-returned': 'Brev kom retur',
} as const;
export type EventKind = keyof typeof EVENT_KINDS;
export const EVENT_KIND_LIST = Object.keys(EVENT_KINDS) as [EventKind, ...EventKind[]];

export type EventOrigin = 'citizen' | 'employer' | 'gp' | 'system';

export const handleEventInput = z.strictObject({
  note: z.string({ error: 'Noten skal være tekst' }).trim().max(2000, 'Noten må højst være 2000 tegn').optional(),
});
export type HandleEventInput = z.infer<typeof handleEventInput>;

/** Whole days an event has waited, counted on the calendar in Denmark (the team leader's "age"). */
export function daysWaiting(occurredOn: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(today) - Date.parse(occurredOn)) / 86_400_000));
}
