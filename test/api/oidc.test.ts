/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on 127.0.0.1, driven over real HTTP the way a
 * browser would: redirects followed by hand, a cookie jar, the provider's own login and consent forms. Nothing of the
 * provider is mocked; retur runs on the test database of this run's engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { Writable } from 'node:stream';
// oidc-provider ships no type declarations (DefinitelyTyped's are not installed); its few calls here are typed below.
// @ts-ignore
import Provider from 'oidc-provider';
import type { FastifyInstance } from 'fastify';
import { startTestApp, engineName, type TestApp } from '../helpers.ts';
import { buildServer } from '../../src/api/server.ts';
import { oidcFromEnv, type OidcSettings } from '../../src/app/oidc.ts';

interface Account { name: string; email: string; roles: string[]; team?: string }
/** The provider's user directory: tests change it between logins, as the municipality's IT would. */
const accounts = new Map<string, Account>();

const ROLE_MAP = { 'SG-retur-teamleder': 'team_leader', 'SG-retur-sagsbehandler': 'caseworker', 'SG-retur-leder': 'manager' } as const;

let t: TestApp;
let app: FastifyInstance;
let providerServer: Server;
let issuer: string;
let retur: string;
const logLines: string[] = [];

/** A free port on the loopback interface (the provider must know retur's redirect URI before retur starts). */
async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

beforeAll(async () => {
  t = await startTestApp();
  const returPort = await freePort();
  retur = `http://127.0.0.1:${returPort}`;

  providerServer = createServer();
  await new Promise<void>((ok) => providerServer.listen(0, '127.0.0.1', ok));
  issuer = `http://127.0.0.1:${(providerServer.address() as { port: number }).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'retur',
      client_secret: 'en-lang-hemmelighed-kun-til-test',
      redirect_uris: [`${retur}/api/auth/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    // Refuse any authorization request without PKCE, so the test proves retur sends it.
    pkce: { required: () => true },
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles', 'team'], email: ['email'] },
    async findAccount(_ctx: unknown, id: string) {
      const a = accounts.get(id);
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: a.name, email: a.email, preferred_username: id, roles: a.roles, team: a.team }) };
    },
  });
  providerServer.on('request', provider.callback());

  const settings: OidcSettings = {
    issuer, clientId: 'retur', clientSecret: 'en-lang-hemmelighed-kun-til-test', redirectUri: `${retur}/api/auth/oidc/callback`,
    roleMap: ROLE_MAP, allowInsecureRequests: true,
  };
  const stream = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  app = await buildServer({ db: t.db, clock: t.clock, oidc: settings, web: false, logger: { level: 'warn', stream } });
  await app.listen({ port: returPort, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await new Promise<void>((ok) => (providerServer ? providerServer.close(() => ok()) : ok()));
  await t?.close();
});

