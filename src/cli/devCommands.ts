/**
 * `retur dev …`: tools for trying retur on one machine. `retur dev sms-gateway --port N` runs the local stand-in SMS
 * gateway (src/integrations/sms/standIn.ts) on its own, e.g. for a second app instance or to watch reminders arrive;
 * `retur dev digital-post --port N` the Digital Post stand-in (src/integrations/digitalPost/standIn.ts), whose page
 * /dev/digital-post shows the letters it received.
 */
import type { Command } from './commands.ts';
import { startSmsStandIn } from '../integrations/sms/standIn.ts';
import { startDigitalPostStandIn } from '../integrations/digitalPost/standIn.ts';

const say = (s: string) => process.stderr.write(s + '\n');

function wholeNumber(name: string, v: string | boolean | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw new Error(`--${name} skal være et helt tal mellem ${min} og ${max}`);
  return Number(v);
}

export const devCommands: Record<string, Command> = {
  dev: {
    help: 'Udviklerværktøjer: "dev sms-gateway --port N [--fail-first N] [--delay-ms N] [--receipts] [--token T]" kører en lokal sms-gateway; "dev digital-post --port N [--fail-first N] [--token T]" en lokal Digital Post',
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'fail-first': { type: 'string' },
      'delay-ms': { type: 'string' },
      receipts: { type: 'boolean', default: false },
      token: { type: 'string' },
    },
    async run(v, [tool, ...extra]) {
      if (!['sms-gateway', 'digital-post'].includes(tool) || extra.length)
        throw new Error('Brug: retur dev sms-gateway --port N [--fail-first N] [--delay-ms N] [--receipts] [--token T]  eller  retur dev digital-post --port N [--fail-first N] [--token T]');
      const port = wholeNumber('port', v.port, 0, 65535)!;
      const failFirst = wholeNumber('fail-first', v['fail-first'], 0, 1_000_000);
      const delayMs = wholeNumber('delay-ms', v['delay-ms'], 0, 600_000);
      if (tool === 'digital-post') {
        const token = typeof v.token === 'string' ? v.token : process.env.RETUR_DIGITAL_POST_TOKEN || undefined;
        const dp = await startDigitalPostStandIn({ port, host: String(v.host), failFirst, delayMs, token, onLetter: (l) => say(`${l.receivedAt}  ${l.recipient.cpr}  ${l.title}`) });
        say(`Lokal Digital Post på ${dp.url}  (POST /memo, GET /messages, se brevene på ${dp.url}/dev/digital-post)`);
        say(`Brug den fra retur: RETUR_DIGITAL_POST_URL=${dp.url} RETUR_DIGITAL_POST_TOKEN=${token ? '…' : '<valgfrit>'} npx retur start`);
        await new Promise<void>((resolve) => {
          const stop = () => { void dp.close().then(resolve); };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return;
      }
      const token = typeof v.token === 'string' ? v.token : process.env.RETUR_SMS_TOKEN || undefined;
      const gw = await startSmsStandIn({
        port, host: String(v.host), failFirst, delayMs, receipts: v.receipts === true, token,
        // The stand-in is a developer's tool: it shows what a citizen would receive, number included.
        onMessage: (m) => say(`${m.receivedAt}  ${m.to}  ${m.text.replace(/\n/g, ' ⏎ ')}`),
      });
      say(`Lokal sms-gateway på ${gw.url}  (POST /messages, GET /messages)`);
      if (failFirst) say(`  de første ${failFirst} forespørgsler får 503`);
      if (delayMs) say(`  svarer efter ${delayMs} ms`);
      say(`Brug den fra retur: RETUR_SMS_URL=${gw.url} RETUR_SMS_TOKEN=${token ? '…' : '<valgfrit>'} npx retur start`);
      await new Promise<void>((resolve) => {
        const stop = () => { void gw.close().then(resolve); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  },
};
