import type { ParseArgsConfig } from 'node:util';
import { env, openFromEnv, describeDatabase } from './env.ts';
import { migrate } from '../db/migrate.ts';
import { isSeeded, resetData, seedDemo, DEMO_LOGINS, DEMO_PASSWORD, type Scale } from '../demo/seed.ts';
import { buildServer } from '../api/server.ts';
import { bundleWeb } from '../api/web.ts';
import { clockFromEnv } from '../clock.ts';
import { oidcFromEnv } from '../app/oidc.ts';
import { installShippedTemplates } from '../app/letterTemplates.ts';
import { randomBytes } from 'node:crypto';
import { createOutboxWorker } from '../jobs/outbox.ts';
import { httpSmsGateway, smsGatewayFromEnv, smsSender } from '../integrations/sms/gateway.ts';
import { startSmsStandIn, type SmsStandIn } from '../integrations/sms/standIn.ts';
import { digitalPostFromEnv, httpDigitalPostGateway } from '../integrations/digitalPost/gateway.ts';
import { startDigitalPostStandIn, type DigitalPostStandIn } from '../integrations/digitalPost/standIn.ts';
import { makePrintBatch } from '../app/letters.ts';
import { startSmtpListener } from '../integrations/email/listener.ts';
import { startMailSink, type MailSink } from '../integrations/email/sink.ts';
import { DEFAULT_MAIL_FROM, mailerFromEnv, smtpSender } from '../integrations/email/mailer.ts';
import { receiveEmail } from '../app/inboundMail.ts';
import { danishWallClock } from '../domain/dates.ts';
import { RECEIPTS_PATH } from '../api/outbox.ts';
import { devCommands } from './devCommands.ts';
import { ruleCommands } from './ruleCommands.ts';
import { backupCommands } from './backupCommands.ts';
import { privacyCommands } from './privacyCommands.ts';
import { calcCommands } from './calcCommands.ts';
import { reportCommands } from './reportCommands.ts';
import { recomputeAllOpenCases } from '../app/plans.ts';

