/**
 * Letters to a citizen: the inputs, when an approved letter may go, and what its status is called. Pure; the use
 * cases are in src/app/letters.ts.
 */
import { z } from 'zod';
import { dbId, reasonField } from './caseFields.ts';
import { instantInDenmark, type IsoDate } from './dates.ts';
import { invalidField } from './errors.ts';

export const templateIdField = z.string({ error: 'Vælg en brevskabelon' }).regex(/^[a-z][a-z0-9-]{0,62}$/, 'Ukendt brevskabelon');

/**
 * Sending a decision letter at once (on a Friday or before a closed day) needs a reason, recorded and counted in the
 * weekly results (seed 000: "medmindre det er absolut nødvendigt").
 */
export const sendNowReasonField = reasonField.describe('Hvorfor brevet skal sendes nu, selv om det er fredag eller dagen før en lukkedag');

export const createLetterInput = z.strictObject({
  template: templateIdField,
  /** Approve for sending at once; without it the letter is a draft. */
  approve: z.literal(true, { error: 'approve kan kun være true' }).optional(),
  sendNowReason: sendNowReasonField.optional(),
  /** The inquiry this letter answers (the answer template). */
  inquiryId: dbId('Henvendelsen').optional(),
});
export type CreateLetterInput = z.infer<typeof createLetterInput>;

export const approveLetterInput = z.strictObject({ sendNowReason: sendNowReasonField.optional() });
export const sendNowInput = z.strictObject({ reason: sendNowReasonField });
export const cancelLetterInput = z.strictObject({ reason: reasonField });

export type LetterKind = 'information' | 'decision' | 'hearing' | 'answer' | 'minutes';

export interface DispatchPlan {
  scheduledFor: IsoDate;
  /** The dispatch policy moved the letter to a later day. */
  held: boolean;
}

/**
 * When an approved letter goes. Only decision letters follow the dispatch policy (seed 000, rules/letters.ts
 * `dispatchDate`): a letter approved on a day it may not go is held to `allowedDay`, unless a reason to send it now is
 * given. Other letters (invitations, requests, answers) go the day they are approved: holding an invitation would only
 * shorten the citizen's notice.
 */
export function dispatchPlan(kind: LetterKind, today: IsoDate, allowedDay: IsoDate, sendNowReason: string | undefined): DispatchPlan {
  if (sendNowReason !== undefined && kind !== 'decision')
    throw invalidField('sendNowReason', 'Kun afgørelser holdes tilbage; dette brev sendes allerede i dag');
  if (kind !== 'decision' || sendNowReason !== undefined || allowedDay <= today) return { scheduledFor: today, held: false };
  return { scheduledFor: allowedDay, held: true };
}

/** A held letter goes to Digital Post at 08:00 on its day; one for today goes now. */
export const sendAfterOf = (scheduledFor: IsoDate, today: IsoDate, now: Date): Date =>
  scheduledFor <= today ? now : instantInDenmark(scheduledFor, '08:00');

export const LETTER_STATUSES = {
  draft: 'Udkast',
  held: 'Holdt tilbage',
  queued: 'Klar til afsendelse',
  sent: 'Sendt med Digital Post',
  delivered: 'Leveret i Digital Post',
  failed: 'Kunne ikke sendes',
  'print-queued': 'Venter på print',
  printed: 'Printet og sendt med posten',
  cancelled: 'Annulleret',
} as const;
export type LetterStatus = keyof typeof LETTER_STATUSES;

/** The status a person reads, from the letter row, its outbox message (Digital Post) or print batch (paper). */
export function letterStatus(l: {
  status: 'draft' | 'approved' | 'cancelled'; delivery: 'digital-post' | 'print' | null; scheduledFor: IsoDate | null;
  messageStatus: string | null; printed: boolean;
}, today: IsoDate): LetterStatus {
  if (l.status === 'draft' || l.status === 'cancelled') return l.status;
  if (l.delivery === 'print') return l.printed ? 'printed' : l.scheduledFor! > today ? 'held' : 'print-queued';
  switch (l.messageStatus) {
    case 'sent': return 'sent';
    case 'delivered': return 'delivered';
    case 'failed': return 'failed';
    case 'cancelled': return 'cancelled';
    default: return l.scheduledFor! > today ? 'held' : 'queued';
  }
}
