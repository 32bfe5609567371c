/**
 * Test harness: a fresh database per test file, on the engine the run is for (PGlite in memory, or a
 * new database on the PostgreSQL server named by TEST_DATABASE_URL), migrated and seeded with the small
 * demo municipality. No mocks: the app under test is the real server, called through fastify.inject.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../src/db/engine.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/api/server.ts';
import type { IsoDate } from '../src/domain/dates.ts';
import { clockFromEnv, manualClock } from '../src/clock.ts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export const engineName = process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite';

export async function openTestDb(): Promise<{ db: Database; url?: string; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  }
  const name = `retur_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = openPostgres(u.toString());
  return {
    db,
    url: u.toString(),
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  today: IsoDate;
  /** The app's clock: stands still unless a test moves it. */
  clock: ReturnType<typeof manualClock>;
  /** Logs in a demo user and returns the cookie header to send. */
  login(username: string): Promise<string>;
  /** A request as a demo user (logged in once per file), with a JSON body when given. */
  as(user: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(opts: { seed?: boolean; today?: IsoDate; web?: boolean } = {}): Promise<TestApp> {
  const { db, drop } = await openTestDb();
  await migrate(db);
  // A clock that stands still at 09:00 today (or on the day asked for), so every request in a test file sees one day.
  const clock = manualClock(opts.today ?? clockFromEnv().today());
  const today = clock.today();
  if (opts.seed !== false) await seedDemo(db, { scale: 'small', today });
  const app = await buildServer({ db, clock, web: opts.web ?? false });
  await app.ready();
  const cookies = new Map<string, string>();
  const t: TestApp = {
    app,
    db,
    today,
    clock,
    async login(username) {
      if (cookies.has(username)) return cookies.get(username)!;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'demo' } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'retur_session')!;
      const header = `retur_session=${c.value}`;
      cookies.set(username, header);
      return header;
    },
    async as(user, method, url, payload) {
      return app.inject({ method, url, headers: { cookie: await t.login(user) }, ...(payload === undefined ? {} : { payload: payload as object }) });
    },
    async close() {
      await app.close();
      await drop();
    },
  };
  return t;
}
