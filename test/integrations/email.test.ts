/**
 * E-mail over real SMTP on localhost: nodemailer sends to the listener (as the municipality's relay would), and the
 * outbox's sender delivers to the sink (standing in for the relay). No mocks: real sockets, real SMTP answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createServer } from 'node:net';
import { startSmtpListener, type InboundMail, type SmtpListener } from '../../src/integrations/email/listener.ts';
import { startMailSink, type MailSink } from '../../src/integrations/email/sink.ts';
import { DEFAULT_MAIL_FROM, encodeEmailBody, mailerFromEnv, smtpSender } from '../../src/integrations/email/mailer.ts';
import { DeliveryError } from '../../src/integrations/delivery.ts';
import { manualClock } from '../../src/clock.ts';

const clock = manualClock('2026-11-25T10:15:00+01:00');
const received: InboundMail[] = [];
let failStores = 0;
let listener: SmtpListener;
let small: SmtpListener;
let sink: MailSink;

const relayTo = (port: number) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false });
/** What the relay's SMTP client gets back: the answer code, or 250. */
const codeOf = (p: Promise<unknown>) => p.then(() => 250, (e: { responseCode?: number }) => e.responseCode ?? -1);

beforeAll(async () => {
  listener = await startSmtpListener({
    clock,
    allowedRecipients: ['sygedagpenge@kommune.example'],
    onMail: async (m) => {
      if (failStores > 0) { failStores--; throw new Error('database down'); }
      received.push(m);
    },
  });
  small = await startSmtpListener({ clock, maxBytes: 2_000, onMail: async (m) => { received.push(m); } });
  sink = await startMailSink({ clock });
});
afterAll(async () => { await listener?.close(); await small?.close(); await sink?.close(); });