/** A browser: a cookie jar per host (like a browser, ports share cookies), no automatic redirects. */
class Browser {
  private jar = new Map<string, { value: string; path: string }>();
  cookie(name: string) { return this.jar.get(name)?.value; }
  async request(url: string | URL, init: { method?: string; form?: Record<string, string> } = {}) {
    const u = new URL(url);
    const cookies = [...this.jar].filter(([, c]) => u.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
    const res = await fetch(u, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookies ? { cookie: cookies } : {}), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      const attr = (k: string) => attrs.find((a) => a.toLowerCase().startsWith(k + '='))?.split('=').slice(1).join('=');
      const expires = attr('expires');
      const gone = value === '' || attr('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() < Date.parse('2000-01-02'));
      if (gone) this.jar.delete(name);
      else this.jar.set(name, { value, path: attr('path') ?? '/' });
    }
    return res;
  }
}

/**
 * Starts an SSO login at retur and plays the user at the provider (login form, consent form) until the provider
 * sends the browser back to retur's callback; returns that callback URL without following it.
 */
async function untilCallback(b: Browser, account: string): Promise<URL> {
  let res = await b.request(`${retur}/api/auth/oidc/login`);
  let url = new URL(`${retur}/api/auth/oidc/login`);
  for (let step = 0; step < 20; step++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url);
      if (url.href.startsWith(`${retur}/api/auth/oidc/callback`)) return url;
      if (url.origin === retur) throw new Error(`retur refused before the provider: ${url.href}`);
      res = await b.request(url);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`provider ${res.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url.href}: ${html.slice(0, 500)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url);
    res = await b.request(url, { method: 'POST', form: prompt === 'login' ? { prompt, login: account, password: 'hvad-som-helst' } : { prompt } });
  }
  throw new Error('too many steps at the provider');
}

/** The whole flow; returns where retur sent the browser after the callback. */
async function ssoLogin(b: Browser, account: string): Promise<string> {
  const res = await b.request(await untilCallback(b, account));
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

const me = async (b: Browser) => {
  const res = await b.request(`${retur}/api/auth/me`);
  return { status: res.status, body: res.status === 200 ? (await res.json()) as { user: { id: number; role: string; teamId: number | null; name: string } } : null };
};
const teamId = async (name: string) => (await t.db.query<{ id: number }>('SELECT id FROM team WHERE name = $1', [name]))[0].id;

describe(`single sign-on through OpenID Connect (${engineName})`, () => {
  it('tells the login page whether SSO is on', async () => {
    expect((await (await fetch(`${retur}/api/auth/oidc`)).json())).toEqual({ enabled: true });
    expect((await t.app.inject({ url: '/api/auth/oidc' })).json()).toEqual({ enabled: false });
    const off = await t.app.inject({ url: '/api/auth/oidc/login' });
    expect(off.statusCode).toBe(302);
    expect(off.headers.location).toBe('/?sso=fejl&grund=ikke-sat-op');
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, remembering them behind an httpOnly cookie', async () => {
    const res = await fetch(`${retur}/api/auth/oidc/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('client_id')).toBe('retur');
    expect(to.searchParams.get('response_type')).toBe('code');
    expect(to.searchParams.get('redirect_uri')).toBe(`${retur}/api/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('retur_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The cookie holds a random key only: nothing of the state, nonce or verifier.
    const key = cookie.split(';')[0].split('=')[1];
    expect(key).not.toContain(to.searchParams.get('state'));
  });

  it('a mapped user gets a session; /api/auth/me shows the role and team from the claims', async () => {
    accounts.set('sb-1001', { name: 'Sofie Sagsbehandler', email: 'sofie@kommune.test', roles: ['Alle-ansatte', 'SG-retur-sagsbehandler'], team: 'Team Nord' });
    const b = new Browser();
    expect(await ssoLogin(b, 'sb-1001')).toBe('/');
    expect(b.cookie('retur_session')).toBeTruthy();
    expect(b.cookie('retur_oidc')).toBeUndefined();
    const who = await me(b);
    expect(who.status).toBe(200);
    expect(who.body!.user).toMatchObject({ role: 'caseworker', teamId: await teamId('Team Nord'), name: 'Sofie Sagsbehandler' });
    const [row] = await t.db.query<{ username: string; password_hash: string | null; external_issuer: string; external_subject: string }>(
      'SELECT username, password_hash, external_issuer, external_subject FROM app_user WHERE id = $1', [who.body!.user.id]);
    expect(row).toEqual({ username: 'sb-1001', password_hash: null, external_issuer: issuer, external_subject: 'sb-1001' });
    // The new account is in the audit log, in the same transaction.
    const audit = await t.db.query<{ endpoint: string; details: { created: boolean; role: string } }>(
      "SELECT endpoint, details FROM audit_entry WHERE entity = 'app_user' AND entity_id = $1", [String(who.body!.user.id)]);
    expect(audit).toEqual([expect.objectContaining({ endpoint: 'GET /api/auth/oidc/callback', details: expect.objectContaining({ created: true, role: 'caseworker' }) })]);
    // The session works for the role's routes.
    expect((await b.request(`${retur}/api/worklist`)).status).toBe(200);
  });

  it('a role or team changed at the provider takes effect at the next login, on the same account', async () => {
    accounts.set('sb-1001', { ...accounts.get('sb-1001')!, roles: ['SG-retur-sagsbehandler', 'SG-retur-teamleder'], team: 'team syd' });
    const b = new Browser();
    expect(await ssoLogin(b, 'sb-1001')).toBe('/');
    const who = await me(b);
    // Both groups match; the role map lists the team leader first, so that role wins. Team names match without regard to case.
    expect(who.body!.user).toMatchObject({ role: 'team_leader', teamId: await teamId('Team Syd') });
    expect((await b.request(`${retur}/api/team/overview`)).status).toBe(200);
    expect(await t.db.query("SELECT id FROM app_user WHERE external_subject = 'sb-1001'")).toHaveLength(1);

    // Managers belong to no team, whatever the team claim says.
    accounts.set('sb-1001', { ...accounts.get('sb-1001')!, roles: ['SG-retur-leder'] });
    const c = new Browser();
    expect(await ssoLogin(c, 'sb-1001')).toBe('/');
    expect((await me(c)).body!.user).toMatchObject({ role: 'manager', teamId: null });
  });

  it('a user whose claims map to no role gets no session, a Danish reason on the login page, and a log line without personal data', async () => {
    accounts.set('x-2002', { name: 'Ulla Uden Rolle', email: 'ulla@kommune.test', roles: ['Alle-ansatte'], team: 'Team Nord' });
    const b = new Browser();
    expect(await ssoLogin(b, 'x-2002')).toBe('/?sso=fejl&grund=ingen-rolle');
    expect(b.cookie('retur_session')).toBeUndefined();
    expect((await me(b)).status).toBe(401);
    expect(await t.db.query("SELECT id FROM app_user WHERE external_subject = 'x-2002'")).toEqual([]);
    const line = logLines.find((l) => l.includes('ingen-rolle'))!;
    expect(line).toContain('Alle-ansatte');
    for (const personal of ['x-2002', 'Ulla', 'ulla@kommune.test']) expect(line).not.toContain(personal);
  });

  it('a caseworker needs a team that exists in retur', async () => {
    accounts.set('sb-3003', { name: 'Tom Uden Team', email: 'tom@kommune.test', roles: ['SG-retur-sagsbehandler'] });
    expect(await ssoLogin(new Browser(), 'sb-3003')).toBe('/?sso=fejl&grund=mangler-team');
    accounts.set('sb-3003', { ...accounts.get('sb-3003')!, team: 'Team Atlantis' });
    const b = new Browser();
    expect(await ssoLogin(b, 'sb-3003')).toBe('/?sso=fejl&grund=ukendt-team');
    expect((await me(b)).status).toBe(401);
    expect(logLines.some((l) => l.includes('ukendt-team') && l.includes('Team Atlantis'))).toBe(true);
  });

  it('a tampered or unknown state is refused, and a callback works only once', async () => {
    accounts.set('sb-4004', { name: 'Tina Test', email: 'tina@kommune.test', roles: ['SG-retur-sagsbehandler'], team: 'Team Nord' });
    // Tampered: the state in the callback is not the one this browser started with.
    const b = new Browser();
    const callback = await untilCallback(b, 'sb-4004');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forfalsket-state-værdi');
    const res = await b.request(tampered);
    expect(res.headers.get('location')).toBe('/?sso=fejl&grund=udloebet');
    expect(b.cookie('retur_session')).toBeUndefined();
    // The pending login was used up by that attempt: the genuine callback no longer works either.
    expect((await b.request(callback)).headers.get('location')).toBe('/?sso=fejl&grund=udloebet');

    // Unknown: a callback in a browser that never started a login (login CSRF: someone else's code and state).
    const c = new Browser();
    const foreign = await untilCallback(c, 'sb-4004');
    const stranger = new Browser();
    expect((await stranger.request(foreign)).headers.get('location')).toBe('/?sso=fejl&grund=udloebet');
    expect(stranger.cookie('retur_session')).toBeUndefined();

    // Replay: a good callback logs in once; the same URL again does not.
    const d = new Browser();
    const good = await untilCallback(d, 'sb-4004');
    expect((await d.request(good)).headers.get('location')).toBe('/');
    const again = await d.request(good);
    expect(again.headers.get('location')).toBe('/?sso=fejl&grund=udloebet');
    expect(again.headers.getSetCookie().some((l) => l.startsWith('retur_session='))).toBe(false);
  });

  it('the provider cancelling the login is explained, not a crash', async () => {
    const b = new Browser();
    const callback = await untilCallback(b, 'sb-4004');
    const denied = new URL(callback);
    denied.search = new URLSearchParams({ error: 'access_denied', state: callback.searchParams.get('state')!, iss: issuer }).toString();
    expect((await b.request(denied)).headers.get('location')).toBe('/?sso=fejl&grund=afbrudt');
  });

  it('a pending login expires', async () => {
    const b = new Browser();
    const callback = await untilCallback(b, 'sb-4004');
    const start = t.clock.now();
    t.clock.advance(11 * 60_000);
    try {
      expect((await b.request(callback)).headers.get('location')).toBe('/?sso=fejl&grund=udloebet');
    } finally {
      t.clock.set(start);
    }
  });

  it('a deactivated user cannot log in through the provider', async () => {
    await t.db.query("UPDATE app_user SET active = false WHERE external_subject = 'sb-4004'");
    const b = new Browser();
    expect(await ssoLogin(b, 'sb-4004')).toBe('/?sso=fejl&grund=deaktiveret');
    expect(b.cookie('retur_session')).toBeUndefined();
  });

  it('local logins go on working beside SSO, and SSO accounts have no password to guess', async () => {
    const ok = await fetch(`${retur}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mette', password: 'demo' }) });
    expect(ok.status).toBe(200);
    const sso = await fetch(`${retur}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sb-1001', password: '' }) });
    expect(sso.status).toBe(400);
    const guess = await fetch(`${retur}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sb-1001', password: 'null' }) });
    expect(guess.status).toBe(401);
  });
});

