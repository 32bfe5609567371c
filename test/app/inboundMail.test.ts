/**
 * E-mail from citizens, end to end on a real database (both engines): a mail sent over SMTP to the listener is stored,
 * matched to a case by CPR or sender address (or queued), becomes an inquiry on the worklist with its answer day, and
 * the acknowledgement the outbox worker sends reaches the relay (the sink) with that day in it. The queue's use cases
 * (list, assign, discard) are called with a caseworker's context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { engineName, openTestDb } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { manualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/engine.ts';
import type { Ctx } from '../../src/app/context.ts';
import type { Role } from '../../src/domain/caseFields.ts';
import { policyInForce } from '../../src/app/plans.ts';
import { answerDue } from '../../src/rules/letters.ts';
import { listInquiries } from '../../src/app/inquiries.ts';
import { worklist } from '../../src/app/worklist.ts';
import { createOutboxWorker } from '../../src/jobs/outbox.ts';
import { startSmtpListener, type SmtpListener } from '../../src/integrations/email/listener.ts';
import { startMailSink, type MailSink } from '../../src/integrations/email/sink.ts';
import { decodeEmailBody, smtpSender } from '../../src/integrations/email/mailer.ts';
import { ACK_PURPOSE, SMTP_ENDPOINT, assignInboundEmail, discardInboundEmail, listUnmatched, receiveEmail, type InboundMail } from '../../src/app/inboundMail.ts';

// Wednesday 24 March 2027: Maundy Thursday (25th) to Easter Monday (29th) are closed, so the tenth working day after
// receipt is Monday 12 April 2027.
const today = '2027-03-24';
const clock = manualClock(today);
let db: Database;
let drop: () => Promise<void>;
let listener: SmtpListener;
let sink: MailSink;

interface Citizen { citizenId: number; cpr: string; name: string; caseId: number; teamId: number; caseworkerId: number }
/** Seeded citizens with exactly one open case (and a caseworker on it). */
let citizens: Citizen[];

const at = () => ({ now: clock.now(), today: clock.today() });
async function ctxOf(where: string, params: unknown[] = []): Promise<Ctx> {
  const [u] = await db.query<{ id: number; role: Role; teamId: number | null; name: string }>(
    `SELECT id, role, team_id AS "teamId", name FROM app_user WHERE ${where} ORDER BY id LIMIT 1`, params);
  return { db, actor: u, endpoint: 'test', today: clock.today(), now: clock.now() };
}
const caseworkerOf = (c: Citizen) => ctxOf('id = $1', [c.caseworkerId]);
const mail = (m: Partial<InboundMail> & { messageId: string }): InboundMail =>
  ({ from: 'ukendt@example.org', subject: 'Spørgsmål', text: 'Hej', receivedAt: clock.now(), ...m });
const fmtCpr = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;

beforeAll(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await seedDemo(db, { scale: 'small', today });
  citizens = await db.query<Citizen>(
    `SELECT ci.id AS "citizenId", ci.cpr, ci.name, min(c.id) AS "caseId", min(c.team_id) AS "teamId", min(c.caseworker_id) AS "caseworkerId"
       FROM citizen ci JOIN sb_case c ON c.citizen_id = ci.id AND c.status = 'open'
      WHERE c.caseworker_id IS NOT NULL GROUP BY ci.id, ci.cpr, ci.name HAVING count(*) = 1 ORDER BY ci.id LIMIT 6`);
  expect(citizens.length).toBe(6);
  listener = await startSmtpListener({ clock, onMail: async (m) => { await receiveEmail(db, at(), m); } });
  sink = await startMailSink({ clock });
});
afterAll(async () => { await listener?.close(); await sink?.close(); await drop?.(); });

