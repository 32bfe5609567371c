/** Login sessions: random tokens in an httpOnly cookie, stored only as their SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Database } from '../db/engine.ts';
import type { Actor } from '../domain/permissions.ts';
import type { Role } from '../domain/caseFields.ts';
import { DomainError } from '../domain/errors.ts';

export const SESSION_HOURS = 10;
const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function login(db: Database, username: string, password: string): Promise<{ token: string; actor: Actor }> {
  const [u] = await db.query<{ id: number; role: Role; team_id: number | null; name: string; password_hash: string; active: boolean }>(
    'SELECT id, role, team_id, name, password_hash, active FROM app_user WHERE username = $1', [username.trim().toLowerCase()]);
  const ok = u && u.active && (await argon2.verify(u.password_hash, password).catch(() => false));
  if (!ok) throw new DomainError('unauthenticated', 'Forkert brugernavn eller adgangskode.', [{ path: 'password', message: 'Forkert brugernavn eller adgangskode' }]);
  const token = randomBytes(32).toString('base64url');
  await db.query(`INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`, [hashToken(token), u.id]);
  return { token, actor: { id: u.id, role: u.role, teamId: u.team_id, name: u.name } };
}

export async function actorForSession(db: Database, token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  const [u] = await db.query<{ id: number; role: Role; team_id: number | null; name: string }>(
    `SELECT u.id, u.role, u.team_id, u.name FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`, [hashToken(token)]);
  return u ? { id: u.id, role: u.role, teamId: u.team_id, name: u.name } : null;
}

export async function logout(db: Database, token: string | undefined) {
  if (token) await db.query('DELETE FROM user_session WHERE token_hash = $1', [hashToken(token)]);
}
