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
  // For each route: the roles that may use it. Everyone else gets 401 (not logged in) or 403.
  const routes: { name: string; method: string; url: () => string; body?: () => unknown; allowed: string[] }[] = [
    { name: 'GET /api/cases', method: 'GET', url: () => '/api/cases', allowed: ['mette', 'lars', 'maria', 'anne'] },
    { name: 'GET /api/cases/:id', method: 'GET', url: () => `/api/cases/${teamCaseId}`, allowed: ['mette', 'lars', 'maria', 'anne'] },
    { name: 'PATCH /api/cases/:id', method: 'PATCH', url: () => `/api/cases/${teamCaseId}`, body: () => ({ version: 999, changes: { standby: true } }), allowed: ['mette', 'lars'] },
    { name: 'POST /api/cases/:id/close', method: 'POST', url: () => `/api/cases/${teamCaseId}/close`, body: () => ({ version: 999, exitDate: '2026-01-01', exitReason: 'moved' }), allowed: ['mette', 'lars'] },
    { name: 'POST /api/cases/:id/assign', method: 'POST', url: () => `/api/cases/${teamCaseId}/assign`, body: () => ({ version: 999, caseworkerId: 1, reason: 'test af adgang' }), allowed: ['lars', 'maria'] },
    { name: 'POST /api/admin/audit/search', method: 'POST', url: () => '/api/admin/audit/search', body: () => ({ citizenId: 1 }), allowed: ['henrik'] },
    { name: 'GET /api/users', method: 'GET', url: () => '/api/users', allowed: ['mette', 'lars', 'maria', 'henrik'] },
    { name: 'POST /api/rules/policy', method: 'POST', url: () => '/api/rules/policy', body: () => ({}), allowed: ['henrik'] },
    { name: 'POST /api/rules/preview', method: 'POST', url: () => '/api/rules/preview', body: () => ({ ruleSet: 'RS-2027', asOf: '2099-01-01' }), allowed: ['lars', 'maria', 'anne', 'henrik'] },
    { name: 'POST /api/cases/:id/deadlines/:kind/adjust', method: 'POST', url: () => `/api/cases/${teamCaseId}/deadlines/first-follow-up/adjust`, body: () => ({ version: 999, due: null, reason: 'adgangstest' }), allowed: ['mette', 'lars'] },
    { name: 'GET /api/worklist', method: 'GET', url: () => '/api/worklist', allowed: ['mette', 'lars', 'maria'] },
    { name: 'POST /api/cases/:id/meetings/record', method: 'POST', url: () => `/api/cases/${teamCaseId}/meetings/record`, body: () => ({ version: 999, heldOn: '2026-01-01', form: 'phone', attendance: 'attended' }), allowed: ['mette', 'lars'] },
    { name: 'POST /api/cases/:id/tasks', method: 'POST', url: () => `/api/cases/${teamCaseId}/tasks`, body: () => ({ title: 'x', due: 'nope' }), allowed: ['mette', 'lars'] },
    { name: 'POST /api/cases/:id/notes', method: 'POST', url: () => `/api/cases/${teamCaseId}/notes`, body: () => ({ text: '' }), allowed: ['mette', 'lars'] },
    { name: 'GET /api/team/overview', method: 'GET', url: () => '/api/team/overview', allowed: ['lars', 'maria'] },
    { name: 'GET /api/team/weekly.xlsx', method: 'GET', url: () => '/api/team/weekly.xlsx', allowed: ['lars', 'maria'] },
    { name: 'POST /api/cases/bulk-assign', method: 'POST', url: () => '/api/cases/bulk-assign', body: () => ({ cases: [] }), allowed: ['lars', 'maria'] },
    { name: 'POST /api/cases/:id/meetings', method: 'POST', url: () => `/api/cases/${teamCaseId}/meetings`, body: () => ({ version: 999, plannedFor: '2099-01-01', form: 'phone' }), allowed: ['mette', 'lars'] },
    { name: 'POST /api/cases/:id/tasks/:taskId/complete', method: 'POST', url: () => `/api/cases/${teamCaseId}/tasks/999999/complete`, allowed: ['mette', 'lars'] },
    { name: 'GET /api/team/weekly', method: 'GET', url: () => '/api/team/weekly', allowed: ['lars', 'maria'] },
    { name: 'GET /api/team/weekly.csv', method: 'GET', url: () => '/api/team/weekly.csv', allowed: ['lars', 'maria'] },
    { name: 'POST /api/rules/plan', method: 'POST', url: () => '/api/rules/plan', body: () => ({ firstAbsenceDay: '2026-01-05', employment: 'employed' }), allowed: ['mette', 'lars', 'maria', 'anne', 'henrik'] },
    { name: 'GET /api/rules/dispatch-date', method: 'GET', url: () => '/api/rules/dispatch-date?date=2026-11-20', allowed: ['mette', 'lars', 'maria', 'anne', 'henrik'] },
    { name: 'GET /api/rules/answer-due', method: 'GET', url: () => '/api/rules/answer-due?channel=phone&received=2026-11-20', allowed: ['mette', 'lars', 'maria', 'anne', 'henrik'] },
    { name: 'GET /api/rules', method: 'GET', url: () => '/api/rules', allowed: ['mette', 'lars', 'maria', 'anne', 'henrik'] },
  ];
  const users = ['mette', 'lars', 'maria', 'anne', 'henrik'];
  for (const r of routes) {
    it(`${r.name}: only ${r.allowed.join(', ')}`, async () => {
      expect((await inject(null, r.method, r.url(), r.body?.())).statusCode).toBe(401);
      for (const u of users) {
        const res = await inject(u, r.method, r.url(), r.body?.());
        if (r.allowed.includes(u)) expect(res.statusCode, `${u} should be let in`).not.toBe(403);
        else expect(res.statusCode, `${u} should be refused`).toBe(403);
      }
    });
  }

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
