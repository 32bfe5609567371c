/**
 * Outgoing e-mail: the outbox's sender for the 'email' channel, through the municipality's SMTP relay
 * (RETUR_SMTP_RELAY_URL, e.g. smtp://relay.kommune.example:25) with nodemailer. The demo and the tests use the local
 * sink (sink.ts) as the relay.
 *
 * Wire format of an outbox row: `recipient` is the address, `body` is JSON {subject, text, inReplyTo?, autoReply?}
 * (encodeEmailBody). The Message-ID is made from the idempotency key, `<key@retur>`: SMTP has no idempotency, so a
 * re-send after a crash (the relay accepted, the worker died before writing 'sent') is a second copy, but one with the
 * same Message-ID, which mail clients and the municipality's archive recognise as the same message.
 *
 * Errors: an SMTP 5xx answer is permanent (the relay will never take it: unknown recipient, refused content); a 4xx
 * answer, a refused or dropped connection and a timeout are temporary, and the worker tries again later.
 */
import nodemailer from 'nodemailer';
import { DeliveryError, type Sender } from '../delivery.ts';

export const DEFAULT_MAIL_FROM = 'sygedagpenge@kommune.example';

export interface EmailBody {
  subject: string;
  text: string;
  /** The Message-ID ('<…>') of the mail this one answers: the reply is threaded under it. */
  inReplyTo?: string;
  /**
   * An automatic reply (the acknowledgement): sent with `Auto-Submitted: auto-replied` (RFC 3834), so the sender's
   * own auto-responder (an out-of-office) does not answer it and start a loop.
   */
  autoReply?: boolean;
}

/** A Message-ID as RFC 5322 writes it, `<left@right>`; anything else is not used for threading. */
export const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

export function encodeEmailBody(b: EmailBody): string {
  return JSON.stringify({
    subject: b.subject, text: b.text,
    ...(b.inReplyTo && MESSAGE_ID.test(b.inReplyTo) ? { inReplyTo: b.inReplyTo } : {}),
    ...(b.autoReply ? { autoReply: true } : {}),
  });
}

export function decodeEmailBody(body: string): EmailBody {
  let v: unknown;
  try { v = JSON.parse(body); } catch { v = null; }
  const o = v as Partial<EmailBody> | null;
  if (!o || typeof o !== 'object' || typeof o.subject !== 'string' || typeof o.text !== 'string'
    || (o.inReplyTo !== undefined && typeof o.inReplyTo !== 'string')) {
    throw new DeliveryError('E-mailens indhold kan ikke læses (forventet JSON med subject og text)', true);
  }
  return { subject: o.subject, text: o.text, inReplyTo: o.inReplyTo, autoReply: o.autoReply === true };
}

/** The Message-ID a message gets from its idempotency key: the same key, the same id. */
export const messageIdOf = (idempotencyKey: string) => `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_')}@retur>`;

export interface SmtpSenderOptions {
  /** The relay, e.g. 'smtp://relay.kommune.example:25' or 'smtps://user:pass@relay.kommune.example:465'. */
  url: string;
  /** The sender address (RETUR_MAIL_FROM). */
  from?: string;
  /** Give up on one message after this long (temporary). Keep it well below the outbox worker's lease. */
  timeoutMs?: number;
}

interface SmtpError extends Error { code?: string; responseCode?: number; response?: string }

/** What the admin view and the case show of a failure: the relay's code and our words, never the whole answer. */
function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  const err = e as SmtpError;
  const code = typeof err?.responseCode === 'number' ? err.responseCode : null;
  if (code !== null && code >= 500) return new DeliveryError(`Mailserveren afviste e-mailen (SMTP ${code})`, true);
  if (code !== null) return new DeliveryError(`Mailserveren kunne ikke tage imod e-mailen lige nu (SMTP ${code})`, false);
  // No recipient nodemailer could use at all: trying again cannot help.
  if (err?.code === 'EENVELOPE') return new DeliveryError('Modtagerens e-mailadresse kan ikke bruges', true);
  return new DeliveryError(`Mailserveren kunne ikke nås (${err?.code ?? 'ukendt fejl'})`, false);
}

export function smtpSender(opts: SmtpSenderOptions): Sender {
  const timeout = opts.timeoutMs ?? 10_000;
  const from = opts.from ?? DEFAULT_MAIL_FROM;
  // One transport for the worker's life; without `pool` it opens a connection per message, which suits a relay
  // that may close idle connections.
  const transport = nodemailer.createTransport({ url: opts.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return async (m) => {
    const b = decodeEmailBody(m.body);
    const to = m.recipient.trim();
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(to)) throw new DeliveryError('Modtagerens e-mailadresse er ugyldig', true);
    const messageId = messageIdOf(m.idempotencyKey);
    try {
      const info = await transport.sendMail({
        from, to, subject: b.subject, text: b.text, messageId,
        ...(b.inReplyTo ? { inReplyTo: b.inReplyTo, references: [b.inReplyTo] } : {}),
        ...(b.autoReply ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
      });
      if (info.rejected?.length) throw new DeliveryError('Mailserveren afviste modtageren', true);
      return { providerId: messageId };
    } catch (e) {
      throw toDeliveryError(e);
    }
  };
}

/** The e-mail sender the environment asks for: RETUR_SMTP_RELAY_URL (null when unset) and RETUR_MAIL_FROM. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Sender | null {
  const url = env.RETUR_SMTP_RELAY_URL?.trim();
  if (!url) return null;
  return smtpSender({ url, from: env.RETUR_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM });
}