describe(`e-mail from citizens (${engineName})`, () => {
  it('a mail over SMTP with a CPR number becomes an inquiry on the worklist, due across Easter, and is acknowledged', async () => {
    const c = citizens[0];
    const due = answerDue('email', today, await policyInForce(db, today));
    expect(due).toBe('2027-04-12');

    await nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false }).sendMail({
      from: 'Nabo <Hjaelper@Example.org>', to: 'sygedagpenge@kommune.example', messageId: '<cpr-1@example.org>',
      subject: 'Min sygedagpengesag', text: `Hej\n\nJeg skriver for min nabo, cpr ${fmtCpr(c.cpr)}. Hvornår er næste samtale?\n`,
    });

    const [e] = await db.query<{ status: string; matchedBy: string; caseId: number; citizenId: number; inquiryId: number; from: string }>(
      `SELECT status, matched_by AS "matchedBy", case_id AS "caseId", citizen_id AS "citizenId", inquiry_id AS "inquiryId", from_address AS "from"
         FROM inbound_email WHERE message_id = '<cpr-1@example.org>'`);
    expect(e).toMatchObject({ status: 'matched', matchedBy: 'cpr', caseId: c.caseId, citizenId: c.citizenId, from: 'hjaelper@example.org' });
    const [q] = await db.query<{ channel: string; receivedOn: string; answerDue: string; createdBy: number | null; summary: string }>(
      `SELECT channel, to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(answer_due, 'YYYY-MM-DD') AS "answerDue", created_by AS "createdBy", summary
         FROM inquiry WHERE id = $1`, [e.inquiryId]);
    expect(q).toMatchObject({ channel: 'email', receivedOn: today, answerDue: '2027-04-12', createdBy: null });
    expect(q.summary.startsWith('Min sygedagpengesag\n\nHej')).toBe(true);

    // On the caseworker's worklist until answered.
    const list = await worklist(await caseworkerOf(c), { group: 'all', kind: 'inquiry' });
    expect(list.items.find((i) => i.caseId === c.caseId && i.type === 'inquiry')).toMatchObject({ kind: 'email', due: '2027-04-12' });

    // The acknowledgement waits in the outbox, on the case, to the sender.
    const [o] = await db.query<{ recipient: string; body: string; caseId: number; purpose: string }>(
      `SELECT recipient, body, case_id AS "caseId", purpose FROM outbox_message WHERE channel = 'email' AND idempotency_key = $1`, [`ack-inbound-${(await db.query<{ id: number }>(`SELECT id FROM inbound_email WHERE message_id = '<cpr-1@example.org>'`))[0].id}`]);
    expect(o).toMatchObject({ recipient: 'hjaelper@example.org', caseId: c.caseId, purpose: ACK_PURPOSE });
    expect(decodeEmailBody(o.body).text).toContain('Du får svar senest 12. april 2027.');

    // The worker sends it through the relay: threaded under the citizen's mail, stating the day.
    const worker = createOutboxWorker({ db, clock, senders: { email: smtpSender({ url: sink.url }) } });
    expect(await worker.runOnce()).toMatchObject({ sent: 1, failed: 0 });
    const ack = sink.mails().at(-1)!;
    expect(ack).toMatchObject({ to: ['hjaelper@example.org'], subject: 'Vi har modtaget din e-mail', inReplyTo: '<cpr-1@example.org>', autoSubmitted: 'auto-replied' });
    expect(ack.text).toContain('Vi har modtaget den 24. marts 2027.');
    expect(ack.text).toContain('Du får svar senest 12. april 2027.');
    // Sent to whoever wrote: it names neither the citizen nor the number.
    expect(ack.text).not.toContain(c.name);
    expect(ack.text).not.toContain(c.cpr.slice(0, 6));

    // Audited as the system's write, without the CPR number or the address.
    const audits = await db.query<{ entity: string; userId: number | null; citizenId: number | null; details: unknown }>(
      `SELECT entity, user_id AS "userId", citizen_id AS "citizenId", details FROM audit_entry WHERE endpoint = $1 ORDER BY id`, [SMTP_ENDPOINT]);
    expect(audits.map((a) => a.entity)).toEqual(['inquiry', 'inbound_email']);
    expect(audits.every((a) => a.userId === null && a.citizenId === c.citizenId)).toBe(true);
    const details = JSON.stringify(audits.map((a) => a.details));
    expect(details).not.toContain(c.cpr.slice(0, 6));
    expect(details).not.toContain('hjaelper');
  });

  it('matches by the sender\'s address (any case) and greets the citizen by name', async () => {
    const c = citizens[1];
    await db.query(`UPDATE citizen SET email = 'Borger.Afsender@Example.DK' WHERE id = $1`, [c.citizenId]);
    const r = await receiveEmail(db, at(), mail({ messageId: '<sender-1@example.dk>', from: 'borger.afsender@example.dk', text: 'Jeg har fået en ny lægeerklæring.' }));
    expect(r).toMatchObject({ status: 'matched', matchedBy: 'sender', answerDue: '2027-04-12', acknowledged: true });
    const [q] = await db.query<{ caseId: number }>('SELECT case_id AS "caseId" FROM inquiry WHERE id = $1', [r.inquiryId]);
    expect(q.caseId).toBe(c.caseId);
    const [o] = await db.query<{ body: string }>(`SELECT body FROM outbox_message WHERE idempotency_key = $1`, [`ack-inbound-${r.id}`]);
    expect(decodeEmailBody(o.body).text.startsWith(`Kære ${c.name}\n`)).toBe(true);
  });

  it('leaves anything ambiguous unmatched: two CPR numbers, or a citizen without an open case; still acknowledged', async () => {
    const two = await receiveEmail(db, at(), mail({ messageId: '<two-cpr@example.org>', text: `${fmtCpr(citizens[2].cpr)} og ${fmtCpr(citizens[3].cpr)}` }));
    expect(two).toMatchObject({ status: 'unmatched', acknowledged: true, answerDue: '2027-04-12' });
    expect(two.inquiryId).toBeUndefined();
    const [closed] = await db.query<{ cpr: string }>(
      `SELECT cpr FROM citizen ci WHERE NOT EXISTS (SELECT 1 FROM sb_case c WHERE c.citizen_id = ci.id AND c.status = 'open') ORDER BY id LIMIT 1`);
    expect((await receiveEmail(db, at(), mail({ messageId: '<closed@example.org>', text: `cpr ${closed.cpr}` }))).status).toBe('unmatched');
    const [o] = await db.query<{ caseId: number | null; citizenId: number | null; body: string }>(
      `SELECT case_id AS "caseId", citizen_id AS "citizenId", body FROM outbox_message WHERE idempotency_key = $1`, [`ack-inbound-${two.id}`]);
    expect(o).toMatchObject({ caseId: null, citizenId: null });
    expect(decodeEmailBody(o.body).text).toContain('Du får svar senest 12. april 2027.');
  });

  it('a relay delivering the same Message-ID twice makes one row, one inquiry, one acknowledgement', async () => {
    const m = mail({ messageId: '<twice@example.org>', text: `cpr ${citizens[4].cpr}` });
    const a = await receiveEmail(db, at(), m);
    clock.advance(60_000);
    const b = await receiveEmail(db, at(), { ...m, receivedAt: clock.now() });
    expect(b).toEqual(a);
    const [n] = await db.query<{ rows: number; inquiries: number; acks: number }>(
      `SELECT (SELECT count(*)::int FROM inbound_email WHERE message_id = '<twice@example.org>') AS rows,
              (SELECT count(*)::int FROM inquiry WHERE case_id = $1) AS inquiries,
              (SELECT count(*)::int FROM outbox_message WHERE idempotency_key = $2) AS acks`, [citizens[4].caseId, `ack-inbound-${a.id}`]);
    expect(n).toEqual({ rows: 1, inquiries: 1, acks: 1 });

    // Two deliveries at the same moment (two relay connections; on PostgreSQL truly concurrent): one row, both told so.
    const same = mail({ messageId: '<race@example.org>' });
    // Warm the pool so both transactions start at once instead of the second waiting for a new connection.
    await Promise.all([1, 2, 3].map(() => db.query('SELECT 1')));
    const [x, y] = await Promise.all([receiveEmail(db, at(), same), receiveEmail(db, at(), same)]);
    expect(y.id).toBe(x.id);
    expect(await db.query(`SELECT 1 FROM inbound_email WHERE message_id = '<race@example.org>'`)).toHaveLength(1);
  });

  it('does not acknowledge machine-sent mail (an out-of-office would answer the acknowledgement)', async () => {
    const r = await receiveEmail(db, at(), mail({ messageId: '<ooo@example.org>', automatic: true }));
    expect(r).toMatchObject({ status: 'unmatched', acknowledged: false });
    expect(await db.query(`SELECT 1 FROM outbox_message WHERE idempotency_key = $1`, [`ack-inbound-${r.id}`])).toHaveLength(0);
  });

  describe('the unmatched queue', () => {
    let lateNight: number;
    beforeAll(async () => {
      // 00:30 Danish time on Wednesday 24 March is 23:30 UTC on Tuesday: the mail arrived on the 24th.
      lateNight = (await receiveEmail(db, at(), mail({ messageId: '<night@example.org>', from: 'nat@example.org', subject: 'Sent om aftenen', text: 'Ring gerne til mig.', receivedAt: new Date('2027-03-23T23:30:00Z') }))).id;
    });

    it('lists unmatched mail for caseworkers, oldest first, with the answer day promised; analysts may not read it', async () => {
      const cw = await caseworkerOf(citizens[0]);
      const q = await listUnmatched(cw);
      expect(q.mails[0]).toMatchObject({ id: lateNight, from: 'nat@example.org', subject: 'Sent om aftenen', text: 'Ring gerne til mig.', receivedOn: '2027-03-24', answerDue: '2027-04-12' });
      expect(q.mails.map((m) => m.id)).toContain((await db.query<{ id: number }>(`SELECT id FROM inbound_email WHERE message_id = '<two-cpr@example.org>'`))[0].id);
      expect(q.total).toBe(q.mails.length);
      expect(q.mails.every((m) => m.id !== undefined && m.receivedAt)).toBe(true);
      await expect(listUnmatched(await ctxOf(`role = 'analyst'`))).rejects.toMatchObject({ status: 403 });
      const [a] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entry WHERE entity = 'inbound_email' AND operation = 'read' AND user_id = $1`, [cw.actor.id]);
      expect(a.n).toBe(1);
    });

    it('assigning puts it on the case as an inquiry received the day the mail came, with that day\'s deadline', async () => {
      const c = citizens[5];
      clock.set('2027-03-31T10:00:00+02:00');
      const cw = await caseworkerOf(c);
      const r = await assignInboundEmail(cw, lateNight, { caseId: c.caseId });
      expect(r).toMatchObject({ status: 'assigned', caseId: c.caseId, receivedOn: '2027-03-24', answerDue: '2027-04-12' });
      const { inquiries } = await listInquiries(cw, c.caseId);
      expect(inquiries.find((i) => i.id === r.inquiryId)).toMatchObject({ channel: 'email', receivedOn: '2027-03-24', answerDue: '2027-04-12', status: 'open', createdBy: cw.actor.name });
      const [e] = await db.query<{ status: string; matchedBy: string; handledBy: number }>(
        `SELECT status, matched_by AS "matchedBy", handled_by AS "handledBy" FROM inbound_email WHERE id = $1`, [lateNight]);
      expect(e).toEqual({ status: 'assigned', matchedBy: 'manual', handledBy: cw.actor.id });
      expect((await listUnmatched(cw)).mails.map((m) => m.id)).not.toContain(lateNight);
      // Once assigned, it is no longer in the queue to assign or discard.
      await expect(assignInboundEmail(cw, lateNight, { caseId: c.caseId })).rejects.toMatchObject({ status: 409 });
      await expect(discardInboundEmail(cw, lateNight, { reason: 'Spam' })).rejects.toMatchObject({ status: 409 });
    });

    it('a caseworker cannot put a mail on another team\'s case; an unknown mail is 404', async () => {
      const c = citizens[0];
      const other = await ctxOf(`role = 'caseworker' AND team_id <> $1`, [c.teamId]);
      const [id] = await db.query<{ id: number }>(`SELECT id FROM inbound_email WHERE message_id = '<two-cpr@example.org>'`);
      await expect(assignInboundEmail(other, id.id, { caseId: c.caseId })).rejects.toMatchObject({ status: 403 });
      await expect(assignInboundEmail(await caseworkerOf(c), 999_999, { caseId: c.caseId })).rejects.toMatchObject({ status: 404 });
      const [still] = await db.query<{ status: string }>('SELECT status FROM inbound_email WHERE id = $1', [id.id]);
      expect(still.status).toBe('unmatched');
    });

    it('discarding takes it out of the queue, with the reason in the audit log', async () => {
      const cw = await caseworkerOf(citizens[0]);
      const [id] = await db.query<{ id: number }>(`SELECT id FROM inbound_email WHERE message_id = '<closed@example.org>'`);
      expect(await discardInboundEmail(cw, id.id, { reason: 'Sendt til den forkerte kommune, cpr 010190-1234' })).toEqual({ id: id.id, status: 'discarded' });
      expect((await listUnmatched(cw)).mails.map((m) => m.id)).not.toContain(id.id);
      const [a] = await db.query<{ details: { reason: string } }>(
        `SELECT details FROM audit_entry WHERE entity = 'inbound_email' AND entity_id = $1 AND operation = 'write' ORDER BY id DESC LIMIT 1`, [String(id.id)]);
      expect(a.details.reason).toBe('Sendt til den forkerte kommune, cpr …');
      await expect(assignInboundEmail(cw, id.id, { caseId: citizens[0].caseId })).rejects.toMatchObject({ status: 409 });
    });
  });
});
