/**
 * The `retur` command. Sub-commands: start, migrate, seed (later issues add more).
 * Output meant for scripts is JSON on stdout; messages for people go to stderr.
 */
import { parseArgs } from 'node:util';
import { commands } from './commands.ts';

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  const list = Object.entries(commands).map(([n, c]) => `  retur ${n.padEnd(22)} ${c.help}`).join('\n');
  process.stderr.write(`Brug: retur <kommando> [valg]\n\n${list}\n`);
  process.exit(name ? 2 : 0);
}
try {
  const { values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  const code = await command.run(values as Record<string, string | boolean | undefined>, positionals);
  if (typeof code === 'number') process.exitCode = code;
} catch (err) {
  const e = err as { issues?: { path: string; message: string }[]; message: string };
  process.stderr.write(`retur ${name}: ${e.message}\n`);
  for (const i of e.issues ?? []) process.stderr.write(`  ${i.path}: ${i.message}\n`);
  process.exitCode = 1;
}
