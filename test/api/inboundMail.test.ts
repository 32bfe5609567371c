/**
 * The unmatched e-mail queue over HTTP: who may see it, assigning a mail to a case (it shows among the case's
 * inquiries), discarding one, and the problem answers. The listener and the matching are tested in
 * test/app/inboundMail.test.ts and test/integrations/email.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, startTestApp, type TestApp } from '../helpers.ts';
import { receiveEmail } from '../../src/app/inboundMail.ts';

// Wednesday 24 March 2027, the day before Maundy Thursday: the e-mail deadline (10 working days) is Monday 12 April.
const today = '2027-03-24';
let t: TestApp;
beforeAll(async () => { t = await startTestApp({ today }); });
afterAll(async () => { await t?.close(); });
const as: TestApp['as'] = (...a) => t.as(...a);

const unmatched = (messageId: string, subject: string) =>
  receiveEmail(t.db, { now: t.clock.now(), today: t.clock.today() }, { messageId, from: 'ukendt@example.org', subject, text: 'Hvornår ringer I?', receivedAt: t.clock.now() });

describe(`the unmatched e-mail queue over HTTP (${engineName})`, () => {
  let metteCase: number;
  let first: number;
  let second: number;

  beforeAll(async () => {
    [{ id: metteCase }] = await t.db.query<{ id: number }>(
      `SELECT c.id FROM sb_case c JOIN app_user u ON u.team_id = c.team_id WHERE u.username = 'mette' AND c.status = 'open' ORDER BY c.id LIMIT 1`);
    first = (await unmatched('<http-1@example.org>', 'Om min udbetaling')).id;
    second = (await unmatched('<http-2@example.org>', 'Reklame')).id;
  });

  it('lists the queue for caseworkers and team leaders, not for analysts or administrators', async () => {
    const res = await as('mette', 'GET', '/api/inbound-mail');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { total: number; mails: { id: number; from: string; subject: string; text: string; answerDue: string }[] };
    expect(body.total).toBe(2);
    expect(body.mails[0]).toMatchObject({ id: first, from: 'ukendt@example.org', subject: 'Om min udbetaling', text: 'Hvornår ringer I?', answerDue: '2027-04-12' });
    expect((await as('lars', 'GET', '/api/inbound-mail')).statusCode).toBe(200);
    expect((await as('anne', 'GET', '/api/inbound-mail')).statusCode).toBe(403);
    expect((await as('henrik', 'GET', '/api/inbound-mail')).statusCode).toBe(403);
  });

  it('assigns a mail to a case: it shows among the case\'s inquiries with its answer day; a second try is 409', async () => {
    const res = await as('mette', 'POST', `/api/inbound-mail/${first}/assign`, { caseId: metteCase });
    expect(res.statusCode, res.body).toBe(200);
    const list = await as('mette', 'GET', `/api/cases/${metteCase}/inquiries`);
    const inquiry = (list.json() as { inquiries: { id: number; channel: string; receivedOn: string; answerDue: string; summary: string }[] }).inquiries
      .find((i) => i.id === (res.json() as { inquiryId: number }).inquiryId);
    expect(inquiry).toMatchObject({ channel: 'email', receivedOn: today, answerDue: '2027-04-12' });
    expect(inquiry!.summary).toContain('Om min udbetaling');
    const again = await as('mette', 'POST', `/api/inbound-mail/${first}/assign`, { caseId: metteCase });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await as('mette', 'GET', '/api/inbound-mail')).json()).toMatchObject({ total: 1 });
  });

  it('refuses bad input naming the field, and an unknown mail with 404', async () => {
    const noCase = await as('mette', 'POST', `/api/inbound-mail/${second}/assign`, { caseId: 'x' });
    expect(noCase.statusCode).toBe(400);
    expect(noCase.body).toContain('caseId');
    expect((await as('mette', 'POST', `/api/inbound-mail/${second}/assign`, { caseId: metteCase, cpr: '0101901234' })).statusCode).toBe(400);
    const noReason = await as('mette', 'POST', `/api/inbound-mail/${second}/discard`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Skriv hvorfor e-mailen kasseres');
    expect((await as('mette', 'POST', '/api/inbound-mail/999999/discard', { reason: 'Spam' })).statusCode).toBe(404);
    expect((await as('mette', 'POST', '/api/inbound-mail/0/discard', { reason: 'Spam' })).statusCode).toBe(400);
  });

  it('discards a mail that is no inquiry', async () => {
    const res = await as('lars', 'POST', `/api/inbound-mail/${second}/discard`, { reason: 'Reklame' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: second, status: 'discarded' });
    expect((await as('mette', 'GET', '/api/inbound-mail')).json()).toMatchObject({ total: 0, mails: [] });
  });
});
