/**
 * Single sign-on through the municipality's OpenID Connect provider (authorization code flow with PKCE, state and
 * nonce). The provider is the source of truth for who may use retur: the role and the team come from its claims at
 * every login, and a user whose claims map to no role gets no session. Local username/password logins stay as they
 * are; an SSO user has no password here (app_user.password_hash is NULL) and is found by (issuer, subject) only,
 * never by user name, so a name chosen at the provider can never take over a local account.
 *
 * The protocol work (discovery, the authorization URL, the code exchange, ID token signature, iss/aud/exp/nonce
 * checks) is openid-client's. Those token checks use the machine's real time, not retur's clock: they are about
 * the provider's clock against ours, and the pending login's own expiry below uses `now` from the one clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import * as z from 'zod';
import type { Database, Queryable } from '../db/engine.ts';
import { ROLES, type Role } from '../domain/caseFields.ts';
import { DomainError, invalidField } from '../domain/errors.ts';
import { todayInDenmark } from '../domain/dates.ts';
import { auditAs } from './context.ts';
import { startSession, type SessionPolicy } from './auth.ts';

export interface OidcSettings {
  /** The provider's issuer identifier, e.g. https://login.kommune.dk/realms/retur (discovery at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  /** Sent with HTTP Basic (client_secret_basic); without one retur is a public client and relies on PKCE. */
  clientSecret?: string;
  /** Where the provider sends the user back: https://retur.kommune.dk/api/auth/oidc/callback */
  redirectUri: string;
  /** Scopes asked for; default `openid profile email`. */
  scope?: string;
  /** The claim holding the user's roles or groups (a string or a list; a dotted path such as `realm_access.roles` reaches into an object). Default `roles`. */
  roleClaim?: string;
  /**
   * Claim value → retur role. When the claims match several entries, the first entry wins, so list the strongest
   * first. Default: the retur role names themselves (`caseworker`, `team_leader`, `manager`, `analyst`, `administrator`).
   */
  roleMap?: Record<string, Role>;
  /** The claim naming the user's team, matched to team.name (case does not matter). Default `team`. */
  teamClaim?: string;
  /** Tests and local development only: allow an http:// issuer. */
  allowInsecureRequests?: boolean;
}

/** How long a login started at the provider may take before the browser comes back. */
export const PENDING_LOGIN_MINUTES = 10;
const DEFAULT_SCOPE = 'openid profile email';
const IDENTITY_ROLE_MAP = Object.fromEntries(Object.keys(ROLES).map((r) => [r, r])) as Record<string, Role>;
/** Caseworkers and team leaders work in one team (permissions.ts); the other roles see the municipality. */
const TEAM_ROLES: Role[] = ['caseworker', 'team_leader'];

/**
 * Why a single sign-on attempt got no session. The code travels to the login page in the query string
 * (`/?sso=fejl&grund=…`), which shows the Danish explanation; it never carries text from the provider.
 */
export type SsoRefusalReason =
  | 'ikke-sat-op' // SSO is not configured
  | 'utilgaengelig' // the provider could not be reached
  | 'udloebet' // no pending login for this browser, expired, already used, or state does not match
  | 'afbrudt' // the provider answered with an error (the user cancelled, or was refused there)
  | 'ugyldig' // the provider's answer failed validation (code, ID token, nonce, issuer)
  | 'deaktiveret' // the retur user is deactivated
  | 'ingen-rolle' // the claims map to no retur role
  | 'mangler-team' // a caseworker or team leader without a team claim
  | 'ukendt-team' // the team claim names no team in retur
  | 'flere-teams'; // the team claim names several teams

