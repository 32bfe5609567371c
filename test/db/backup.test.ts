import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openTestDb, engineName } from '../helpers.ts';
import { migrate, listMigrations } from '../../src/db/migrate.ts';
import { openPglite, openPostgres, type Database } from '../../src/db/engine.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { backupDatabase, restoreDatabase } from '../../src/db/backup.ts';
import { buildServer } from '../../src/api/server.ts';
import { clockFromEnv, manualClock } from '../../src/clock.ts';

type TestDb = Awaited<ReturnType<typeof openTestDb>>;
const run = promisify(execFile);
const otherEngine = process.env.TEST_DATABASE_URL ? 'pglite' : undefined;

/** Per table: row count and a hash of every row's text form, ordered by primary key (timestamps in UTC). */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('TimeZone', 'UTC', true)`);
    const tables = await tx.query<{ name: string; pk: string | null }>(
      `SELECT c.relname AS name,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord) FROM pg_index i
                 CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [r] = await tx.query<{ n: number; h: string }>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${t.pk ?? 't::text'}), '')) AS h FROM public."${t.name}" t`);
      out[t.name] = `${r.n} rows ${r.h}`;
    }
    return out;
  });
}

async function sequenceStates(db: Database) {
  const seqs = await db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const s of seqs) {
    const [v] = await db.query<{ v: string; c: boolean }>(`SELECT last_value::text AS v, is_called AS c FROM public."${s.name}"`);
    out[s.name] = `${v.v}/${v.c}`;
  }
  return out;
}

const tableCount = async (db: Database) =>
  (await db.query<{ n: number }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`))[0].n;

async function refusal(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return (e as Error).message; }
  throw new Error('expected a refusal');
}

/** Edits the header line of an unencrypted backup (to forge one from a newer retur). */
function rewriteHeader(from: string, to: string, edit: (h: Record<string, unknown>) => void) {
  const text = gunzipSync(readFileSync(from)).toString('utf8');
  const nl = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, nl));
  edit(header);
  writeFileSync(to, gzipSync(JSON.stringify(header) + text.slice(nl)));
}

const AWKWARD = {
  cpr: '3112999999',
  name: 'Søren Ærø Åberg-Østergård',
  note: 'Linje 1\nLinje 2\t"citat" \\ bagstreg, blåbærgrød 🙂',
  details: '{"big": 12345678901234567890, "tekst": "Rødgrød med fløde", "tom": "", "liste": [1.25, null, true, {"ø": "å"}]}',
  at: '2026-03-02 09:11:12.123456+00',
};

let dir: string;
let source: TestDb;
let file: string;
const opened: TestDb[] = [];
const fresh = async () => { const t = await openTestDb(); opened.push(t); return t; };
const clock = manualClock(clockFromEnv().today());
let original: Record<string, string>;
let awkwardCitizen: number;
let deletedFailure: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'retur-backup-'));
  source = await openTestDb();
  await migrate(source.db);
  await seedDemo(source.db, { scale: 'small', today: clock.today() });
  // Awkward values: Danish letters, NULLs, a jsonb payload with a number beyond a double, microseconds, a newline.
  [{ id: awkwardCitizen }] = await source.db.query<{ id: number }>(
    `INSERT INTO citizen (cpr, name, phone, email) VALUES ($1, $2, NULL, NULL) RETURNING id`, [AWKWARD.cpr, AWKWARD.name]);
  const [c] = await source.db.query<{ id: number }>('SELECT id FROM sb_case ORDER BY id LIMIT 1');
  await source.db.query(`INSERT INTO case_note (case_id, body, health) VALUES ($1, $2, true)`, [c.id, AWKWARD.note]);
  await source.db.query(`UPDATE sb_case SET sick_leave = 'partial', partial_hours = 7.5 WHERE id = $1`, [c.id]);
  await source.db.query(
    `INSERT INTO audit_entry (at, operation, entity, entity_id, citizen_id, endpoint, details) VALUES ($1, 'read', 'citizen', NULL, $2, 'test', $3::jsonb)`,
    [AWKWARD.at, awkwardCitizen, AWKWARD.details]);
  // An id handed out and deleted again must not be handed out a second time after a restore.
  [{ id: deletedFailure }] = await source.db.query<{ id: number }>(`INSERT INTO login_failure (username, address, at) VALUES ('x', '127.0.0.1', now()) RETURNING id`);
  await source.db.query('DELETE FROM login_failure WHERE id = $1', [deletedFailure]);
  file = join(dir, 'demo.retur');
  await backupDatabase(source.db, file, { now: clock.now() });
  original = await fingerprint(source.db);
});