export interface Command {
  help: string;
  options?: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

const say = (s: string) => process.stderr.write(s + '\n');
/** When the day's print batch is made (Danish wall clock): after the morning's approvals, in time for the afternoon post. */
const PRINT_BATCH_TIME = '14:00';

export const commands: Record<string, Command> = {
  start: {
    help: 'Start retur (migrerer og indlæser demo-data første gang)',
    async run() {
      const t0 = performance.now();
      const clock = clockFromEnv();
      if (process.env.RETUR_CLOCK) say(`ADVARSEL: RETUR_CLOCK er sat; retur regner med, at klokken er ${clock.now().toISOString()} (ikke maskinens ur).`);
      // A half-made single sign-on configuration stops the start at once, naming the variable.
      const oidc = oidcFromEnv(process.env);
      const db = await openFromEnv();
      const applied = await migrate(db);
      if (applied.length) say(`Migreringer kørt: ${applied.join(', ')}`);
      await db.transaction((tx) => installShippedTemplates(tx, clock.now()));
      if (!(await isSeeded(db))) {
        say('Tom database: indlæser demo-kommunen …');
        const r = await seedDemo(db, { today: clock.today() });
        say(`Demo-kommune indlæst: ${r.openCases} åbne og ${r.closedCases} afsluttede sager, ${r.caseworkers} sagsbehandlere i ${r.teams} teams.`);
      }
      const base = (env.publicUrl ?? `http://127.0.0.1:${env.port}`).replace(/\/+$/, '');
      const callbackUrl = `${base}${RECEIPTS_PATH}`;
      let smsToken = process.env.RETUR_SMS_TOKEN || undefined;
      let standIn: SmsStandIn | null = null;
      let gateway = smsGatewayFromEnv(process.env, env.publicUrl ? callbackUrl : undefined);
      if (!gateway) {
        // No provider configured (the demo): a local stand-in receives the reminders, so they can be seen without set-up.
        smsToken = randomBytes(24).toString('base64url');
        standIn = await startSmsStandIn({ token: smsToken, receipts: true });
        gateway = httpSmsGateway({ url: standIn.url, token: smsToken, callbackUrl });
      }
      // Digital Post: the configured endpoint, or (the demo) a local stand-in whose page shows the letters it received.
      let digitalPost = digitalPostFromEnv(process.env);
      let dpStandIn: DigitalPostStandIn | null = null;
      if (!digitalPost) {
        const token = randomBytes(24).toString('base64url');
        dpStandIn = await startDigitalPostStandIn({ token });
        digitalPost = httpDigitalPostGateway({ url: dpStandIn.url, token });
      }
      const devPages: Record<string, string> = dpStandIn ? { 'digital-post': `${dpStandIn.url}/dev/digital-post` } : {};
      const app = await buildServer({ devPages, db, clock, logger: { level: env.logLevel }, auth: { secureCookies: env.secureCookies, sessions: { idleMinutes: env.sessionIdleMinutes, absoluteHours: env.sessionHours } }, allowedOrigins: env.publicUrl ? [new URL(env.publicUrl).origin] : [], trustProxy: env.trustProxy, oidc, smsReceiptToken: smsToken });
      // Plans depend on today's date and on policies that take effect later: recompute once a day.
      let plannedOn = '';
      const dailyRecompute = async () => {
        const today = clock.today();
        if (today === plannedOn) return;
        const [{ stale }] = await db.query<{ stale: number }>(
          `SELECT count(*) AS stale FROM sb_case c LEFT JOIN case_plan p ON p.case_id = c.id WHERE c.status = 'open' AND (p.computed_on IS NULL OR p.computed_on < $1)`, [today]);
        if (stale === 0) { plannedOn = today; return; }
        const r = await recomputeAllOpenCases(db, today);
        plannedOn = today;
        app.log.info({ ...r, today }, 'recomputed open cases');
      };
      await dailyRecompute();
      setInterval(() => void dailyRecompute().catch((err) => app.log.error({ err }, 'daily recompute failed')), 15 * 60_000).unref();
      // The print room's daily batch of paper letters (citizens exempt from Digital Post), made at 14:00 Danish time.
      const dailyPrint = async () => {
        if (danishWallClock(clock.now()).time < PRINT_BATCH_TIME) return;
        const b = await makePrintBatch(db, { now: clock.now(), today: clock.today() }, null);
        if (b?.created) app.log.info({ batch: b.id, letters: b.letters }, 'print batch made');
      };
      setInterval(() => void dailyPrint().catch((err) => app.log.error({ err }, 'print batch failed')), 15 * 60_000).unref();
      void bundleWeb();
      await app.listen({ port: env.port, host: env.host });
      // E-mail out: the municipality's relay, or (the demo) a local sink that keeps the acknowledgements; nothing leaves the machine.
      let mailSink: MailSink | null = null;
      let email = mailerFromEnv(process.env);
      if (!email) {
        mailSink = await startMailSink({ clock });
        email = smtpSender({ url: mailSink.url, from: process.env.RETUR_MAIL_FROM || DEFAULT_MAIL_FROM });
      }
      // E-mail in: the relay forwards citizens' mail here; each becomes an inquiry on its case or waits in the unmatched queue.
      const list = (v?: string) => v?.split(',').map((x) => x.trim()).filter(Boolean);
      const smtpIn = await startSmtpListener({
        port: Number(process.env.RETUR_SMTP_PORT ?? 2525), host: process.env.RETUR_SMTP_HOST || '127.0.0.1', clock,
        allowedRecipients: list(process.env.RETUR_SMTP_RECIPIENTS), allowedClients: list(process.env.RETUR_SMTP_CLIENTS),
        onMail: async (mail) => {
          const r = await receiveEmail(db, { now: clock.now(), today: clock.today() }, mail);
          app.log.info({ inboundEmail: r.id, status: r.status }, 'e-mail received'); // no address, no text
        },
        onError: (err) => app.log.error({ err }, 'inbound e-mail not stored (answered 451/554)'),
      });
      const outbox = createOutboxWorker({ db, clock, senders: { sms: smsSender(gateway), 'digital-post': digitalPost, email }, onError: (err) => app.log.error({ err }, 'outbox round failed') });
      outbox.start(5_000);
      const close = async () => { await outbox.stop(); await app.close(); await standIn?.close(); await dpStandIn?.close(); await smtpIn.close(); await mailSink?.close(); await db.close(); process.exit(0); };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      say(`\nretur kører på http://localhost:${env.port}  (${describeDatabase()}, klar på ${Math.round(performance.now() - t0)} ms)`);
      say(`Demo-logins (adgangskode "${DEMO_PASSWORD}"):`);
      for (const l of DEMO_LOGINS) say(`  ${l.username.padEnd(8)} ${l.note}`);
      if (oidc) say(`Log ind med kommunens login: ${oidc.issuer}`);
      say(standIn ? `SMS-påmindelser: lokal test-gateway, se ${standIn.url}/messages (sæt RETUR_SMS_URL for en rigtig udbyder)` : `SMS-påmindelser sendes via ${new URL(process.env.RETUR_SMS_URL!).host}`);
      say(dpStandIn ? `Digital Post: lokal test-postkasse, se http://localhost:${env.port}/dev/digital-post (sæt RETUR_DIGITAL_POST_URL for den rigtige)` : `Digital Post sendes via ${new URL(process.env.RETUR_DIGITAL_POST_URL!).host}`);
      say(`E-mail ind: SMTP på ${process.env.RETUR_SMTP_HOST || '127.0.0.1'}:${smtpIn.port} (kommunens mail-relay videresender hertil; RETUR_SMTP_PORT)`);
      say(mailSink ? `E-mail ud: lokal test-relay ${mailSink.url} (sæt RETUR_SMTP_RELAY_URL for kommunens relay)` : `E-mail sendes via ${new URL(process.env.RETUR_SMTP_RELAY_URL!).host}`);
      say(`API-dokumentation: http://localhost:${env.port}/api/docs`);
    },
  },
  migrate: {
    help: 'Kør databasemigreringer',
    async run() {
      const db = await openFromEnv();
      const applied = await migrate(db);
      say(applied.length ? `Kørt: ${applied.join(', ')}` : 'Databasen er opdateret.');
      await db.close();
    },
  },
  seed: {
    help: 'Indlæs demo-kommunen: --scale default|copenhagen|small, --reset sletter data først',
    options: { scale: { type: 'string', default: 'default' }, reset: { type: 'boolean', default: false } },
    async run(v) {
      const scale = String(v.scale) as Scale;
      if (!['default', 'copenhagen', 'small'].includes(scale)) throw new Error(`--scale skal være default, copenhagen eller small (ikke "${scale}")`);
      const clock = clockFromEnv();
      const db = await openFromEnv();
      await migrate(db);
      if (await isSeeded(db)) {
        if (!v.reset) { say('Databasen har allerede data. Brug --reset for at slette den og indlæse demo-kommunen igen.'); await db.close(); return 1; }
        await resetData(db);
      }
      const t0 = performance.now();
      const r = await seedDemo(db, { scale, today: clock.today() });
      say(`Indlæst (${scale}) på ${Math.round(performance.now() - t0)} ms: ${r.openCases} åbne, ${r.closedCases} afsluttede sager, ${r.caseworkers} sagsbehandlere, ${r.teams} teams.`);
      await db.close();
    },
  },
  bench: {
    help: 'Mål hastighed: arbejdsliste og sagsside på København-skala (BENCH_DATABASE_URL for PostgreSQL)',
    async run() {
      const { runBench } = await import('../../bench/run.ts');
      process.stdout.write(JSON.stringify(await runBench(), null, 2) + '\n');
    },
  },
  ...ruleCommands,
  ...backupCommands,
  ...privacyCommands,
  ...calcCommands,
  ...reportCommands,
  ...devCommands,
};
