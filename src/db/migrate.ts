/**
 * Numbered SQL migrations (src/db/migrations/NNN_name.sql), applied in order, each in its own
 * transaction, the same on PGlite and PostgreSQL. An advisory lock keeps two app instances
 * starting at once from running them twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Database, Queryable } from './engine.ts';

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
export const MIGRATION_LOCK = 727_001;

export function listMigrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export async function migrate(db: Database): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    return applyMigrations(tx, 'all');
  });
}

/** Applies, in order, the migrations not yet applied (only those in `versions`, when given; restore uses that). */
export async function applyMigrations(tx: Queryable, versions: Set<number> | 'all'): Promise<string[]> {
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migration')).map((r) => r.version));
  const applied: string[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version) || (versions !== 'all' && !versions.has(m.version))) continue;
    await tx.exec(m.sql);
    await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
    applied.push(m.name);
  }
  return applied;
}
