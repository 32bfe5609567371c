import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, engineName } from '../helpers.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { openPostgres, type Database } from '../../src/db/engine.ts';

let env: Awaited<ReturnType<typeof openTestDb>>;
beforeAll(async () => { env = await openTestDb(); });
afterAll(async () => { await env?.drop(); });

describe(`migrations (${engineName})`, () => {
  it('two app instances starting at once apply each migration exactly once', async () => {
    // On PostgreSQL a second connection races the first; PGlite has one connection, so the race is in its queue.
    const second: Database = env.url ? openPostgres(env.url) : env.db;
    try {
      const [a, b] = await Promise.all([migrate(env.db), migrate(second)]);
      expect([...a, ...b].sort()).toEqual(listMigrations().map((m) => m.name).sort());
    } finally {
      if (second !== env.db) await second.close();
    }
    const rows = await env.db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(env.db)).toEqual([]);
  });
});
