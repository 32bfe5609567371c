/**
 * A local stand-in for the municipality's SMTP relay: the demo sends its e-mail (acknowledgements) here when
 * RETUR_SMTP_RELAY_URL is unset, and tests read what arrived. It accepts every mail, parses it and keeps it in memory;
 * nothing leaves the machine. It can be told to answer the next N mails with a temporary (451) or permanent (550)
 * refusal, to test the outbox worker's retries.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';
import { systemClock, type Clock } from '../../clock.ts';

export interface SunkMail {
  /** Envelope sender. */
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
  inReplyTo: string | null;
  /** The Auto-Submitted header (RFC 3834), e.g. 'auto-replied'. */
  autoSubmitted: string | null;
  receivedAt: string;
}

export interface MailSinkOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  clock?: Clock;
  /** Called for every mail kept (a dev command may print it). */
  onMail?: (m: SunkMail) => void;
}

export interface MailSink {
  port: number;
  /** The relay URL to give the sender: 'smtp://127.0.0.1:PORT'. */
  url: string;
  /** Every mail kept, in order of arrival. */
  mails(): SunkMail[];
  /** Refuse the next n mails: 451 (temporary) or 550 (permanent). */
  failNext(n: number, code?: 451 | 550): void;
  close(): Promise<void>;
}

const addressOf = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0]?.address ?? '';

export async function startMailSink(opts: MailSinkOptions = {}): Promise<MailSink> {
  const clock = opts.clock ?? systemClock();
  const kept: SunkMail[] = [];
  let failLeft = 0;
  let failCode: 451 | 550 = 451;
  const server = new SMTPServer({
    name: 'retur-mail-sink',
    logger: false,
    authOptional: true,
    // A relay URL with user:pass in it must work against the sink too: any login is accepted, in clear text (local only).
    allowInsecureAuth: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'sink' }),
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    closeTimeout: 2_000,
    size: 25 * 1024 * 1024,
    rejectOversized: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failLeft > 0) {
          failLeft--;
          return callback(Object.assign(new Error(failCode === 451 ? '4.3.0 Try again later' : '5.7.1 Refused'), { responseCode: failCode }));
        }
        simpleParser(Buffer.concat(chunks)).then((p) => {
          const auto = p.headers.get('auto-submitted');
          const m: SunkMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : addressOf(p.from),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: p.subject ?? '',
            text: (p.text ?? '').replace(/\r\n/g, '\n').trimEnd(),
            messageId: p.messageId ?? null,
            inReplyTo: p.inReplyTo ?? null,
            autoSubmitted: typeof auto === 'string' ? auto : null,
            receivedAt: clock.now().toISOString(),
          };
          kept.push(m);
          opts.onMail?.(m);
          callback(null, 'OK: kept by the sink');
        }, (err: Error) => callback(Object.assign(err, { responseCode: 554 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  server.on('error', () => { /* a client that breaks off is no concern of the sink */ });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port ?? 0;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    port,
    url: `smtp://${host}:${port}`,
    mails: () => kept.map((m) => ({ ...m, to: [...m.to] })),
    failNext: (n, code = 451) => { failLeft = n; failCode = code; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
