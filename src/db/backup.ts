/**
 * Logical backup and restore of the whole database, the same on PGlite and PostgreSQL and across them (a PGlite
 * trial installation moves to a PostgreSQL server by `retur backup` + `retur restore`).
 *
 * The file is gzip-compressed lines of JSON:
 *   1. a header: format and version, retur's version, the applied migrations, when, and per table its columns,
 *      primary key and row count, plus the state of every sequence;
 *   2. per table, in foreign-key order: `{"table": name}` and then one JSON array per row, each value the column's
 *      PostgreSQL text form (or null), so dates stay 'YYYY-MM-DD', timestamps keep microseconds, numerics their
 *      digits and jsonb its exact content, whatever the engine's client library would make of them;
 *   3. `{"end": true, ...}` with the totals, so a cut-off file is noticed.
 * Tables come from the catalog (every table in the public schema), so a new table is never forgotten. Rows are read
 * in keyset-ordered chunks inside one read-only REPEATABLE READ transaction: a consistent snapshot without holding a
 * large database in memory.
 *
 * With a passphrase the gzip stream is encrypted with AES-256-GCM under a key from scrypt (random salt in the file).
 * The file header is authenticated data, and a key check value tells a wrong passphrase from a damaged file.
 *
 * Restore reads the whole file once to check it (structure, row counts, gzip CRC, GCM tag) before it writes anything,
 * then in ONE transaction: (drops the public schema when asked to replace data), runs the migrations the backup had,
 * loads the rows in file order (= foreign-key order), sets every sequence to where it was (and at least max(id)),
 * and runs the migrations this retur has that the backup did not. A failure leaves the database as it was.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { dirname } from 'node:path';
import * as z from 'zod';
import { DomainError } from '../domain/errors.ts';
import { VERSION } from '../version.ts';
import { MIGRATION_LOCK, applyMigrations, listMigrations } from './migrate.ts';
import type { Database, Queryable } from './engine.ts';

export const BACKUP_FORMAT = 'retur-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Rows per SELECT when writing and per INSERT when restoring; a batch is also cut at BATCH_BYTES. */
const CHUNK_ROWS = 2000;
const BATCH_BYTES = 4 * 1024 * 1024;
/** The advisory lock migrate.ts takes, so an app instance starting meanwhile waits for the restore to finish. */

// Encrypted file: MAGIC, format version, scrypt log2(N), r, p, salt, IV, key check; then the ciphertext; then the GCM tag.
const MAGIC = Buffer.from('RETURENC', 'latin1');
const ENC_VERSION = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 16;
const TAG_BYTES = 16;
const ENC_HEADER_BYTES = MAGIC.length + 4 + SALT_BYTES + IV_BYTES + CHECK_BYTES;
/** scrypt cost: N = 2^15, r = 8 (32 MiB, about 0.1 s): slow enough to make guessing costly, fast enough for a CLI. */
const SCRYPT = { log2N: 15, r: 8, p: 1 };

