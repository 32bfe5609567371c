/**
 * Regression tests for the holes an attacker's probe found (issue 7), one block per finding. Each failed before
 * its fix. The authorization matrix and the fuzzing of every write route live in their own files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { buildServer } from '../../src/api/server.ts';
import { addDays } from '../../src/domain/dates.ts';

let t: TestApp;
let nordCase: { id: number; version: number; citizenId: number };
let sydCase: { id: number; citizenId: number; cpr: string; name: string; email: string | null };
beforeAll(async () => {
  t = await startTestApp();
  [nordCase] = await t.db.query<{ id: number; version: number; citizenId: number }>(
    `SELECT c.id, c.version, c.citizen_id AS "citizenId" FROM sb_case c JOIN app_user u ON u.username = 'mette'
      WHERE c.team_id = u.team_id AND c.status = 'open' AND c.kind = 'sickness_benefit' ORDER BY c.id LIMIT 1`);
  [sydCase] = await t.db.query<{ id: number; citizenId: number; cpr: string; name: string; email: string | null }>(
    `SELECT c.id, c.citizen_id AS "citizenId", ci.cpr, ci.name, ci.email FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id JOIN app_user u ON u.username = 'mette'
      WHERE c.team_id <> u.team_id AND c.status = 'open' AND c.kind = 'sickness_benefit' AND ci.email IS NOT NULL ORDER BY c.id LIMIT 1`);
});
afterAll(async () => { await t?.close(); });

type Method = 'GET' | 'POST' | 'PATCH';
async function as(user: string | null, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, payload: payload as object, headers: { ...(user ? { cookie: await t.login(user) } : {}), ...headers } });
}
const version = async (id: number) => (await t.db.query<{ version: number }>('SELECT version FROM sb_case WHERE id = $1', [id]))[0].version;
const newCase = (cpr: string, kind = 'sickness_benefit', over: Record<string, unknown> = {}) => ({
  citizen: { cpr, name: 'Prøve Person', email: 'proeve@example.dk' }, kind, firstAbsenceDay: addDays(t.today, -10), employment: 'unemployed', sickLeave: 'full', ...over,
});

describe(`1. creating a case reveals nothing beyond the caller's rights (${engineName})`, () => {
  it('another team\'s citizen with an open case: 409 for both kinds, with no case number, name or e-mail, and the attempt is audited', async () => {
    const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM sb_case');
    for (const kind of ['sickness_benefit', 'job_clarification']) {
      const res = await as('mette', 'POST', '/api/cases', newCase(sydCase.cpr, kind));
      expect(res.statusCode, kind).toBe(409);
      expect(res.json().errors[0].path).toBe('citizen.cpr');
      expect(res.body).not.toMatch(new RegExp(`\\b${sydCase.id}\\b`));
      expect(res.body).not.toContain(sydCase.name);
      expect(res.body).not.toContain(sydCase.email!);
    }
    const [{ n: after }] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM sb_case');
    expect(after).toBe(before);
    const refused = await t.db.query(`SELECT 1 FROM audit_entry a JOIN app_user u ON u.id = a.user_id WHERE u.username = 'mette' AND a.operation = 'refused' AND a.citizen_id = $1`, [sydCase.citizenId]);
    expect(refused.length).toBe(2);
  });

  it('a citizen whose earlier cases are closed gets a new case, showing what the caseworker typed, not what was stored', async () => {
    const [old] = await t.db.query<{ cpr: string; name: string }>(
      `SELECT ci.cpr, ci.name FROM citizen ci WHERE NOT EXISTS (SELECT 1 FROM sb_case c WHERE c.citizen_id = ci.id AND c.status = 'open') ORDER BY ci.id LIMIT 1`);
    const created = await as('mette', 'POST', '/api/cases', newCase(old.cpr, 'sickness_benefit', { citizen: { cpr: old.cpr, name: 'Nyt Navn', email: 'ny@example.dk' } }));
    expect(created.statusCode).toBe(201);
    const view = (await as('mette', 'GET', `/api/cases/${created.json().id}`)).json();
    expect(view.citizen).toMatchObject({ name: 'Nyt Navn', email: 'ny@example.dk' });
  });

  it('a caseworker cannot create a case for a colleague (giving work is the team leader\'s)', async () => {
    const [colleague] = await t.db.query<{ id: number }>(`SELECT u.id FROM app_user u JOIN app_user m ON m.username = 'mette' WHERE u.team_id = m.team_id AND u.role = 'caseworker' AND u.id <> m.id LIMIT 1`);
    const res = await as('mette', 'POST', '/api/cases', { ...newCase('1212121212'), caseworkerId: colleague.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('caseworkerId');
  });
});

describe(`2. analysts see no free text that may name a citizen (${engineName})`, () => {
  it('task titles, deadline reasons, notes and their copies in the history are hidden from the analyst', async () => {
    const [c] = await t.db.query<{ cpr: string; name: string }>('SELECT ci.cpr, ci.name FROM citizen ci WHERE ci.id = $1', [nordCase.citizenId]);
    const secret = `${c.name} ${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}`;
    expect((await as('mette', 'POST', `/api/cases/${nordCase.id}/tasks`, { title: `Ring til ${secret}`, due: t.today })).statusCode).toBe(201);
    const plan = (await as('mette', 'GET', `/api/cases/${nordCase.id}`)).json().plan;
    const open = plan.deadlines.find((d: { status: string; duty: string }) => d.status === 'open' && d.duty === 'municipality');
    const adj = await as('mette', 'POST', `/api/cases/${nordCase.id}/deadlines/${open.kind}/adjust`, { version: await version(nordCase.id), due: addDays(open.due, -1), reason: `Aftalt med ${secret}` });
    expect(adj.statusCode).toBe(200);
    expect((await as('mette', 'POST', `/api/cases/${nordCase.id}/notes`, { text: `Talt med ${secret}` })).statusCode).toBe(201);

    const mine = (await as('mette', 'GET', `/api/cases/${nordCase.id}`)).body;
    expect(mine).toContain(c.name);
    const anne = await as('anne', 'GET', `/api/cases/${nordCase.id}`);
    expect(anne.statusCode).toBe(200);
    for (const leak of [c.name, c.cpr, `${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}`, c.cpr.slice(6)]) expect(anne.body).not.toContain(leak);
    const body = anne.json();
    expect(body.tasks.some((x: { title: string }) => x.title === '(skjult)')).toBe(true);
    expect(body.actions.find((a: { type: string }) => a.type === 'deadline-adjusted').payload.reason).toBe('(skjult)');
    expect(body.plan.deadlines.find((d: { kind: string }) => d.kind === open.kind).adjustReason).toBe('(skjult)');
  });
});

describe(`2b. nothing an analyst can open names a citizen (${engineName})`, () => {
  it('the case list and every case page an analyst opens hold no citizen\'s CPR number or name', async () => {
    const citizens = await t.db.query<{ cpr: string; name: string }>(
      'SELECT ci.cpr, ci.name FROM citizen ci WHERE ci.cpr IS NOT NULL AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.name = ci.name)');
    const list = await as('anne', 'GET', '/api/cases?status=all&limit=200');
    const bodies = [list.body];
    for (const c of list.json().cases.slice(0, 40)) bodies.push((await as('anne', 'GET', `/api/cases/${c.id}`)).body);
    const all = bodies.join('\n');
    const leaks = citizens.filter((c) => all.includes(c.cpr) || all.includes(`${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}`) || all.includes(c.name));
    expect(leaks.map((c) => c.name)).toEqual([]);
  });
});

describe(`3. password guessing is slowed (${engineName})`, () => {
  const attempt = (username: string, password: string, address: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: address });

  it('after 5 wrong passwords the user name is locked for a while, even with the right password; a known and an unknown name behave alike', async () => {
    for (const name of ['lars', 'ingen-saadan']) {
      for (let i = 0; i < 5; i++) expect((await attempt(name, 'forkert', `10.0.0.${i + 1}`)).statusCode).toBe(401);
      const locked = await attempt(name, name === 'lars' ? 'demo' : 'forkert', '10.0.0.9');
      expect(locked.statusCode, name).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.json().detail).toMatch(/For mange forkerte forsøg/);
    }
    t.clock.advance(16 * 60_000);
    expect((await attempt('lars', 'demo', '10.0.0.9')).statusCode).toBe(200);
  });

  it('one address trying many user names is stopped (here after 8 failures; 50 by default)', async () => {
    const app = await buildServer({ db: t.db, clock: t.clock, web: false, auth: { loginLimits: { perUser: 5, perAddress: 8, windowMinutes: 15 } } });
    const go = (username: string, password: string, remoteAddress: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
    for (let i = 0; i < 8; i++) expect((await go(`bruger${i}`, 'forkert', '10.9.9.9')).statusCode).toBe(401);
    expect((await go('maria', 'demo', '10.9.9.9')).statusCode).toBe(429);
    expect((await go('maria', 'demo', '10.9.9.10')).statusCode).toBe(200);
    await app.close();
  });

  it('an unknown user name costs the same work as a wrong password (no timing oracle)', async () => {
    const time = async (username: string, i: number) => { const t0 = performance.now(); await attempt(username, 'forkert', `10.1.${i}.1`); return performance.now() - t0; };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load on the machine hits both alike; before the fix an unknown name answered ~50x faster.
    for (let i = 0; i < 4; i++) { known.push(await time('anne', i)); unknown.push(await time(`ukendt${i}`, i + 10)); }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(median(unknown) / median(known)).toBeGreaterThan(0.3);
    await t.db.query(`DELETE FROM login_failure WHERE username = 'anne'`);
  });

  it('the raw request rate per address is capped too, with a problem+json 429', async () => {
    const app = await buildServer({ db: t.db, clock: t.clock, web: false, auth: { loginRequestsPerMinute: 3 } });
    const go = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'henrik', password: 'demo' }, remoteAddress: '10.2.2.2' });
    for (let i = 0; i < 3; i++) expect((await go()).statusCode).toBe(200);
    const res = await go();
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    await app.close();
  });
});

describe(`4. changes only from retur's own pages (CSRF) (${engineName})`, () => {
  it('a body-less POST from another site is refused and changes nothing; the same request from retur works', async () => {
    const task = await as('mette', 'POST', `/api/cases/${nordCase.id}/tasks`, { title: 'CSRF-prøve', due: t.today });
    const url = `/api/cases/${nordCase.id}/tasks/${task.json().taskId ?? (await t.db.query<{ id: number }>("SELECT id FROM case_task WHERE title = 'CSRF-prøve'"))[0].id}/complete`;
    const cross = await as('mette', 'POST', url, 'x', { origin: 'https://ond.example', 'content-type': 'text/plain' });
    expect(cross.statusCode).toBe(403);
    expect((await t.db.query("SELECT done_at FROM case_task WHERE title = 'CSRF-prøve'"))[0].done_at).toBeNull();
    const noOrigin = await as('mette', 'POST', url, undefined, { 'sec-fetch-site': 'cross-site' });
    expect(noOrigin.statusCode).toBe(403);
    const same = await as('mette', 'POST', url, undefined, { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(same.statusCode).toBe(200);
  });

  it('logging someone out from another site does not work', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'maria', password: 'demo' }, remoteAddress: '10.3.3.3' });
    const cookie = `retur_session=${login.cookies[0].value}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, origin: 'https://ond.example' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });
});

describe(`5. security headers (${engineName})`, () => {
  it('CSP with frame-ancestors, nosniff, no referrer, and no caching of answers about citizens', async () => {
    const res = await as('mette', 'GET', `/api/cases/${nordCase.id}`);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe(`6. CPR numbers stay out of URLs and logs (${engineName})`, () => {
  it('a search by CPR goes in a POST body; the URL form is refused', async () => {
    const [c] = await t.db.query<{ cpr: string }>('SELECT cpr FROM citizen WHERE id = $1', [nordCase.citizenId]);
    const res = await as('mette', 'POST', '/api/cases/search', { q: c.cpr, status: 'all' });
    expect(res.json().cases.map((x: { id: number }) => x.id)).toContain(nordCase.id);
    const url = await as('mette', 'GET', `/api/cases?q=${c.cpr}`);
    expect(url.statusCode).toBe(400);
    expect(url.json().errors[0].path).toBe('q');
  });

  it('masking catches every spelling of the separator in a logged URL', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const app = await buildServer({ db: t.db, clock: t.clock, logger: { level: 'info', stream }, web: false });
    const seps = ['', '-', '+', '%20', '%2D', '%2d', '%09', '%252D', '.', '%2F', '%C2%A0', '%E2%80%93', '%20-%20'];
    for (const sep of seps) await app.inject({ url: `/api/cases?q=150385${sep}4321` });
    await app.inject({ url: '/api/cases?q=%31%35%30%33%38%35%34%33%32%31' });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('150385-xxxx');
    expect(log).not.toContain('4321');
  });
});

describe(`7. bad input gets a 400 naming the field, never a 500 (${engineName})`, () => {
  it('NUL characters and lone surrogates in any text field', async () => {
    for (const text of ['før\u0000efter', 'halv \uD800 surrogat', 'omvendt \uDC00']) {
      const note = await as('mette', 'POST', `/api/cases/${nordCase.id}/notes`, { text });
      expect(note.statusCode, JSON.stringify(text)).toBe(400);
      expect(note.json().errors[0].path).toBe('text');
    }
    const nested = await as('mette', 'POST', '/api/cases', newCase('0101901234', 'sickness_benefit', { citizen: { cpr: '0101901234', name: 'A\u0000B' } }));
    expect(nested.statusCode).toBe(400);
    expect(nested.json().errors[0].path).toBe('citizen.name');
    const query = await as('mette', 'GET', '/api/worklist?group=%00');
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('group');
  });

  it('ids beyond PostgreSQL\'s int, and ids written as 0x1 or 1e0, in path, body and query', async () => {
    for (const id of ['2147483648', '99999999999999999999', '0x1', '1e0', '1.0', '-1']) {
      const res = await as('mette', 'GET', `/api/cases/${id}`);
      expect(res.statusCode, id).toBe(400);
      expect(res.json().errors[0].path).toBe('id');
    }
    const body = await as('lars', 'POST', `/api/cases/${nordCase.id}/assign`, { version: 1, caseworkerId: 2147483648, reason: 'for stort id' });
    expect(body.statusCode).toBe(400);
    expect(body.json().errors[0].path).toBe('caseworkerId');
    const query = await as('lars', 'GET', '/api/worklist?caseworkerId=2147483648');
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('caseworkerId');
    const task = await as('mette', 'POST', `/api/cases/${nordCase.id}/tasks/2147483648/complete`);
    expect(task.statusCode).toBe(400);
    expect(task.json().errors[0].path).toBe('taskId');
  });

  it('a search for % or _ matches only names that contain them', async () => {
    for (const q of ['%', '_', '%%', 'a%']) {
      const res = await as('mette', 'POST', '/api/cases/search', { q, status: 'all' });
      expect(res.statusCode).toBe(200);
      expect(res.json().total, q).toBe(0);
    }
  });

  it('unknown fields are refused, named by their own path', async () => {
    const res = await as('mette', 'POST', `/api/cases/${nordCase.id}/notes`, { text: 'ok', isAdmin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'isAdmin', message: expect.stringMatching(/Ukendt felt/) }]);
    const nested = await as('mette', 'PATCH', `/api/cases/${nordCase.id}`, { version: 1, changes: { standby: true, teamId: 2 } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().errors.map((e: { path: string }) => e.path)).toContain('changes.teamId');
  });

  it('dates outside 2000-2099 are refused', async () => {
    for (const due of ['1000-01-01', '9999-12-31', '1999-12-31', '2100-01-01']) {
      const res = await as('mette', 'POST', `/api/cases/${nordCase.id}/tasks`, { title: 'Datoprøve', due });
      expect(res.statusCode, due).toBe(400);
      expect(res.json().errors[0]).toEqual({ path: 'due', message: 'Datoen skal ligge mellem år 2000 og 2099' });
    }
  });
});

describe(`8. the audit log (${engineName})`, () => {
  it('pages past 1,000 entries and filters by user, period and operation, so no read can be hidden', async () => {
    const [cpr] = await t.db.query<{ cpr: string }>('SELECT cpr FROM citizen WHERE id = $1', [sydCase.citizenId]);
    expect((await as('maria', 'GET', `/api/cases/${sydCase.id}`)).statusCode).toBe(200);
    // 1,100 later reads by someone else bury maria's read under the first page.
    await t.db.query(`INSERT INTO audit_entry (at, user_id, operation, entity, entity_id, citizen_id, endpoint)
      SELECT $2::timestamptz + (g || ' seconds')::interval, u.id, 'read', 'case', $3, $1, 'GET /api/cases/:id' FROM generate_series(1, 1100) g, app_user u WHERE u.username = 'lars'`,
      [sydCase.citizenId, t.clock.now(), String(sydCase.id)]);
    const seen: { user_name: string; operation: string }[] = [];
    let before: number | null = null;
    let pages = 0;
    do {
      const page: { entries: { user_name: string; operation: string }[]; nextBefore: number | null } =
        (await as('henrik', 'POST', '/api/admin/audit/search', { cpr: cpr.cpr, limit: 500, ...(before ? { before } : {}) })).json();
      seen.push(...page.entries);
      before = page.nextBefore;
      pages++;
    } while (before && pages < 10);
    expect(seen.length).toBeGreaterThan(1100);
    expect(seen.some((e) => e.user_name === 'Maria Leder')).toBe(true);
    const [maria] = await t.db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'maria'");
    const byUser = (await as('henrik', 'POST', '/api/admin/audit/search', { cpr: cpr.cpr, userId: maria.id, operation: 'read', from: t.today, to: t.today })).json();
    expect(byUser.entries.length).toBeGreaterThan(0);
    expect(byUser.entries.every((e: { user_name: string }) => e.user_name === 'Maria Leder')).toBe(true);
  });

  it('a refused read of another team\'s case is audited with the citizen', async () => {
    expect((await as('mette', 'GET', `/api/cases/${sydCase.id}`)).statusCode).toBe(403);
    const [mette] = await t.db.query<{ id: number }>("SELECT id FROM app_user WHERE username = 'mette'");
    const res = (await as('henrik', 'POST', '/api/admin/audit/search', { citizenId: sydCase.citizenId, userId: mette.id, operation: 'refused' })).json();
    expect(res.entries).toEqual(expect.arrayContaining([expect.objectContaining({ operation: 'refused', entity: 'case', entity_id: String(sydCase.id), endpoint: 'GET /api/cases/:id' })]));
  });

  it('the audit table cannot be changed or emptied, even in SQL', async () => {
    await expect(t.db.query("UPDATE audit_entry SET operation = 'write' WHERE id = (SELECT min(id) FROM audit_entry)")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_entry WHERE id = (SELECT min(id) FROM audit_entry)')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
  });
});

describe(`health information only for the case's own team (${engineName})`, () => {
  it('the caseworker sees the diagnosis group and health notes; the manager sees the case without them', async () => {
    const v = await version(nordCase.id);
    expect((await as('mette', 'PATCH', `/api/cases/${nordCase.id}`, { version: v, changes: { diagnosisGroup: 'mental' } })).statusCode).toBe(200);
    expect((await as('mette', 'POST', `/api/cases/${nordCase.id}/notes`, { text: 'Lægen vurderer svær depression', health: true })).statusCode).toBe(201);
    expect((await as('mette', 'POST', `/api/cases/${nordCase.id}/notes`, { text: 'Aftalt at ringe fredag' })).statusCode).toBe(201);
    const mette = (await as('mette', 'GET', `/api/cases/${nordCase.id}`)).json();
    expect(mette.case).toMatchObject({ diagnosisGroup: 'mental', healthHidden: false });
    expect(mette.notes.map((n: { text: string }) => n.text)).toContain('Lægen vurderer svær depression');
    const maria = await as('maria', 'GET', `/api/cases/${nordCase.id}`);
    expect(maria.body).not.toContain('depression');
    expect(maria.body).not.toContain('"mental"');
    expect(maria.json().case).toMatchObject({ diagnosisGroup: null, healthHidden: true });
    expect(maria.json().notes.map((n: { text: string }) => n.text)).toContain('Aftalt at ringe fredag');
  });
});

describe(`10. sessions end when idle (${engineName})`, () => {
  it('a session ends after 30 minutes without a request, but not while in use, and after 10 hours in any case', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lars', password: 'demo' }, remoteAddress: '10.4.4.4' });
    const cookie = `retur_session=${login.cookies[0].value}`;
    const me = () => t.app.inject({ url: '/api/auth/me', headers: { cookie } }).then((r) => r.statusCode);
    for (let i = 0; i < 3; i++) { t.clock.advance(20 * 60_000); expect(await me()).toBe(200); }
    t.clock.advance(31 * 60_000);
    expect(await me()).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'lars', password: 'demo' }, remoteAddress: '10.4.4.4' });
    const cookie2 = `retur_session=${again.cookies[0].value}`;
    for (let i = 0; i < 34; i++) { t.clock.advance(18 * 60_000); if (i < 33) expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie2 } })).statusCode).toBe(200); }
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie2 } })).statusCode).toBe(401);
  });
});
