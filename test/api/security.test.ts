import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { buildServer } from '../../src/api/server.ts';

let t: TestApp;
let teamCaseId: number;
let otherTeamCaseId: number;
let version: number;
beforeAll(async () => {
  t = await startTestApp();
  const [mine] = await t.db.query<{ id: number; version: number }>(
    "SELECT c.id, c.version FROM sb_case c JOIN app_user u ON u.username = 'mette' WHERE c.team_id = u.team_id AND c.status = 'open' ORDER BY c.id LIMIT 1");
  const [other] = await t.db.query<{ id: number }>(
    "SELECT c.id FROM sb_case c JOIN app_user u ON u.username = 'mette' WHERE c.team_id <> u.team_id ORDER BY c.id LIMIT 1");
  teamCaseId = mine.id;
  version = mine.version;
  otherTeamCaseId = other.id;
});
afterAll(async () => { await t?.close(); });

const inject = async (user: string | null, method: string, url: string, payload?: unknown) =>
  t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: user ? { cookie: await t.login(user) } : {} });

describe(`who may do what (${engineName})`, () => {
  // Who may call which route is the authorization matrix (authorization-matrix.test.ts), walked from the OpenAPI document.
  it('a caseworker cannot open a case of another team; a manager can', async () => {
    expect((await inject('mette', 'GET', `/api/cases/${otherTeamCaseId}`)).statusCode).toBe(403);
    expect((await inject('maria', 'GET', `/api/cases/${otherTeamCaseId}`)).statusCode).toBe(200);
  });

  it('analysts see no names and no CPR numbers, and cannot search for them', async () => {
    const list = (await inject('anne', 'GET', '/api/cases?limit=20')).json();
    expect(list.cases.length).toBeGreaterThan(0);
    for (const c of list.cases) expect(c.citizen).toEqual({ id: c.citizenId, cpr: null, name: `Borger ${c.citizenId}`, pseudonymised: true });
    const one = (await inject('anne', 'GET', `/api/cases/${teamCaseId}`)).body;
    const [citizen] = await t.db.query<{ cpr: string; name: string }>('SELECT ci.cpr, ci.name FROM citizen ci JOIN sb_case c ON c.citizen_id = ci.id WHERE c.id = $1', [teamCaseId]);
    expect(one).not.toContain(citizen.cpr);
    expect(one).not.toContain(citizen.name);
    const search = await inject('anne', 'POST', '/api/cases/search', { q: 'Hansen' });
    expect(search.statusCode).toBe(400);
    expect(search.json().errors[0].path).toBe('q');
  });

  it('every read and write of a case is in the audit log, and an administrator can list it per citizen', async () => {
    const [c] = await t.db.query<{ citizen_id: number; cpr: string }>('SELECT c.citizen_id, ci.cpr FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id WHERE c.id = $1', [teamCaseId]);
    await inject('mette', 'GET', `/api/cases/${teamCaseId}`);
    await inject('mette', 'PATCH', `/api/cases/${teamCaseId}`, { version, changes: { pathway: 3 } });
    const res = await inject('henrik', 'POST', '/api/admin/audit/search', { cpr: c.cpr });
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { user_name: string; operation: string; endpoint: string }[];
    expect(entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ user_name: 'Mette Sagsbehandler', operation: 'read', endpoint: 'GET /api/cases/:id' }),
      expect.objectContaining({ user_name: 'Mette Sagsbehandler', operation: 'write', endpoint: 'PATCH /api/cases/:id' }),
    ]));
  });

  it('a failed login says so without telling which part was wrong', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mette', password: 'forkert' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('Forkert brugernavn eller adgangskode.');
  });

  it('the session cookie is httpOnly and SameSite, and logout ends the session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lars', password: 'demo' } });
    const cookie = res.cookies.find((c) => c.name === 'retur_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const header = { cookie: `retur_session=${cookie.value}` };
    expect((await t.app.inject({ url: '/api/auth/me', headers: header })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: header });
    expect((await t.app.inject({ url: '/api/auth/me', headers: header })).statusCode).toBe(401);
  });

  it('no CPR number reaches the logs, even when it is in the URL', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const app = await buildServer({ db: t.db, logger: { level: 'debug', stream }, clock: t.clock, web: false });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mette', password: 'demo' } });
    const cookie = `retur_session=${login.cookies[0].value}`;
    const [c] = await t.db.query<{ cpr: string }>('SELECT ci.cpr FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id WHERE c.id = $1', [teamCaseId]);
    await app.inject({ url: `/api/cases?q=${c.cpr}`, headers: { cookie } });
    await app.inject({ url: `/api/cases?q=${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}`, headers: { cookie } });
    await app.inject({ method: 'POST', url: '/api/cases', payload: { citizen: { cpr: c.cpr, name: 'Log Test' } }, headers: { cookie } });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/api/cases?q=');
    expect(log).not.toContain(c.cpr);
    expect(log).not.toContain(c.cpr.slice(6));
  });
});
