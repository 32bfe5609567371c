/** Reads the environment once: which database, which port. */
import { openDatabase, type Database } from '../db/engine.ts';
import { resolve } from 'node:path';
import { DEFAULT_SESSION_POLICY } from '../app/auth.ts';

export const env = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: resolve(process.env.RETUR_DATA_DIR || './data'),
  port: Number(process.env.PORT || 3000),
  host: process.env.HOST || '0.0.0.0',
  logLevel: process.env.LOG_LEVEL || 'info',
  /** Behind HTTPS in production: mark the session cookie Secure. */
  secureCookies: process.env.RETUR_SECURE_COOKIES === '1' || process.env.RETUR_SECURE_COOKIES === 'true',
  /** The address users reach retur on (https://retur.kommune.dk): changes from that origin are accepted. */
  publicUrl: process.env.RETUR_PUBLIC_URL || undefined,
  /** Behind a reverse proxy: 'true', or the proxy's addresses (see Fastify's trustProxy). */
  trustProxy: process.env.RETUR_TRUST_PROXY === 'true' ? true : process.env.RETUR_TRUST_PROXY || false,
  /** Sessions end after this many idle minutes, and this many hours after login in any case. */
  sessionIdleMinutes: positive('RETUR_SESSION_IDLE_MINUTES', DEFAULT_SESSION_POLICY.idleMinutes),
  sessionHours: positive('RETUR_SESSION_HOURS', DEFAULT_SESSION_POLICY.absoluteHours),
};

function positive(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^[1-9]\d{0,4}$/.test(v)) throw new Error(`${name} skal være et positivt helt tal (ikke "${v}")`);
  return Number(v);
}

export const openFromEnv = (): Promise<Database> => openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });

/** Where the data lives, for messages (never prints a password from DATABASE_URL). */
export const describeDatabase = () =>
  env.databaseUrl ? `PostgreSQL ${new URL(env.databaseUrl).host}${new URL(env.databaseUrl).pathname}` : `PGlite i ${env.dataDir}`;