export interface BackupTable {
  name: string;
  columns: string[];
  /** The columns' types as PostgreSQL names them (format_type), for people reading the header. */
  types: string[];
  primaryKey: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  returVersion: string;
  createdAt: string;
  engine: 'pglite' | 'postgresql';
  serverVersion: string;
  migrations: { version: number; name: string }[];
  tables: BackupTable[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

export interface BackupSummary { file: string; tables: number; rows: number; bytes: number; ms: number; encrypted: boolean }
export interface RestoreSummary extends BackupSummary {
  /** The backup's migrations (its schema) and the newer ones run after loading. */
  migrations: number[];
  migrationsAfterLoad: string[];
  /** True when --force replaced data that was there. */
  replaced: boolean;
  createdAt: string;
}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  returVersion: z.string(),
  createdAt: z.string(),
  engine: z.enum(['pglite', 'postgresql']),
  serverVersion: z.string(),
  migrations: z.array(z.object({ version: z.number().int(), name: z.string() })).min(1),
  tables: z.array(z.object({
    name: z.string().min(1),
    columns: z.array(z.string().min(1)).min(1),
    types: z.array(z.string()),
    primaryKey: z.array(z.string()),
    rows: z.number().int().nonnegative(),
  })),
  sequences: z.array(z.object({ name: z.string().min(1), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
});

const refuse = (message: string) => new DomainError('invalid', message);
const qi = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qt = (name: string) => `public.${qi(name)}`;

/** Text forms independent of the server's settings: UTC timestamps, ISO dates, hex bytea, exact floats. */
async function fixTextForms(tx: Queryable) {
  await tx.query(`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
    set_config('IntervalStyle', 'postgres', true), set_config('bytea_output', 'hex', true), set_config('extra_float_digits', '1', true)`);
}

interface CatalogTable { name: string; columns: string[]; types: string[]; primaryKey: string[]; primaryKeyTypes: string[] }

/** Every table of the public schema, parents before the tables that refer to them. */
async function catalogTables(tx: Queryable): Promise<CatalogTable[]> {
  const cols = await tx.query<{ table: string; name: string; type: string; generated: boolean }>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated <> '' AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`);
  const pks = await tx.query<{ table: string; name: string }>(
    `SELECT c.relname AS "table", a.attname AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary ORDER BY c.relname, k.ord`);
  const fks = await tx.query<{ child: string; parent: string }>(
    `SELECT cl.relname AS child, pl.relname AS parent
       FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pl ON pl.oid = k.confrelid
       JOIN pg_namespace cn ON cn.oid = cl.relnamespace JOIN pg_namespace pn ON pn.oid = pl.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = 'public' AND pn.nspname = 'public'`);
  const byName = new Map<string, CatalogTable>();
  const allTypes = new Map<string, string>();
  for (const c of cols) {
    const t = byName.get(c.table) ?? { name: c.table, columns: [], types: [], primaryKey: [], primaryKeyTypes: [] };
    byName.set(c.table, t);
    allTypes.set(`${c.table}.${c.name}`, c.type);
    // Generated columns are computed again on insert; they are neither written nor loaded.
    if (!c.generated) { t.columns.push(c.name); t.types.push(c.type); }
  }
  for (const k of pks) {
    const t = byName.get(k.table);
    if (t) { t.primaryKey.push(k.name); t.primaryKeyTypes.push(allTypes.get(`${k.table}.${k.name}`)!); }
  }
  // Kahn's topological sort, alphabetical among equals; a self-reference is no dependency, a cycle is appended as is.
  const parents = new Map([...byName.keys()].map((n) => [n, new Set<string>()]));
  for (const f of fks) if (f.child !== f.parent && byName.has(f.parent)) parents.get(f.child)?.add(f.parent);
  const order: string[] = [];
  const remaining = new Set([...byName.keys()].sort());
  while (remaining.size) {
    const ready = [...remaining].filter((n) => [...parents.get(n)!].every((p) => !remaining.has(p)));
    for (const n of ready.length ? ready : [...remaining]) { order.push(n); remaining.delete(n); }
  }
  return order.map((n) => byName.get(n)!);
}

interface CatalogSequence { name: string; table: string | null; column: string | null }

async function catalogSequences(tx: Queryable): Promise<CatalogSequence[]> {
  return tx.query<CatalogSequence>(
    `SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
       FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE n.nspname = 'public' AND s.relkind = 'S' ORDER BY s.relname`);
}

// ---------------------------------------------------------------------------------------------------------------
// Encryption

function deriveKey(passphrase: string, salt: Buffer, p: { log2N: number; r: number; p: number }): Promise<{ key: Buffer; check: Buffer }> {
  const N = 2 ** p.log2N;
  return new Promise((resolve, reject) =>
    // NFC: the same passphrase typed with composed or decomposed æ/ø/å gives the same key.
    scrypt(passphrase.normalize('NFC'), salt, 64, { N, r: p.r, p: p.p, maxmem: 256 * N * p.r + (1 << 20) }, (err, out) => {
      if (err) return reject(err);
      resolve({ key: out.subarray(0, 32), check: createHash('sha256').update(out.subarray(32)).digest().subarray(0, CHECK_BYTES) });
    }));
}

interface Encryption { key: Buffer; iv: Buffer; header: Buffer }

async function newEncryption(passphrase: string): Promise<Encryption> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const { key, check } = await deriveKey(passphrase, salt, SCRYPT);
  const header = Buffer.concat([MAGIC, Buffer.from([ENC_VERSION, SCRYPT.log2N, SCRYPT.r, SCRYPT.p]), salt, iv, check]);
  return { key, iv, header };
}

/** What a backup file is, from its first bytes; for an encrypted one also the key, checked against the passphrase. */
async function inspectFile(file: string, passphrase: string | undefined): Promise<{ size: number; encryption?: Encryption }> {
  let size: number;
  let head: Buffer;
  try {
    size = (await stat(file)).size;
    const fh = await open(file, 'r');
    try {
      head = Buffer.alloc(Math.min(size, ENC_HEADER_BYTES));
      await fh.read(head, 0, head.length, 0);
    } finally { await fh.close(); }
  } catch (err) {
    throw refuse(`Kan ikke læse sikkerhedskopien ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'filen findes ikke' : (err as Error).message}.`);
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { size };
  if (head.length < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw refuse(`${file} er ikke en sikkerhedskopi fra retur.`);
  }
  if (size < ENC_HEADER_BYTES + TAG_BYTES) throw refuse(`Sikkerhedskopien ${file} er ufuldstændig (filen er afkortet). Der er ikke skrevet noget i databasen.`);
  const [version, log2N, r, p] = head.subarray(MAGIC.length, MAGIC.length + 4);
  if (version !== ENC_VERSION) throw refuse(`Sikkerhedskopien ${file} er krypteret med en nyere retur (krypteringsformat ${version}). Opdatér retur, og prøv igen.`);
  if (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 4) throw refuse(`Sikkerhedskopien ${file} er beskadiget (ugyldige krypteringsparametre). Der er ikke skrevet noget i databasen.`);
  if (!passphrase) {
    throw refuse(`Sikkerhedskopien ${file} er krypteret. Sæt RETUR_BACKUP_PASSPHRASE til den adgangsfrase, den blev lavet med, og prøv igen.`);
  }
  let o = MAGIC.length + 4;
  const salt = head.subarray(o, (o += SALT_BYTES));
  const iv = head.subarray(o, (o += IV_BYTES));
  const stored = head.subarray(o, (o += CHECK_BYTES));
  const { key, check } = await deriveKey(passphrase, salt, { log2N, r, p });
  if (!timingSafeEqual(check, stored)) {
    throw refuse(`Forkert adgangsfrase til sikkerhedskopien ${file}: RETUR_BACKUP_PASSPHRASE passer ikke til den, kopien blev krypteret med.`);
  }
  return { size, encryption: { key, iv, header: head } };
}

// ---------------------------------------------------------------------------------------------------------------
// Backup

/** Writes a backup of every table in the public schema to `file` (replaced atomically; readable by its owner only). */
export async function backupDatabase(db: Database, file: string, opts: { now: Date; passphrase?: string }): Promise<BackupSummary> {
  const t0 = performance.now();
  const folder = await stat(dirname(file)).catch(() => undefined);
  if (!folder?.isDirectory()) throw refuse(`Kan ikke skrive sikkerhedskopien ${file}: mappen ${dirname(file)} findes ikke.`);
  const encryption = opts.passphrase ? await newEncryption(opts.passphrase) : undefined;
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  let header: BackupHeader | undefined;
  try {
    await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await fixTextForms(tx);
      const [{ exists }] = await tx.query<{ exists: boolean }>(`SELECT to_regclass('public.schema_migration') IS NOT NULL AS exists`);
      if (!exists) throw refuse('Databasen har intet retur-skema endnu (kør retur migrate eller retur start først); der er intet at tage sikkerhedskopi af.');
      const tables = await catalogTables(tx);
      const counted: BackupTable[] = [];
      for (const t of tables) {
        const [{ n }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${qt(t.name)}`);
        counted.push({ name: t.name, columns: t.columns, types: t.types, primaryKey: t.primaryKey, rows: n });
      }
      const sequences: BackupHeader['sequences'] = [];
      for (const s of await catalogSequences(tx)) {
        const [v] = await tx.query<{ lastValue: string; isCalled: boolean }>(`SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${qt(s.name)}`);
        sequences.push({ name: s.name, ...v });
      }
      const [{ server_version }] = await tx.query<{ server_version: string }>('SHOW server_version');
      header = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        returVersion: VERSION,
        createdAt: opts.now.toISOString(),
        engine: db.engine,
        serverVersion: server_version,
        migrations: await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migration ORDER BY version'),
        tables: counted,
        sequences,
      };
      if (encryption) await writeFile(tmp, encryption.header, { mode: 0o600 });
      const cipher = encryption ? createCipheriv('aes-256-gcm', encryption.key, encryption.iv).setAAD(encryption.header) : undefined;
      const out = createWriteStream(tmp, { flags: encryption ? 'a' : 'w', mode: 0o600 });
      const lines = Readable.from(backupLines(tx, header, tables));
      if (cipher) await pipeline(lines, createGzip(), cipher, out);
      else await pipeline(lines, createGzip(), out);
      if (cipher) await appendFile(tmp, cipher.getAuthTag());
    });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const h = header!;
  return {
    file,
    tables: h.tables.length,
    rows: h.tables.reduce((s, t) => s + t.rows, 0),
    bytes: (await stat(file)).size,
    ms: Math.round(performance.now() - t0),
    encrypted: !!encryption,
  };
}

