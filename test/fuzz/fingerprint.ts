/**
 * A fingerprint of every data table, to prove that a run of refused requests changed nothing. The tables are read
 * from the catalogue, so a table added by a new migration is covered without touching this file. Left out: the
 * tables that a refused or read-only request writes on purpose (the audit log, sessions, failed logins).
 */
import type { Database } from '../../src/db/engine.ts';

export const NOT_DATA = ['audit_entry', 'user_session', 'login_failure'];

export type Fingerprint = Record<string, string>;

export async function dataFingerprint(db: Database): Promise<Fingerprint> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const out: Fingerprint = {};
  for (const { name } of tables) {
    if (NOT_DATA.includes(name)) continue;
    const [row] = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`);
    out[name] = `${row.n} rows, ${row.h}`;
  }
  return out;
}

/** The tables whose content differs, e.g. ['case_task: 12 rows, … → 13 rows, …']. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.filter((n) => before[n] !== after[n]).map((n) => `${n}: ${before[n] ?? '(none)'} → ${after[n] ?? '(none)'}`);
}
