/**
 * `retur export citizen` (right of access, GDPR art. 15) and `retur retention` (storage limitation, art. 5(1)(e)).
 * The CPR number is read from stdin, never from the command line, so it stays out of shell history and process
 * lists. JSON goes to stdout; messages to stderr. Both are audited like the same actions on the web page: as the
 * administrator named by --user, or as the system (no user) when run from a scheduled job.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from './commands.ts';
import { openFromEnv } from './env.ts';
import { migrate } from '../db/migrate.ts';
import { clockFromEnv } from '../clock.ts';
import type { Ctx } from '../app/context.ts';
import type { Database } from '../db/engine.ts';
import type { Actor } from '../domain/permissions.ts';
import { cprSchema } from '../domain/caseFields.ts';
import { invalid, invalidField } from '../domain/errors.ts';
import { citizenExportPdf, exportCitizen } from '../app/privacy/citizenExport.ts';
import { applyRetention, previewRetention } from '../app/privacy/retention.ts';

const out = (v: unknown): void => { process.stdout.write(JSON.stringify(v, null, 2) + '\n'); };
const say = (s: string) => process.stderr.write(s + '\n');

/** The acting administrator (--user), or the system: audit entries then name no user. */
async function actorFor(db: Database, username: string | undefined): Promise<Actor> {
  if (!username) {
    // No person: audit_entry.user_id is NULL ("System" in the audit log), as for the daily recompute.
    return { id: null as unknown as number, role: 'administrator', teamId: null, name: 'System (kommandolinje)' };
  }
  const [u] = await db.query<{ id: number; name: string; role: string; active: boolean }>('SELECT id, name, role, active FROM app_user WHERE username = $1', [username.trim().toLowerCase()]);
  if (!u || !u.active) throw invalidField('--user', `Brugeren "${username}" findes ikke eller er deaktiveret`);
  if (u.role !== 'administrator') throw invalidField('--user', `${u.name} er ikke administrator; kun administratorer må lave indsigt og sletning`);
  return { id: u.id, role: 'administrator', teamId: null, name: u.name };
}

async function withCtx<T>(endpoint: string, username: string | undefined, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const clock = clockFromEnv();
  const db = await openFromEnv();
  try {
    await migrate(db);
    const now = clock.now();
    return await fn({ db, actor: await actorFor(db, username), endpoint, today: clock.today(), now });
  } finally {
    await db.close();
  }
}

export const privacyCommands: Record<string, Command> = {
  export: {
    help: 'Indsigt: "retur export citizen [--pdf FIL] [--user ADMIN]" læser CPR-nummeret på stdin og skriver alt om borgeren som JSON (eller PDF)',
    options: { pdf: { type: 'string' }, user: { type: 'string' } },
    async run(v, positionals) {
      if (positionals[0] !== 'citizen' || positionals.length !== 1) {
        say('Brug: echo 0101901234 | retur export citizen [--pdf FIL] [--user ADMIN]');
        return 2;
      }
      const raw = readFileSync(0, 'utf8').trim();
      const parsed = cprSchema.safeParse(raw);
      if (!parsed.success) throw invalid(parsed.error.issues.map((i) => ({ path: 'cpr', message: i.message })), 'Ugyldigt CPR-nummer på stdin');
      const pdf = typeof v.pdf === 'string' ? v.pdf : undefined;
      await withCtx('CLI retur export citizen', v.user as string | undefined, async (ctx) => {
        const data = await exportCitizen(ctx, { cpr: parsed.data, format: pdf ? 'pdf' : 'json' });
        if (pdf) {
          writeFileSync(pdf, await citizenExportPdf(data), { mode: 0o600 });
          say(`PDF skrevet til ${pdf} (${data.cases.length} sager).`);
        } else out(data);
      });
    },
  },
  retention: {
    help: 'Sletning efter opbevaringsperioderne: prøvekørsel som JSON; --apply sletter og anonymiserer (--user ADMIN)',
    options: { apply: { type: 'boolean', default: false }, user: { type: 'string' } },
    async run(v) {
      await withCtx(v.apply ? 'CLI retur retention --apply' : 'CLI retur retention', v.user as string | undefined, async (ctx) => {
        const preview = await previewRetention(ctx);
        if (!v.apply) {
          out(preview);
          say(`Prøvekørsel: ${preview.counts.cases} sager og ${preview.counts.citizensAnonymised} borgere ville blive slettet/anonymiseret. Kør med --apply for at gøre det.`);
          return;
        }
        const t0 = performance.now();
        const done = await applyRetention(ctx, { cutoffs: preview.cutoffs });
        out(done);
        say(`Slettet ${done.counts.cases} sager, anonymiseret ${done.counts.citizensAnonymised} borgere, slettet ${done.counts.auditEntries} revisionsposter på ${Math.round(performance.now() - t0)} ms.`);
      });
    },
  },
};
