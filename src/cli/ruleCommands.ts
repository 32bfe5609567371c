import type { Command } from './commands.ts';
export const ruleCommands: Record<string, Command> = {};