async function* backupLines(tx: Queryable, header: BackupHeader, tables: CatalogTable[]): AsyncGenerator<string> {
  yield JSON.stringify(header) + '\n';
  let total = 0;
  for (const t of tables) {
    yield JSON.stringify({ table: t.name }) + '\n';
    // Keyset pagination on the primary key (ctid for a table without one: stable within this snapshot). Each chunk
    // comes back as ONE text value built by the server (one JSON array per row), which is about twice as fast on
    // PGlite as handing over every value. Columns are qualified (src.x) so an output name can never shadow them.
    const keys = t.primaryKey.length ? t.primaryKey : ['ctid'];
    const keyTypes = t.primaryKey.length ? t.primaryKeyTypes : ['tid'];
    const ref = (c: string) => `src.${qi(c)}`;
    const order = keys.map(ref).join(', ');
    const after = ` WHERE (${order}) > (${keyTypes.map((type, i) => `$${i + 1}::${type}`).join(', ')})`;
    const chunkSql = (where: string) => `
      SELECT count(*)::int AS n, string_agg(line, E'\\n' ORDER BY rn) AS lines, (array_agg(keys ORDER BY rn DESC))[1] AS last
        FROM (SELECT row_number() OVER (ORDER BY ${order}) AS rn,
                     array_to_json(ARRAY[${t.columns.map((c) => `${ref(c)}::text`).join(', ')}]::text[])::text AS line,
                     array_to_json(ARRAY[${keys.map((k) => `${ref(k)}::text`).join(', ')}]::text[])::text AS keys
                FROM ${qt(t.name)} AS src${where} ORDER BY ${order} LIMIT ${CHUNK_ROWS}) AS chunk`;
    const first = chunkSql('');
    const next = chunkSql(after);
    let last: string[] | undefined;
    for (;;) {
      const [chunk] = await tx.query<{ n: number; lines: string | null; last: string | null }>(last ? next : first, last ?? []);
      if (!chunk.n) break;
      total += chunk.n;
      yield chunk.lines + '\n';
      if (chunk.n < CHUNK_ROWS) break;
      last = JSON.parse(chunk.last!) as string[];
    }
  }
  yield JSON.stringify({ end: true, tables: tables.length, rows: total }) + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a backup

async function* splitLines(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source) {
    const text = rest + decoder.write(chunk);
    const parts = text.split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  rest += decoder.end();
  if (rest) yield rest;
}

/** Streams the file's lines through decryption and gunzip to `onLine`; any damage rejects. */
async function readLines(file: string, size: number, encryption: Encryption | undefined, onLine: (line: string) => Promise<void> | void) {
  // A refusal thrown while reading reaches the caller as itself, not as the pipeline's abort that follows it.
  let failure: unknown;
  const consume = async (lines: AsyncIterable<Buffer>) => {
    for await (const line of splitLines(lines)) {
      try { await onLine(line); } catch (err) { failure = err; throw err; }
    }
  };
  try {
    if (!encryption) {
      await pipeline(createReadStream(file), createGunzip(), consume);
      return;
    }
    const fh = await open(file, 'r');
    const tag = Buffer.alloc(TAG_BYTES);
    try { await fh.read(tag, 0, TAG_BYTES, size - TAG_BYTES); } finally { await fh.close(); }
    // The decipher checks the tag when the stream ends, so a changed byte anywhere rejects the whole read.
    const decipher = createDecipheriv('aes-256-gcm', encryption.key, encryption.iv).setAAD(encryption.header).setAuthTag(tag);
    await pipeline(createReadStream(file, { start: ENC_HEADER_BYTES, end: size - TAG_BYTES - 1 }), decipher, createGunzip(), consume);
  } catch (err) {
    throw failure ?? err;
  }
}

function checkHeader(file: string, value: unknown): BackupHeader {
  const format = (value as { format?: unknown; formatVersion?: unknown } | null);
  if (format?.format !== BACKUP_FORMAT) throw refuse(`${file} er ikke en sikkerhedskopi fra retur.`);
  if (typeof format.formatVersion === 'number' && format.formatVersion > BACKUP_FORMAT_VERSION) {
    throw refuse(`Sikkerhedskopien ${file} har et nyere filformat (${format.formatVersion}) end denne retur (${VERSION}) kan læse. Opdatér retur, og prøv igen.`);
  }
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) throw new Error(`ugyldigt hoved: ${parsed.error.issues[0]?.path.join('.')}`);
  const header = parsed.data as BackupHeader;
  if (!header.tables.some((t) => t.name === 'schema_migration')) throw new Error('tabellen schema_migration mangler');
  const known = new Map(listMigrations().map((m) => [m.version, m.name]));
  const newest = Math.max(...known.keys());
  const unknown = header.migrations.filter((m) => !known.has(m.version));
  if (unknown.length) {
    throw refuse(`Sikkerhedskopien ${file} er fra en nyere retur (${header.returVersion}) med databaseskema ${String(Math.max(...unknown.map((m) => m.version))).padStart(3, '0')}; `
      + `denne retur (${VERSION}) kender kun skemaet op til ${String(newest).padStart(3, '0')}. Opdatér retur, og prøv igen. Der er ikke skrevet noget i databasen.`);
  }
  const renamed = header.migrations.find((m) => known.get(m.version) !== m.name);
  if (renamed) {
    throw refuse(`Sikkerhedskopien ${file} er lavet med en anden udgave af retur: migrering ${renamed.version} hedder ${renamed.name} i kopien, men ${known.get(renamed.version)} her.`);
  }
  return header;
}

