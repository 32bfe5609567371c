/**
 * What every outgoing channel (SMS, Digital Post, e-mail) looks like to the outbox worker (src/jobs/outbox.ts): a
 * function that hands one message to the outside system and resolves with that system's id for it, or throws a
 * DeliveryError saying whether trying again can help. The message is the outbox row as written in the case action's
 * transaction: `body` is already the channel's wire payload (the SMS text, the MeMo XML, the e-mail as JSON).
 */
export interface OutgoingMessage {
  recipient: string;
  body: string;
  /** Unique per message; the receiving system honours it, so a re-send after a crash is not a second message. */
  idempotencyKey: string;
}

export type Sender = (m: OutgoingMessage) => Promise<{ providerId: string }>;

/** A failed hand-over. `permanent`: trying again cannot help (the worker gives up at once). */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'DeliveryError';
  }
}