describe('oidcFromEnv', () => {
  const base = { RETUR_OIDC_ISSUER: 'https://login.kommune.dk/realms/retur', RETUR_OIDC_CLIENT_ID: 'retur', RETUR_OIDC_REDIRECT_URI: 'https://retur.kommune.dk/api/auth/oidc/callback' };
  it('is off without an issuer, and reads the rest with defaults', () => {
    expect(oidcFromEnv({})).toBeUndefined();
    expect(oidcFromEnv({ ...base, RETUR_OIDC_CLIENT_SECRET: 's' })).toEqual({
      issuer: base.RETUR_OIDC_ISSUER, clientId: 'retur', clientSecret: 's', redirectUri: base.RETUR_OIDC_REDIRECT_URI,
      scope: 'openid profile email', roleClaim: 'roles', roleMap: undefined, teamClaim: 'team',
    });
    expect(oidcFromEnv({ ...base, RETUR_OIDC_ROLE_CLAIM: 'groups', RETUR_OIDC_TEAM_CLAIM: 'department', RETUR_OIDC_ROLE_MAP: '{"SG-retur-sagsbehandler":"caseworker"}' }))
      .toMatchObject({ roleClaim: 'groups', teamClaim: 'department', roleMap: { 'SG-retur-sagsbehandler': 'caseworker' } });
  });
  it('names the variable that is wrong, in Danish', () => {
    expect(() => oidcFromEnv({ RETUR_OIDC_CLIENT_ID: 'retur' })).toThrow(/RETUR_OIDC_ISSUER mangler/);
    expect(() => oidcFromEnv({ ...base, RETUR_OIDC_CLIENT_ID: '' })).toThrow(/RETUR_OIDC_CLIENT_ID mangler/);
    expect(() => oidcFromEnv({ ...base, RETUR_OIDC_ISSUER: 'http://login.kommune.dk' })).toThrow(/https/);
    expect(() => oidcFromEnv({ ...base, RETUR_OIDC_ROLE_MAP: 'caseworker' })).toThrow(/skal være JSON/);
    expect(() => oidcFromEnv({ ...base, RETUR_OIDC_ROLE_MAP: '{"x":"chef"}' })).toThrow(/"x".*Rollen skal være en af/);
  });
});