/** A backup file that has been read through once and found whole (see checkBackup). */
export interface CheckedBackup { file: string; size: number; encryption?: Encryption; header: BackupHeader }

/**
 * Reads the whole backup and checks it: header, every row's shape, the row count per table, the end line, and the
 * gzip checksum or the GCM tag. Throws a Danish refusal if anything is off; nothing is written anywhere.
 */
export async function checkBackup(file: string, opts: { passphrase?: string } = {}): Promise<CheckedBackup> {
  const inspected = await inspectFile(file, opts.passphrase);
  return { file, ...inspected, header: await readWholeBackup(file, inspected) };
}

/**
 * Decrypts the whole file and checks the GCM tag, discarding the plaintext: an encrypted backup is authenticated before
 * a single byte of it is parsed, so a damaged or altered file is refused as such (and no parser ever reads bytes an
 * attacker chose). One extra pass over the file; decryption is fast next to the restore itself.
 */
async function authenticate(file: string, size: number, encryption: Encryption) {
  const fh = await open(file, 'r');
  const tag = Buffer.alloc(TAG_BYTES);
  try { await fh.read(tag, 0, TAG_BYTES, size - TAG_BYTES); } finally { await fh.close(); }
  const decipher = createDecipheriv('aes-256-gcm', encryption.key, encryption.iv).setAAD(encryption.header).setAuthTag(tag);
  try {
    await pipeline(createReadStream(file, { start: ENC_HEADER_BYTES, end: size - TAG_BYTES - 1 }), decipher, async (chunks: AsyncIterable<Buffer>) => { for await (const _ of chunks); });
  } catch {
    throw refuse(`Sikkerhedskopien ${file} er beskadiget eller ufuldstændig (krypteringens kontrolsum passer ikke). Der er ikke skrevet noget i databasen.`);
  }
}

