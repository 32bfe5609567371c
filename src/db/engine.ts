/**
 * The two database engines behind one small interface: embedded PGlite (default) and a
 * PostgreSQL server (when DATABASE_URL is set). Everything above this file talks SQL through
 * `Queryable`, so the same queries and migrations run on both.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { mkdirSync } from 'node:fs';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgresql';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Dates stay 'YYYY-MM-DD' strings (one date type through the whole app), timestamps become ISO strings,
// counts and numerics become numbers.
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
const NUMERIC = 1700;
const toIso = (v: string) => new Date(v.includes('T') || /[+-]\d\d(:\d\d)?$/.test(v) ? v : v + 'Z').toISOString();
const parsers: Record<number, (v: string) => unknown> = {
  [DATE]: (v) => v,
  [TIMESTAMPTZ]: toIso,
  [TIMESTAMP]: toIso,
  [INT8]: (v) => Number(v),
  [NUMERIC]: (v) => Number(v),
};

export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { parsers });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<T>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const root = wrap(db);
  return {
    engine: 'pglite',
    ...root,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

export function openPostgres(url: string): Database {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await c.query(sql, params as unknown[]);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    engine: 'postgresql',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Opens the engine the environment asks for: DATABASE_URL → PostgreSQL, otherwise PGlite in dataDir. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
