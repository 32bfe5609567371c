/**
 * The unmatched e-mail queue over HTTP: who may see it, assigning a mail to a case (it shows among the case's
 * inquiries), discarding one, and the problem answers. The listener and the matching are tested in
 * test/app/inboundMail.test.ts and test/integrations/email.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engineName, openTestDb } from '../helpers.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { buildServer } from '../../src/api/server.ts';
import { manualClock } from '../../src/clock.ts';
import type { Database } from '../../src/db/engine.ts';
import type { RouteDeps } from '../../src/api/session.ts';
import { inboundMailRoutes } from '../../src/api/inboundMail.ts';
import { receiveEmail } from '../../src/app/inboundMail.ts';

// Wednesday 24 March 2027, the day before Maundy Thursday: the e-mail deadline (10 working days) is Monday 12 April.
const today = '2027-03-24';
const clock = manualClock(today);
let app: FastifyInstance;
let db: Database;
let drop: () => Promise<void>;
const cookies = new Map<string, string>();

beforeAll(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await seedDemo(db, { scale: 'small', today });
  app = await buildServer({ db, clock, web: false });
  // Until server.ts registers these routes, the test registers them itself (the deps the routes read).
  if (!app.hasRoute({ method: 'GET', url: '/api/inbound-mail' })) inboundMailRoutes(app, { db, clock } as unknown as RouteDeps);
  await app.ready();
});
afterAll(async () => { await app?.close(); await drop?.(); });

async function as(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  if (!cookies.has(user)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: 'demo' } });
    expect(res.statusCode, res.body).toBe(200);
    cookies.set(user, `retur_session=${res.cookies.find((c) => c.name === 'retur_session')!.value}`);
  }
  return app.inject({ method, url, payload: payload as object, headers: { cookie: cookies.get(user)! } });
}

const unmatched = (messageId: string, subject: string) =>
  receiveEmail(db, { now: clock.now(), today: clock.today() }, { messageId, from: 'ukendt@example.org', subject, text: 'Hvornår ringer I?', receivedAt: clock.now() });

describe(`the unmatched e-mail queue over HTTP (${engineName})`, () => {
  let metteCase: number;
  let first: number;
  let second: number;

  beforeAll(async () => {
    [{ id: metteCase }] = await db.query<{ id: number }>(
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
