/**
 * Logins and sessions. Sessions are random tokens in an httpOnly cookie, stored only as their SHA-256 hash, with an
 * absolute lifetime and an idle timeout. Password guessing is slowed per user name and per address: failed attempts
 * are counted in the database (so the limits hold across restarts and app instances), and an unknown user name
 * costs the same argon2 work as a known one, so neither the answer nor its timing tells them apart.
 */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Database, Queryable } from '../db/engine.ts';
import type { Actor } from '../domain/permissions.ts';
import type { Role } from '../domain/caseFields.ts';
import { DomainError } from '../domain/errors.ts';

export interface SessionPolicy {
  /** A session ends this many hours after login, however busy. */
  absoluteHours: number;
  /** …and after this many minutes without a request. */
  idleMinutes: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteHours: 10, idleMinutes: 30 };

export interface LoginLimits {
  /** Failed attempts for one user name within the window before it is locked until the oldest ages out. */
  perUser: number;
  /** Failed attempts from one address (any user names) within the window: stops password spraying. */
  perAddress: number;
  windowMinutes: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 5, perAddress: 50, windowMinutes: 15 };

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
/** What an unknown user name is checked against: the same argon2id work as a real account. */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const wrongLogin = () => new DomainError('unauthenticated', 'Forkert brugernavn eller adgangskode.', [{ path: 'password', message: 'Forkert brugernavn eller adgangskode' }]);

export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('too-many', `For mange forkerte forsøg. Prøv igen om ${minutes} minut${minutes === 1 ? '' : 'ter'}.`, [{ path: 'username', message: 'For mange forkerte forsøg' }]);
  }
}

/** Seconds until a new attempt is allowed for this user name and address, or 0. */
async function lockedFor(q: Queryable, username: string, address: string, now: Date, limits: LoginLimits): Promise<number> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const rows = await q.query<{ scope: 'user' | 'address'; n: number; oldest: string }>(
    `SELECT 'user' AS scope, count(*) AS n, min(at) AS oldest FROM (SELECT at FROM login_failure WHERE username = $1 AND at > $3 ORDER BY at DESC LIMIT $4) u
     UNION ALL
     SELECT 'address', count(*), min(at) FROM (SELECT at FROM login_failure WHERE address = $2 AND at > $3 ORDER BY at DESC LIMIT $5) a`,
    [username, address, since, limits.perUser, limits.perAddress]);
  let wait = 0;
  for (const r of rows) {
    const limit = r.scope === 'user' ? limits.perUser : limits.perAddress;
    if (r.n >= limit && r.oldest) wait = Math.max(wait, Math.ceil((new Date(r.oldest).getTime() + limits.windowMinutes * 60_000 - now.getTime()) / 1000));
  }
  return wait;
}

export async function login(
  db: Database, input: { username: string; password: string; address: string; now: Date },
  limits: LoginLimits = DEFAULT_LOGIN_LIMITS, sessions: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<{ token: string; actor: Actor }> {
  const username = input.username.trim().toLowerCase();
  const wait = await lockedFor(db, username, input.address, input.now, limits);
  if (wait > 0) throw new TooManyAttempts(wait);
  const [u] = await db.query<{ id: number; role: Role; team_id: number | null; name: string; password_hash: string | null; active: boolean }>(
    'SELECT id, role, team_id, name, password_hash, active FROM app_user WHERE username = $1', [username]);
  // Verify against a real or a dummy hash: the same work whether or not the user exists.
  const verified = await argon2.verify(u?.password_hash ?? (await dummy()), input.password).catch(() => false);
  if (!u || !u.active || !u.password_hash || !verified) {
    await db.query('INSERT INTO login_failure (username, address, at) VALUES ($1, $2, $3)', [username, input.address, input.now]);
    throw wrongLogin();
  }
  await db.query('DELETE FROM login_failure WHERE username = $1', [username]);
  const token = await startSession(db, u.id, input.now, sessions);
  return { token, actor: { id: u.id, role: u.role, teamId: u.team_id, name: u.name } };
}

/** A new session for a user who has proved who they are (password or the identity provider); returns the token. */
export async function startSession(q: Queryable, userId: number, now: Date, sessions: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await q.query('INSERT INTO user_session (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
    [hashToken(token), userId, now, new Date(now.getTime() + sessions.absoluteHours * 3_600_000)]);
  return token;
}

/** The actor of a live session, or null. A request keeps the session alive (written at most once a minute). */
export async function actorForSession(db: Database, token: string | undefined, now: Date, sessions: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<Actor | null> {
  if (!token) return null;
  const idleSince = new Date(now.getTime() - sessions.idleMinutes * 60_000);
  const [u] = await db.query<{ id: number; role: Role; team_id: number | null; name: string; last_seen_at: string }>(
    `SELECT u.id, u.role, u.team_id, u.name, s.last_seen_at FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active`, [hashToken(token), now, idleSince]);
  if (!u) return null;
  if (now.getTime() - new Date(u.last_seen_at).getTime() > 60_000)
    await db.query('UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1', [hashToken(token), now]);
  return { id: u.id, role: u.role, teamId: u.team_id, name: u.name };
}

export async function logout(db: Database, token: string | undefined) {
  if (token) await db.query('DELETE FROM user_session WHERE token_hash = $1', [hashToken(token)]);
}