describe('the SMTP listener', () => {
  it('hands over a mail sent over SMTP, parsed: address only and lower-case, subject, text, the clock\'s time', async () => {
    await relayTo(listener.port).sendMail({
      from: '"Anna Jensen" <Anna.Jensen@Example.DK>', to: 'sygedagpenge@kommune.example',
      subject: 'Spørgsmål om min sag', text: 'Hej\n\nHvornår hører jeg fra jer? Mit cpr er 010190-1234.\n\nAnna', messageId: '<abc-1@example.dk>',
    });
    const m = received.at(-1)!;
    expect(m).toMatchObject({ messageId: '<abc-1@example.dk>', from: 'anna.jensen@example.dk', subject: 'Spørgsmål om min sag', automatic: false });
    expect(m.text).toBe('Hej\n\nHvornår hører jeg fra jer? Mit cpr er 010190-1234.\n\nAnna');
    expect(m.receivedAt.toISOString()).toBe('2026-11-25T09:15:00.000Z');
  });

  it('gives a re-delivered message the same id, also when it has no Message-ID (a hash of the message)', async () => {
    const raw = 'From: borger@example.dk\r\nTo: sygedagpenge@kommune.example\r\nSubject: Uden id\r\n\r\nTekst uden Message-ID.\r\n';
    const envelope = { from: 'borger@example.dk', to: ['sygedagpenge@kommune.example'] };
    await relayTo(listener.port).sendMail({ envelope, raw });
    await relayTo(listener.port).sendMail({ envelope, raw });
    const [a, b] = received.slice(-2);
    expect(a.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.messageId).toBe(a.messageId);
    expect(a.text).toBe('Tekst uden Message-ID.');

    const withId = { from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'To gange', text: 'x', messageId: '<twice@example.dk>' };
    await relayTo(listener.port).sendMail(withId);
    await relayTo(listener.port).sendMail(withId);
    expect(received.slice(-2).map((m) => m.messageId)).toEqual(['<twice@example.dk>', '<twice@example.dk>']);
  });

  it('takes the text from the HTML part when there is no text part', async () => {
    await relayTo(listener.port).sendMail({ from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'HTML', html: '<p>Hej <b>kommune</b></p><p>Jeg er syg &amp; ked af det.</p>' });
    const t = received.at(-1)!.text;
    expect(t).toContain('Hej kommune');
    expect(t).toContain('Jeg er syg & ked af det.');
    expect(t).not.toContain('<');
  });

  it('marks machine-sent mail (an out-of-office) so it is not acknowledged', async () => {
    await relayTo(listener.port).sendMail({ from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'Fraværende', text: 'Jeg er på ferie', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(received.at(-1)!.automatic).toBe(true);
  });

  it('refuses a message over the size limit with 552 and never hands it over', async () => {
    const before = received.length;
    const code = await codeOf(relayTo(small.port).sendMail({ from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'Stor', text: 'x'.repeat(5_000) }));
    expect(code).toBe(552);
    expect(received.length).toBe(before);
  });

  it('answers 451 when the mail cannot be stored, so the relay tries again; the retry arrives', async () => {
    failStores = 1;
    const mail = { from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'Igen', text: 'x', messageId: '<retry@example.dk>' };
    expect(await codeOf(relayTo(listener.port).sendMail(mail))).toBe(451);
    expect(received.some((m) => m.messageId === '<retry@example.dk>')).toBe(false);
    expect(await codeOf(relayTo(listener.port).sendMail(mail))).toBe(250);
    expect(received.at(-1)!.messageId).toBe('<retry@example.dk>');
  });

  it('refuses mailboxes it does not serve, and clients other than the relay', async () => {
    expect(await codeOf(relayTo(listener.port).sendMail({ from: 'borger@example.dk', to: 'direktor@kommune.example', subject: 'x', text: 'x' }))).toBe(550);
    const relayOnly = await startSmtpListener({ clock, allowedClients: ['10.1.2.3'], onMail: async (m) => { received.push(m); } });
    try {
      const before = received.length;
      expect(await codeOf(relayTo(relayOnly.port).sendMail({ from: 'borger@example.dk', to: 'sygedagpenge@kommune.example', subject: 'x', text: 'x' }))).toBe(554);
      expect(received.length).toBe(before);
    } finally { await relayOnly.close(); }
  });
});

describe('the outbox sender (smtpSender)', () => {
  it('delivers subject, text and the thread to the relay, with a Message-ID made from the idempotency key', async () => {
    const send = smtpSender({ url: sink.url });
    const body = encodeEmailBody({ subject: 'Vi har modtaget din e-mail', text: 'Du får svar senest 9. december 2026.', inReplyTo: '<abc-1@example.dk>', autoReply: true });
    const r = await send({ recipient: 'anna.jensen@example.dk', body, idempotencyKey: 'ack-inbound-7' });
    expect(r.providerId).toBe('<ack-inbound-7@retur>');
    const m = sink.mails().at(-1)!;
    expect(m).toMatchObject({
      from: DEFAULT_MAIL_FROM, to: ['anna.jensen@example.dk'], subject: 'Vi har modtaget din e-mail', text: 'Du får svar senest 9. december 2026.',
      messageId: '<ack-inbound-7@retur>', inReplyTo: '<abc-1@example.dk>', autoSubmitted: 'auto-replied',
    });
  });

  it('sends from RETUR_MAIL_FROM through RETUR_SMTP_RELAY_URL, and is off without a relay', async () => {
    expect(mailerFromEnv({})).toBeNull();
    const send = mailerFromEnv({ RETUR_SMTP_RELAY_URL: sink.url, RETUR_MAIL_FROM: 'sygedagpenge@demo.example' })!;
    await send({ recipient: 'a@example.dk', body: encodeEmailBody({ subject: 'S', text: 'T' }), idempotencyKey: 'k-1' });
    expect(sink.mails().at(-1)).toMatchObject({ from: 'sygedagpenge@demo.example', inReplyTo: null, autoSubmitted: null });
  });

  it('a relay that cannot be reached is a temporary failure', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
    });
    const err = await smtpSender({ url: `smtp://127.0.0.1:${port}`, timeoutMs: 2_000 })({ recipient: 'a@example.dk', body: encodeEmailBody({ subject: 'S', text: 'T' }), idempotencyKey: 'k-2' })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
  });

  it('a 4xx answer is temporary, a 5xx answer permanent, a bad body or address permanent', async () => {
    const send = smtpSender({ url: sink.url });
    const body = encodeEmailBody({ subject: 'S', text: 'T' });
    sink.failNext(1, 451);
    const temp = await send({ recipient: 'a@example.dk', body, idempotencyKey: 'k-3' }).then(() => null, (e: DeliveryError) => e);
    expect(temp).toMatchObject({ permanent: false });
    expect(temp!.message).toContain('451');
    sink.failNext(1, 550);
    const perm = await send({ recipient: 'a@example.dk', body, idempotencyKey: 'k-4' }).then(() => null, (e: DeliveryError) => e);
    expect(perm).toMatchObject({ permanent: true });
    await expect(send({ recipient: 'a@example.dk', body: 'ikke json', idempotencyKey: 'k-5' })).rejects.toMatchObject({ permanent: true });
    await expect(send({ recipient: 'ingen-adresse', body, idempotencyKey: 'k-6' })).rejects.toMatchObject({ permanent: true });
  });
});
