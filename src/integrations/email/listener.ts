/**
 * The SMTP listener for e-mail from citizens (issue 9): the municipality's mail relay forwards the sygedagpenge
 * mailbox to it. Only the relay connects, so there is no AUTH (and no STARTTLS unless a key and certificate are
 * given); restrict who may connect with `allowedClients` and the firewall, and which mailboxes it takes with
 * `allowedRecipients`.
 *
 * Each message is parsed (mailparser) into an InboundMail and handed to `onMail`, which stores it; only after that
 * resolves does the relay get 250. If it throws (the database is down), the answer is a temporary 451 and the relay
 * tries again later; the Message-ID (or, without one, a hash of the raw message) makes the second delivery land on
 * the first one's row. A message over the size limit is refused with 552 and never parsed.
 */
import { createHash } from 'node:crypto';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { systemClock, type Clock } from '../../clock.ts';
import type { InboundMail } from '../../domain/inboundMail.ts';

export type { InboundMail };

export interface SmtpListenerOptions {
  /** 0 picks a free port (tests); the demo uses RETUR_SMTP_PORT, 2525 by default. */
  port?: number;
  /** Default 127.0.0.1: bind to the address the relay reaches, nothing wider. */
  host?: string;
  /** Largest message accepted, attachments included (default 10 MB); larger ones get 552. */
  maxBytes?: number;
  /** Stores the mail. Resolve only when it is safely stored: the relay deletes its copy on our 250. */
  onMail(mail: InboundMail): Promise<void>;
  /** Accept mail only for these addresses (case-insensitive); others get 550. All when unset. */
  allowedRecipients?: string[];
  /** Accept connections only from these IP addresses (the relay's). All when unset. */
  allowedClients?: string[];
  /** Where receivedAt comes from (the one clock, src/clock.ts). */
  clock?: Clock;
  /** TLS for STARTTLS (PEM); without both, STARTTLS is not offered. */
  key?: string | Buffer;
  cert?: string | Buffer;
  /** Told about a mail that could not be stored (answered 451) or parsed; never given the mail's content. */
  onError?(err: unknown): void;
}

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Longer Message-IDs are replaced by the hash (the column is a unique key; no real id is this long). */
const MAX_MESSAGE_ID = 500;
/** The text kept of one mail; a longer one is cut (the whole mail is still at the relay, and in the sender's mailbox). */
export const MAX_TEXT_CHARS = 100_000;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * Text PostgreSQL can store and a screen can show: no NUL or other control characters (tab and newline stay), no
 * lone surrogates. A mail is the sender's bytes; one NUL would otherwise make every redelivery fail.
 */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** HTML to text for the rare mail mailparser could not convert: tags out, common entities back, blank runs folded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

const firstAddress = (a: AddressObject | AddressObject[] | undefined): string | undefined =>
  (Array.isArray(a) ? a[0] : a)?.value.find((v) => v.address)?.address;

function headerText(parsed: ParsedMail, name: string): string {
  const v = parsed.headers.get(name);
  if (v == null) return '';
  return (typeof v === 'string' ? v : typeof v === 'object' && 'value' in v ? String(v.value) : String(v)).trim().toLowerCase();
}

function isAutomatic(parsed: ParsedMail, envelopeFrom: string | null): boolean {
  const auto = headerText(parsed, 'auto-submitted');
  if (auto && auto !== 'no') return true;
  if (envelopeFrom === '') return true; // a bounce (null reverse-path, RFC 5321 4.5.5)
  if (['bulk', 'junk', 'list'].includes(headerText(parsed, 'precedence'))) return true;
  return parsed.headers.has('list-id') || parsed.headers.has('x-autoreply') || parsed.headers.has('x-autorespond');
}

/** The listener's view of one received message (exported for tests of the parsing alone). */
export async function parseInbound(raw: Buffer, receivedAt: Date, envelopeFrom: string | null): Promise<InboundMail> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const headerId = parsed.messageId?.trim();
  const messageId = headerId && headerId.length <= MAX_MESSAGE_ID
    ? cleanText(headerId)
    : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const from = (firstAddress(parsed.from) ?? envelopeFrom ?? '').trim().toLowerCase();
  let text = parsed.text ?? '';
  if (!text.trim() && typeof parsed.html === 'string') text = htmlToPlain(parsed.html);
  text = cleanText(text).trim();
  if (text.length > MAX_TEXT_CHARS) text = `${text.slice(0, MAX_TEXT_CHARS)}\n\n(afkortet)`;
  return {
    messageId,
    from: cleanText(from),
    subject: cleanText(parsed.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 1000),
    text,
    receivedAt,
    automatic: isAutomatic(parsed, envelopeFrom),
  };
}

const plainIp = (ip: string) => ip.replace(/^::ffff:/, '');

export async function startSmtpListener(opts: SmtpListenerOptions): Promise<SmtpListener> {
  const clock = opts.clock ?? systemClock();
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const recipients = opts.allowedRecipients?.map((r) => r.trim().toLowerCase());
  const clients = opts.allowedClients?.map(plainIp);
  const tls = opts.key && opts.cert ? { key: opts.key, cert: opts.cert } : null;

  const server = new SMTPServer({
    name: 'retur',
    banner: 'retur sygedagpenge',
    logger: false,
    authOptional: true,
    // Only the relay connects: nobody logs in, and without a certificate there is no TLS to offer.
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    size: maxBytes,
    // Refuse an oversized message ourselves (552) whatever onData says; the client also sees SIZE in EHLO.
    rejectOversized: true,
    disableReverseLookup: true,
    closeTimeout: 5_000,
    onConnect(session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (clients && !clients.includes(plainIp(session.remoteAddress))) return callback(smtpError(554, '5.7.1 Access denied'));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (recipients && !recipients.includes(address.address.trim().toLowerCase())) return callback(smtpError(550, '5.1.1 Mailbox unavailable'));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      let size = 0;
      // Keep reading an oversized message to its end (the protocol needs it) but stop holding it in memory.
      stream.on('data', (c: Buffer) => { size += c.length; if (size <= maxBytes) chunks.push(c); });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) return callback(smtpError(552, `5.3.4 Message exceeds the maximum size of ${maxBytes} bytes`));
        const envelopeFrom = session.envelope.mailFrom === false ? null : session.envelope.mailFrom.address;
        void (async () => {
          let mail: InboundMail;
          try {
            mail = await parseInbound(Buffer.concat(chunks), clock.now(), envelopeFrom);
          } catch (err) {
            opts.onError?.(err);
            return callback(smtpError(554, '5.6.0 Message could not be parsed'));
          }
          try {
            await opts.onMail(mail);
            callback(null, 'OK: received');
          } catch (err) {
            opts.onError?.(err);
            // Temporary: the relay keeps the message and tries again.
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          }
        })();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  // A connection that breaks mid-session is the client's problem; it must not crash the app.
  server.on('error', (err) => opts.onError?.(err));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 0;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