afterAll(async () => {
  for (const t of opened) await t.drop().catch(() => undefined);
  await source?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`backup and restore (${engineName})`, () => {
  let restored: TestDb;
  /** One empty database for the refusals: each must leave it as empty as it was. */
  let empty: TestDb;

  it('restores into an empty database of the same engine with every table equal, awkward values intact', async () => {
    restored = await fresh();
    const r = await restoreDatabase(restored.db, file);
    expect(r.rows).toBeGreaterThan(1000);
    expect(r.migrationsAfterLoad).toEqual([]);
    expect(await fingerprint(restored.db)).toEqual(original);
    expect(Object.keys(original)).toContain('audit_entry');
    const [ci] = await restored.db.query<{ name: string; phone: null; email: null }>('SELECT name, phone, email FROM citizen WHERE cpr = $1', [AWKWARD.cpr]);
    expect(ci).toEqual({ name: AWKWARD.name, phone: null, email: null });
    const [a] = await restored.db.query<{ details: string; at: string }>(
      `SELECT details::text AS details, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM audit_entry WHERE endpoint = 'test'`);
    expect(JSON.parse(a.details)).toEqual(JSON.parse(AWKWARD.details));
    expect(a.details).toContain('12345678901234567890');
    expect(a.at).toBe('2026-03-02 09:11:12.123456');
    const [n] = await restored.db.query<{ body: string }>('SELECT body FROM case_note WHERE health');
    expect(n.body).toBe(AWKWARD.note);
    const [d] = await restored.db.query<{ first_absence_day: string; partial_hours: number }>('SELECT first_absence_day, partial_hours FROM sb_case ORDER BY id LIMIT 1');
    expect(d.first_absence_day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(d.partial_hours).toBe(7.5);
  });

  it('the restored database works: ids go on where they stopped, and a caseworker logs in and opens a case', async () => {
    expect(await sequenceStates(restored.db)).toEqual(await sequenceStates(source.db));
    const [{ max }] = await source.db.query<{ max: number }>('SELECT max(id) AS max FROM citizen');
    const [{ id }] = await restored.db.query<{ id: number }>(`INSERT INTO citizen (cpr, name) VALUES ('3112998888', 'Ny Borger') RETURNING id`);
    expect(id).toBeGreaterThan(max);
    const [{ id: failure }] = await restored.db.query<{ id: number }>(`INSERT INTO login_failure (username, address, at) VALUES ('y', '127.0.0.1', now()) RETURNING id`);
    expect(failure).toBeGreaterThan(deletedFailure);

    const app = await buildServer({ db: restored.db, clock });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mette', password: 'demo' } });
      expect(login.statusCode).toBe(200);
      const cookie = `retur_session=${login.cookies.find((c) => c.name === 'retur_session')!.value}`;
      const [mine] = await restored.db.query<{ id: number; name: string }>(
        `SELECT c.id, ci.name FROM sb_case c JOIN citizen ci ON ci.id = c.citizen_id JOIN app_user u ON u.id = c.caseworker_id
          WHERE u.username = 'mette' AND c.status = 'open' ORDER BY c.id LIMIT 1`);
      const res = await app.inject({ method: 'GET', url: `/api/cases/${mine.id}`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.json().citizen.name).toBe(mine.name);
      // The read was audited: the audit log's ids go on too.
      const [{ n }] = await restored.db.query<{ n: number }>(`SELECT count(*) AS n FROM audit_entry WHERE entity = 'case' AND entity_id = $1 AND endpoint = 'GET /api/cases/:id'`, [String(mine.id)]);
      expect(n).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  if (otherEngine) {
    it('moves from PostgreSQL to PGlite and back with every table equal', async () => {
      const lite = await openPglite();
      try {
        await restoreDatabase(lite, file);
        expect(await fingerprint(lite)).toEqual(original);
        const back = join(dir, 'from-pglite.retur');
        const b = await backupDatabase(lite, back, { now: clock.now() });
        expect(b.rows).toBeGreaterThan(1000);
        const pg = await fresh();
        await restoreDatabase(pg.db, back);
        expect(await fingerprint(pg.db)).toEqual(original);
        expect(await sequenceStates(pg.db)).toEqual(await sequenceStates(source.db));
      } finally {
        await lite.close();
      }
    });
  }

  it('refuses a database that holds data unless --force, which replaces what is there', async () => {
    const before = await fingerprint(restored.db);
    const msg = await refusal(restoreDatabase(restored.db, file));
    expect(msg).toMatch(/ikke tom.*--force/s);
    expect(await fingerprint(restored.db)).toEqual(before);
    const r = await restoreDatabase(restored.db, file, { force: true });
    expect(r.replaced).toBe(true);
    expect(await fingerprint(restored.db)).toEqual(original);
  });

  it('refuses a truncated or damaged file before writing anything', async () => {
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut.retur');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x55;
    const damaged = join(dir, 'damaged.retur');
    writeFileSync(damaged, flipped);
    const notOurs = join(dir, 'notes.txt');
    writeFileSync(notOurs, 'hej');
    empty = await fresh();
    expect(await refusal(restoreDatabase(empty.db, cut))).toMatch(/beskadiget eller ufuldstændig.*Der er ikke skrevet noget/);
    expect(await refusal(restoreDatabase(empty.db, damaged))).toMatch(/beskadiget eller ufuldstændig/);
    expect(await refusal(restoreDatabase(empty.db, notOurs))).toMatch(/ikke en sikkerhedskopi fra retur/);
    expect(await refusal(restoreDatabase(empty.db, join(dir, 'missing.retur')))).toMatch(/findes ikke/);
    expect(await tableCount(empty.db)).toBe(0);
  });

  it('refuses a backup from a newer retur with a schema this one does not know', async () => {
    const newer = join(dir, 'newer.retur');
    rewriteHeader(file, newer, (h) => { (h.migrations as unknown[]).push({ version: 999, name: '999_future.sql' }); h.returVersion = '9.0.0'; });
    expect(await refusal(restoreDatabase(empty.db, newer))).toMatch(/nyere retur \(9\.0\.0\) med databaseskema 999.*Opdatér retur/);
    expect(await tableCount(empty.db)).toBe(0);
  });

  it('loads a backup from an older schema and then runs the newer migrations over its rows', async () => {
    const old = await fresh();
    await old.db.transaction(async (tx) => {
      await tx.exec(`CREATE TABLE schema_migration (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const m of listMigrations().filter((x) => x.version <= 3)) {
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await tx.exec(`INSERT INTO municipality (code, name) VALUES ('999', 'Gamle Kommune');
        INSERT INTO team (municipality_code, name) VALUES ('999', 'Team Ø');
        INSERT INTO app_user (username, name, role, team_id, password_hash) VALUES ('åse', 'Åse Ødegård', 'caseworker', 1, 'x');
        INSERT INTO user_session (token_hash, user_id, created_at, expires_at) VALUES ('t', 1, '2026-01-05 08:00:00+00', '2026-01-06 08:00:00+00');`);
    });
    const oldFile = join(dir, 'old.retur');
    await backupDatabase(old.db, oldFile, { now: clock.now() });
    const target = await fresh();
    const r = await restoreDatabase(target.db, oldFile);
    expect(r.migrations).toEqual([1, 2, 3]);
    expect(r.migrationsAfterLoad).toEqual(listMigrations().filter((m) => m.version > 3).map((m) => m.name));
    // Migration 004 filled last_seen_at from created_at: it ran over the loaded rows.
    const [s] = await target.db.query<{ same: boolean }>('SELECT last_seen_at = created_at AS same FROM user_session');
    expect(s.same).toBe(true);
    const [u] = await target.db.query<{ name: string }>(`SELECT name FROM app_user WHERE username = 'åse'`);
    expect(u.name).toBe('Åse Ødegård');
    const [{ id }] = await target.db.query<{ id: number }>(`INSERT INTO team (municipality_code, name) VALUES ('999', 'Team Nord') RETURNING id`);
    expect(id).toBe(2);
  });

  it('encrypts with RETUR_BACKUP_PASSPHRASE and restores only with the same passphrase', async () => {
    const enc = join(dir, 'secret.retur');
    const passphrase = 'rødgrød med fløde på søndag';
    const b = await backupDatabase(source.db, enc, { now: clock.now(), passphrase });
    expect(b.encrypted).toBe(true);
    const bytes = readFileSync(enc);
    expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(bytes.includes(Buffer.from(AWKWARD.cpr))).toBe(false);
    const target = empty;
    expect(await refusal(restoreDatabase(target.db, enc))).toMatch(/krypteret\. Sæt RETUR_BACKUP_PASSPHRASE/);
    expect(await refusal(restoreDatabase(target.db, enc, { passphrase: 'rødgrød med fløde' }))).toMatch(/Forkert adgangsfrase/);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x01;
    const damaged = join(dir, 'secret-damaged.retur');
    writeFileSync(damaged, flipped);
    expect(await refusal(restoreDatabase(target.db, damaged, { passphrase }))).toMatch(/beskadiget eller ufuldstændig \(krypteringens kontrolsum/);
    expect(await tableCount(target.db)).toBe(0);
    // The same passphrase typed with a decomposed å still opens it.
    const r = await restoreDatabase(target.db, enc, { passphrase: passphrase.normalize('NFD') });
    expect(r.encrypted).toBe(true);
    expect(await fingerprint(target.db)).toEqual(original);
  });

  it('the retur command backs up an embedded database and restores it elsewhere', async () => {
    const from = join(dir, 'cli-from');
    const lite = await openPglite(from);
    await restoreDatabase(lite, file);
    await lite.close();
    const out = join(dir, 'cli.retur');
    const env = { ...process.env, RETUR_DATA_DIR: from, DATABASE_URL: '', RETUR_BACKUP_PASSPHRASE: '' };
    const b = await run('node', ['bin/retur.js', 'backup', out], { env });
    expect(JSON.parse(b.stdout)).toMatchObject({ file: out, tables: Object.keys(original).length, encrypted: false });
    expect(b.stderr).toMatch(/retur må ikke køre imens/);
    expect(b.stderr).toMatch(/opbevar den lige så sikkert som selve databasen/);

    // Into the engine this run is for: a new PostgreSQL database, or another PGlite folder.
    const target = process.env.TEST_DATABASE_URL ? await fresh() : undefined;
    const toEnv = target ? { ...env, DATABASE_URL: target.url! } : { ...env, RETUR_DATA_DIR: join(dir, 'cli-to') };
    const r = await run('node', ['bin/retur.js', 'restore', out], { env: toEnv });
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: JSON.parse(b.stdout).rows, replaced: false });
    const again = await run('node', ['bin/retur.js', 'restore', out], { env: toEnv }).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(again?.code).toBe(1);
    expect(again?.stderr).toMatch(/Databasen er ikke tom.*--force/);
    const check = target ? openPostgres(target.url!) : await openPglite(join(dir, 'cli-to'));
    try {
      expect(await fingerprint(check)).toEqual(original);
    } finally {
      await check.close();
    }
  }, 300_000); // three processes that each start tsx and PGlite: slow on a busy two-core machine
});