export class SsoRefused extends DomainError {
  constructor(readonly reason: SsoRefusalReason, detail: string, /** For the log: never personal data. */ readonly logDetails: Record<string, unknown> = {}) {
    super(reason === 'utilgaengelig' ? 'busy' : 'forbidden', detail);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration from the environment

const roleMapSchema = z.record(z.string().min(1), z.enum(Object.keys(ROLES) as [Role, ...Role[]], {
  error: `Rollen skal være en af ${Object.keys(ROLES).join(', ')}`,
}));

function absoluteUrl(name: string, value: string, httpsOnly: boolean): string {
  let url: URL;
  try { url = new URL(value); } catch { throw invalidField(name, `${name} skal være en fuld adresse (fx https://login.kommune.dk/realms/retur)`); }
  if (httpsOnly && url.protocol !== 'https:') throw invalidField(name, `${name} skal være en https-adresse`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidField(name, `${name} skal være en http- eller https-adresse`);
  return value;
}

/**
 * Single sign-on settings from RETUR_OIDC_*; undefined when RETUR_OIDC_ISSUER is not set. A half-made
 * configuration stops the start with the variable named, rather than a login button that cannot work.
 */
export function oidcFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const v = (name: string) => env[name]?.trim() || undefined;
  const issuer = v('RETUR_OIDC_ISSUER');
  if (!issuer) {
    const stray = ['RETUR_OIDC_CLIENT_ID', 'RETUR_OIDC_CLIENT_SECRET', 'RETUR_OIDC_REDIRECT_URI', 'RETUR_OIDC_ROLE_MAP'].find((n) => v(n));
    if (stray) throw invalidField('RETUR_OIDC_ISSUER', `${stray} er sat, men RETUR_OIDC_ISSUER mangler`);
    return undefined;
  }
  const clientId = v('RETUR_OIDC_CLIENT_ID');
  if (!clientId) throw invalidField('RETUR_OIDC_CLIENT_ID', 'RETUR_OIDC_CLIENT_ID mangler (klient-id hos kommunens login)');
  const redirectUri = v('RETUR_OIDC_REDIRECT_URI');
  if (!redirectUri) throw invalidField('RETUR_OIDC_REDIRECT_URI', 'RETUR_OIDC_REDIRECT_URI mangler (fx https://retur.kommune.dk/api/auth/oidc/callback)');
  let roleMap: Record<string, Role> | undefined;
  const rawMap = v('RETUR_OIDC_ROLE_MAP');
  if (rawMap) {
    let json: unknown;
    try { json = JSON.parse(rawMap); } catch { throw invalidField('RETUR_OIDC_ROLE_MAP', 'RETUR_OIDC_ROLE_MAP skal være JSON, fx {"SG-retur-sagsbehandler":"caseworker"}'); }
    const parsed = roleMapSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidField('RETUR_OIDC_ROLE_MAP', `RETUR_OIDC_ROLE_MAP${issue.path.length ? ` ("${issue.path.join('.')}")` : ''}: ${issue.message}`);
    }
    if (Object.keys(parsed.data).length === 0) throw invalidField('RETUR_OIDC_ROLE_MAP', 'RETUR_OIDC_ROLE_MAP er tom: ingen ville kunne logge ind');
    roleMap = parsed.data;
  }
  return {
    issuer: absoluteUrl('RETUR_OIDC_ISSUER', issuer, true),
    clientId,
    clientSecret: v('RETUR_OIDC_CLIENT_SECRET'),
    redirectUri: absoluteUrl('RETUR_OIDC_REDIRECT_URI', redirectUri, false),
    scope: v('RETUR_OIDC_SCOPES') ?? DEFAULT_SCOPE,
    roleClaim: v('RETUR_OIDC_ROLE_CLAIM') ?? 'roles',
    roleMap,
    teamClaim: v('RETUR_OIDC_TEAM_CLAIM') ?? 'team',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Claims → role and team (pure)

type Claims = Record<string, unknown>;

/** The values of a claim as strings: a string, a list, or a dotted path into an object (Keycloak's realm_access.roles). */
export function claimValues(claims: Claims, name: string): string[] {
  const value = name in claims
    ? claims[name]
    : name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' && !Array.isArray(o) ? (o as Claims)[k] : undefined), claims);
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((x) => typeof x === 'string' || typeof x === 'number').map((x) => String(x).trim()).filter(Boolean);
}

/** The retur role the claims give: the first entry of the role map whose claim value the user has. */
export function roleFromClaims(claims: Claims, settings: OidcSettings): Role | null {
  const have = new Set(claimValues(claims, settings.roleClaim ?? 'roles'));
  for (const [value, role] of Object.entries(settings.roleMap ?? IDENTITY_ROLE_MAP)) if (have.has(value)) return role;
  return null;
}

/** For the log: claim values are group or role names of the organisation, not personal data; bounded all the same. */
const forLog = (values: string[]) => values.slice(0, 10).map((s) => s.slice(0, 80));

// ---------------------------------------------------------------------------------------------------------------
// The provider

export interface OidcClient {
  readonly settings: OidcSettings;
  /** The discovered provider; discovery is retried on the next login if it failed. */
  configuration(): Promise<oidc.Configuration>;
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  let pending: Promise<oidc.Configuration> | null = null;
  return {
    settings,
    configuration() {
      pending ??= oidc.discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        { timeout: 10, ...(settings.allowInsecureRequests ? { execute: [oidc.allowInsecureRequests] } : {}) },
      ).catch((e) => { pending = null; throw e; });
      return pending;
    },
  };
}

const hashKey = (k: string) => createHash('sha256').update(k).digest('hex');

/**
 * Starts a login: PKCE verifier, state and nonce are kept server-side under the hash of a random key, which the
 * browser holds in a short-lived httpOnly cookie. The callback must come back to the same browser with the same
 * state, within PENDING_LOGIN_MINUTES, and only once.
 */
export async function beginOidcLogin(db: Database, client: OidcClient, now: Date): Promise<{ url: URL; key: string }> {
  let config: oidc.Configuration;
  try { config = await client.configuration(); } catch (e) {
    throw new SsoRefused('utilgaengelig', 'Kommunens login svarer ikke.', { error: errorForLog(e) });
  }
  const key = randomBytes(32).toString('base64url');
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  await db.transaction(async (tx) => {
    // Logins that were started and never finished: nothing refers to them once expired.
    await tx.query('DELETE FROM oidc_pending_login WHERE expires_at <= $1', [now]);
    await tx.query('INSERT INTO oidc_pending_login (key_hash, state, nonce, code_verifier, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [hashKey(key), state, nonce, verifier, now, new Date(now.getTime() + PENDING_LOGIN_MINUTES * 60_000)]);
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.settings.redirectUri,
    scope: client.settings.scope ?? DEFAULT_SCOPE,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url, key };
}

export interface CompleteInput {
  /** The key from the browser's pending-login cookie. */
  key: string | undefined;
  /** The query string the provider sent the browser back with (`?code=…&state=…`). */
  query: string;
  now: Date;
  sessions: SessionPolicy;
  /** For the audit log: `GET /api/auth/oidc/callback`. */
  endpoint: string;
}

/** Finishes a login: checks the answer, maps the claims, provisions or updates the user and starts a session. */
export async function completeOidcLogin(db: Database, client: OidcClient, input: CompleteInput): Promise<{ token: string; userId: number }> {
  const expired = () => new SsoRefused('udloebet', 'Login-forsøget er udløbet eller ukendt.');
  if (!input.key) throw expired();
  // Single use: the pending login is gone whatever happens next, so a callback cannot be replayed.
  const [pending] = await db.query<{ state: string; nonce: string; code_verifier: string; expires_at: string }>(
    'DELETE FROM oidc_pending_login WHERE key_hash = $1 RETURNING state, nonce, code_verifier, expires_at', [hashKey(input.key)]);
  if (!pending || new Date(pending.expires_at).getTime() <= input.now.getTime()) throw expired();

  const current = new URL(client.settings.redirectUri);
  current.search = input.query;
  // A state that is not the one this browser started with: another tab's login, or a forged callback (login CSRF).
  if (current.searchParams.get('state') !== pending.state) throw new SsoRefused('udloebet', 'Login-forsøget er udløbet eller ukendt.', { cause: 'state mismatch' });

  let config: oidc.Configuration;
  try { config = await client.configuration(); } catch (e) {
    throw new SsoRefused('utilgaengelig', 'Kommunens login svarer ikke.', { error: errorForLog(e) });
  }
  let claims: Claims;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.code_verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    claims = { ...idToken };
    // Many providers put roles and groups only in the UserInfo answer; the ID token's (signed) claims win on overlap.
    if (config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...idToken };
    }
  } catch (e) {
    throw refusalFor(e);
  }
  return signInFromClaims(db, client.settings, config.serverMetadata().issuer, claims, input);
}

function errorForLog(e: unknown) {
  const err = e as { name?: string; code?: string; message?: string; error?: string; cause?: { code?: string } };
  return { name: err.name, code: err.code ?? err.cause?.code, error: err.error, message: String(err.message ?? '').slice(0, 200) };
}

function refusalFor(e: unknown): SsoRefused {
  if (e instanceof SsoRefused) return e;
  if (e instanceof oidc.AuthorizationResponseError) return new SsoRefused('afbrudt', 'Kommunens login afviste eller afbrød login.', { error: e.error });
  const err = e as { name?: string; cause?: { code?: string }; code?: string };
  const network = err.name === 'TypeError' || err.name === 'AbortError' || err.name === 'TimeoutError' || /^(ECONN|ENOTFOUND|ETIMEDOUT|UND_ERR)/.test(err.cause?.code ?? '');
  return network
    ? new SsoRefused('utilgaengelig', 'Kommunens login svarer ikke.', { error: errorForLog(e) })
    : new SsoRefused('ugyldig', 'Svaret fra kommunens login kunne ikke godkendes.', { error: errorForLog(e) });
}

// ---------------------------------------------------------------------------------------------------------------
// The user

/** Text from the provider as we store it: no control characters (PostgreSQL refuses NUL), bounded. */
const clean = (s: unknown, max: number) => (typeof s === 'string' ? s.replace(/[\u0000-\u001F\u007F]/g, '').trim().slice(0, max) : '');

async function teamFromClaims(tx: Queryable, claims: Claims, settings: OidcSettings): Promise<number> {
  const values = claimValues(claims, settings.teamClaim ?? 'team');
  if (values.length === 0) throw new SsoRefused('mangler-team', 'Kommunens login angiver intet team.', { teamClaim: settings.teamClaim ?? 'team' });
  const teams = await tx.query<{ id: number }>('SELECT id FROM team WHERE lower(name) = ANY($1::text[]) ORDER BY id', [values.map((t) => t.toLowerCase())]);
  if (teams.length === 0) throw new SsoRefused('ukendt-team', 'Teamet fra kommunens login findes ikke i retur.', { teams: forLog(values) });
  if (teams.length > 1) throw new SsoRefused('flere-teams', 'Kommunens login angiver flere teams.', { teams: forLog(values) });
  return teams[0].id;
}

/** A user name for a new SSO user: the provider's preferred name if free, else with a number; never used to log in. */
async function freeUsername(tx: Queryable, claims: Claims): Promise<string> {
  const base = (clean(claims.preferred_username, 90) || clean(claims.email, 90) || `sso-${clean(claims.sub, 80)}`).toLowerCase();
  for (let n = 1; n <= 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const [taken] = await tx.query('SELECT 1 FROM app_user WHERE username = $1', [candidate]);
    if (!taken) return candidate;
  }
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/**
 * Provisions or updates the user for these claims and starts a session, in one transaction with its audit entry.
 * Role, team and name follow the claims at every login.
 */
export async function signInFromClaims(
  db: Database, settings: OidcSettings, issuer: string, claims: Claims,
  input: { now: Date; sessions: SessionPolicy; endpoint: string },
): Promise<{ token: string; userId: number }> {
  const subject = clean(claims.sub, 255);
  if (!subject) throw new SsoRefused('ugyldig', 'Kommunens login sendte ingen bruger-id (sub).');
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ id: number; role: Role; team_id: number | null; name: string; active: boolean }>(
      'SELECT id, role, team_id, name, active FROM app_user WHERE external_issuer = $1 AND external_subject = $2 FOR UPDATE', [issuer, subject]);
    if (existing && !existing.active) throw new SsoRefused('deaktiveret', 'Brugeren er deaktiveret i retur.');

    const role = roleFromClaims(claims, settings);
    if (!role) throw new SsoRefused('ingen-rolle', 'Kommunens login giver ingen rolle i retur.', { roleClaim: settings.roleClaim ?? 'roles', values: forLog(claimValues(claims, settings.roleClaim ?? 'roles')) });
    const teamId = TEAM_ROLES.includes(role) ? await teamFromClaims(tx, claims, settings) : null;
    const name = clean(claims.name, 200)
      || [clean(claims.given_name, 100), clean(claims.family_name, 100)].filter(Boolean).join(' ')
      || clean(claims.preferred_username, 200) || 'Ukendt navn';

    let userId: number;
    let change: Record<string, unknown> | null = null;
    if (existing) {
      userId = existing.id;
      if (existing.role !== role || existing.team_id !== teamId || existing.name !== name) {
        await tx.query('UPDATE app_user SET role = $2, team_id = $3, name = $4 WHERE id = $1', [userId, role, teamId, name]);
        change = { source: 'oidc', created: false, role, teamId, previousRole: existing.role, previousTeamId: existing.team_id };
      }
    } else {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO app_user (username, name, role, team_id, password_hash, active, external_issuer, external_subject)
         VALUES ($1, $2, $3, $4, NULL, true, $5, $6) RETURNING id`,
        [await freeUsername(tx, claims), name, role, teamId, issuer, subject]);
      userId = row.id;
      change = { source: 'oidc', created: true, role, teamId };
    }
    if (change) {
      // The account is changed by the provider's word; the audit entry names the user as actor (nobody else acted).
      const ctx = { db, actor: { id: userId, role, teamId, name }, endpoint: input.endpoint, today: todayInDenmark(input.now), now: input.now };
      await auditAs(ctx, tx, { operation: 'write', entity: 'app_user', entityId: userId, details: change });
    }
    const token = await startSession(tx, userId, input.now, input.sessions);
    return { token, userId };
  });
}
