/** `retur report status`: the committee status report from the command line (issue 11). */
import type { Command } from './commands.ts';

export const reportCommands: Record<string, Command> = {};