async function readWholeBackup(file: string, { size, encryption }: { size: number; encryption?: Encryption }): Promise<BackupHeader> {
  if (encryption) await authenticate(file, size, encryption);
  let header: BackupHeader | undefined;
  let table = -1;
  let rows = 0;
  let total = 0;
  let ended = false;
  const closeTable = () => {
    if (table >= 0 && rows !== header!.tables[table].rows) {
      throw new Error(`tabellen ${header!.tables[table].name} har ${rows} rækker, hovedet siger ${header!.tables[table].rows}`);
    }
  };
  try {
    await readLines(file, size, encryption, (line) => {
      if (ended) throw new Error('data efter slutlinjen');
      if (!header) { header = checkHeader(file, JSON.parse(line)); return; }
      const value: unknown = JSON.parse(line);
      if (Array.isArray(value)) {
        const t = header.tables[table];
        if (!t) throw new Error('rækker før første tabel');
        if (value.length !== t.columns.length || !value.every((v) => v === null || typeof v === 'string')) {
          throw new Error(`en række i ${t.name} passer ikke til tabellens kolonner`);
        }
        rows++; total++;
        return;
      }
      const marker = value as { table?: unknown; end?: unknown; rows?: unknown };
      if (typeof marker.table === 'string') {
        closeTable();
        table++;
        if (header.tables[table]?.name !== marker.table) throw new Error(`uventet tabel ${marker.table}`);
        rows = 0;
        return;
      }
      if (marker.end === true) {
        closeTable();
        if (table !== header.tables.length - 1 || marker.rows !== total) throw new Error('slutlinjen passer ikke til indholdet');
        ended = true;
        return;
      }
      throw new Error('ukendt linje');
    });
    if (!header) throw new Error('filen er tom');
    if (!ended) throw new Error('slutlinjen mangler, så filen er afkortet');
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse(`Sikkerhedskopien ${file} er beskadiget eller ufuldstændig (${describeDamage(err as Error)}). Der er ikke skrevet noget i databasen.`);
  }
  return header;
}

