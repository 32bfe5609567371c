/** `retur backup FILE` and `retur restore FILE` (filled in by the backup work). */
import type { Command } from './commands.ts';

export const backupCommands: Record<string, Command> = {};
