/**
 * `retur backup FILE` and `retur restore FILE [--force]`: a logical backup that moves between PGlite and PostgreSQL
 * (src/db/backup.ts). Messages for people on stderr in Danish, a JSON summary on stdout for scripts.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from './commands.ts';
import { env, openFromEnv, describeDatabase } from './env.ts';
import { backupDatabase, checkBackup, restoreDatabase } from '../db/backup.ts';
import { clockFromEnv } from '../clock.ts';
import type { Database } from '../db/engine.ts';

const say = (s: string) => process.stderr.write(s + '\n');
const passphrase = () => process.env.RETUR_BACKUP_PASSPHRASE || undefined;
const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;

/** PGlite's folder can be used by one process only, and nothing stops a second one: say so before and on failure. */
async function open(): Promise<Database> {
  if (!env.databaseUrl) say(`PGlite i ${env.dataDir}: retur må ikke køre imens (stop retur start først; mappen kan kun bruges af én proces ad gangen).`);
  try {
    return await openFromEnv();
  } catch (err) {
    if (env.databaseUrl) throw new Error(`Kunne ikke forbinde til ${describeDatabase()}: ${(err as Error).message}`);
    throw new Error(`Kunne ikke åbne PGlite-databasen i ${env.dataDir} (${(err as Error).message}). Kører retur stadig? Stop den først: mappen kan kun bruges af én proces ad gangen.`);
  }
}

function usage(name: string, file: string | undefined, extra: string[]): string {
  if (!file || extra.length) throw new Error(`Brug: retur ${name} FIL${name === 'restore' ? ' [--force]' : ''}`);
  return file;
}

export const backupCommands: Record<string, Command> = {
  backup: {
    help: 'Tag en sikkerhedskopi af hele databasen til FIL (krypteret, når RETUR_BACKUP_PASSPHRASE er sat)',
    async run(_v, [file, ...extra]) {
      const target = usage('backup', file, extra);
      const secret = passphrase();
      if (secret && secret.length < 12) say('Advarsel: RETUR_BACKUP_PASSPHRASE er kort; brug mindst 12 tegn (gerne en sætning).');
      if (!existsSync(dirname(resolve(target)))) throw new Error(`Kan ikke skrive sikkerhedskopien ${target}: mappen ${dirname(resolve(target))} findes ikke.`);
      // Opening a PGlite folder that is not there would make a new, empty database: a wrong RETUR_DATA_DIR.
      if (!env.databaseUrl && !existsSync(env.dataDir)) throw new Error(`Der er ingen PGlite-database i ${env.dataDir} (RETUR_DATA_DIR).`);
      const db = await open();
      try {
        const r = await backupDatabase(db, target, { now: clockFromEnv().now(), passphrase: secret });
        say(`Sikkerhedskopi skrevet til ${r.file}: ${r.tables} tabeller, ${r.rows} rækker, ${megabytes(r.bytes)} på ${seconds(r.ms)}`
          + (r.encrypted ? ' (krypteret).' : '. Den er IKKE krypteret: sæt RETUR_BACKUP_PASSPHRASE for at kryptere.'));
        say('Kopien indeholder CPR-numre og helbredsoplysninger: opbevar den lige så sikkert som selve databasen.');
        process.stdout.write(JSON.stringify(r) + '\n');
      } finally {
        await db.close();
      }
    },
  },
  restore: {
    help: 'Indlæs en sikkerhedskopi fra FIL i en tom database (--force sletter først alt, der er der)',
    options: { force: { type: 'boolean', default: false } },
    async run(v, [file, ...extra]) {
      // The file is read through and checked before the database is even opened.
      const backup = await checkBackup(usage('restore', file, extra), { passphrase: passphrase() });
      const h = backup.header;
      say(`Sikkerhedskopien er hel: lavet ${h.createdAt} af retur ${h.returVersion} på ${h.engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}, `
        + `${h.tables.reduce((s, t) => s + t.rows, 0)} rækker i ${h.tables.length} tabeller.`);
      const db = await open();
      try {
        const r = await restoreDatabase(db, backup, { force: v.force === true });
        say(`Sikkerhedskopien fra ${r.createdAt} er indlæst i ${describeDatabase()}: ${r.tables} tabeller, ${r.rows} rækker på ${seconds(r.ms)}`
          + (r.replaced ? ' (de data, der var, er slettet).' : '.'));
        if (r.migrationsAfterLoad.length) say(`Nyere migreringer kørt efter indlæsningen: ${r.migrationsAfterLoad.join(', ')}`);
        process.stdout.write(JSON.stringify(r) + '\n');
      } finally {
        await db.close();
      }
    },
  },
};
