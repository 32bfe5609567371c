/** `retur calc`: the economics calculators (issue 11), JSON on stdout. */
import type { Command } from './commands.ts';

export const calcCommands: Record<string, Command> = {};