function describeDamage(err: Error & { code?: string }): string {
  if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) return 'filen er afkortet';
  if (err.code?.startsWith('Z_')) return 'komprimeringen er ødelagt';
  if (/authenticate/i.test(err.message)) return 'krypteringens kontrolsum passer ikke';
  if (err instanceof SyntaxError) return 'en linje er ikke gyldig JSON';
  return err.message;
}

// ---------------------------------------------------------------------------------------------------------------
// Restore


/** The public tables that hold rows (schema_migration alone is an empty, migrated database). */
async function tablesWithData(tx: Queryable, tables: CatalogTable[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tables) {
    if (t.name === 'schema_migration') continue;
    const [{ any }] = await tx.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${qt(t.name)}) AS any`);
    if (any) out.push(t.name);
  }
  return out;
}

/**
 * Loads a backup into `db`. The database must hold no data, unless `force`, which drops the public schema first.
 * Everything after the check of the file happens in one transaction.
 */
export async function restoreDatabase(db: Database, from: string | CheckedBackup, opts: { force?: boolean; passphrase?: string } = {}): Promise<RestoreSummary> {
  const t0 = performance.now();
  const { file, size, encryption, header } = typeof from === 'string' ? await checkBackup(from, opts) : from;
  const backupVersions = new Set(header.migrations.map((m) => m.version));
  let replaced = false;
  let migrationsAfterLoad: string[] = [];
  await db.transaction(async (tx) => {
    // The text forms in the file carry their own offsets and are ISO, so they load under any TimeZone or DateStyle;
    // the session keeps its own settings, so migrations run after the load behave as `retur migrate` would.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const existing = await catalogTables(tx);
    const withData = await tablesWithData(tx, existing);
    if (withData.length && !opts.force) {
      throw new DomainError('conflict', `Databasen er ikke tom (${withData.slice(0, 5).join(', ')}${withData.length > 5 ? ' …' : ''} har data). `
        + 'En sikkerhedskopi indlæses kun i en tom database. Brug --force for at slette alt, der er der nu, og indlæse kopien i stedet.');
    }
    const applied = existing.some((t) => t.name === 'schema_migration')
      ? (await tx.query<{ version: number }>('SELECT version FROM schema_migration')).map((r) => r.version)
      : [];
    // An empty database already migrated part of the way can go on from there; anything else starts from a clean schema.
    const clean = !existing.length || (!withData.length && existing.some((t) => t.name === 'schema_migration') && applied.every((v) => backupVersions.has(v)));
    if (!clean) {
      await tx.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      replaced = withData.length > 0;
    }
    await applyMigrations(tx, backupVersions);

    const target = new Map((await catalogTables(tx)).map((t) => [t.name, t]));
    const inserts = new Map<string, string>();
    for (const t of header.tables) {
      const into = target.get(t.name);
      if (!into) throw refuse(`Tabellen ${t.name} fra sikkerhedskopien findes ikke efter migreringerne ${[...backupVersions].join(', ')}; kopien passer ikke til denne retur.`);
      const types = t.columns.map((c) => {
        const i = into.columns.indexOf(c);
        if (i < 0) throw refuse(`Kolonnen ${t.name}.${c} fra sikkerhedskopien findes ikke efter migreringerne; kopien passer ikke til denne retur.`);
        return into.types[i];
      });
      // Types come from this database's catalog, never from the file. OVERRIDING SYSTEM VALUE keeps identity ids.
      inserts.set(t.name, `INSERT INTO ${qt(t.name)} (${t.columns.map(qi).join(', ')}) OVERRIDING SYSTEM VALUE
        SELECT ${types.map((type, i) => `(r->>${i})::${type}`).join(', ')} FROM jsonb_array_elements($1::text::jsonb) AS r`);
    }
    // Rows a migration may have inserted (and schema_migration's own) are replaced by the backup's, children first.
    for (const t of [...header.tables].reverse()) await tx.query(`DELETE FROM ${qt(t.name)}`);
    // Insert triggers would add or change rows the backup already holds as they were.
    const triggers = await tx.query<{ table: string; name: string }>(
      `SELECT c.relname AS "table", t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND NOT t.tgisinternal AND (t.tgtype::int & 4) <> 0 AND t.tgenabled <> 'D'`);
    for (const g of triggers) await tx.query(`ALTER TABLE ${qt(g.table)} DISABLE TRIGGER ${qi(g.name)}`);

    let table: string | undefined;
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (!batch.length) return;
      await tx.query(inserts.get(table!)!, [`[${batch.join(',')}]`]);
      batch = [];
      batchBytes = 0;
    };
    let first = true;
    await readLines(file, size, encryption, async (line) => {
      if (first) { first = false; return; }
      if (line.startsWith('[')) {
        batch.push(line);
        batchBytes += line.length;
        if (batch.length >= CHUNK_ROWS || batchBytes >= BATCH_BYTES) await flush();
        return;
      }
      await flush();
      const marker = JSON.parse(line) as { table?: string };
      if (marker.table) table = marker.table;
    });
    await flush();
    for (const g of triggers) await tx.query(`ALTER TABLE ${qt(g.table)} ENABLE TRIGGER ${qi(g.name)}`);

    // Sequences: where they were (so an id deleted before the backup is not handed out again), and never below max(id).
    const sequences = await catalogSequences(tx);
    const present = new Set(sequences.map((s) => s.name));
    for (const s of header.sequences) {
      if (present.has(s.name)) await tx.query('SELECT setval($1::text::regclass, $2::bigint, $3::boolean)', [qt(s.name), s.lastValue, s.isCalled]);
    }
    for (const s of sequences) {
      if (!s.table || !s.column) continue;
      await tx.query(
        `SELECT setval($1::text::regclass, x.m) FROM (SELECT max(${qi(s.column)})::bigint AS m FROM ${qt(s.table)}) x, ${qt(s.name)} s
          WHERE x.m IS NOT NULL AND x.m >= CASE WHEN s.is_called THEN s.last_value + 1 ELSE s.last_value END`, [qt(s.name)]);
    }
    migrationsAfterLoad = await applyMigrations(tx, 'all');
  });
  // Fresh statistics, so the first worklist after a restore gets good plans.
  await db.exec('ANALYZE');
  return {
    file,
    tables: header.tables.length,
    rows: header.tables.reduce((s, t) => s + t.rows, 0),
    bytes: size,
    ms: Math.round(performance.now() - t0),
    encrypted: !!encryption,
    migrations: [...backupVersions],
    migrationsAfterLoad,
    replaced,
    createdAt: header.createdAt,
  };
}
