/** `retur export citizen` and `retur retention` (filled in by the privacy work). */
import type { Command } from './commands.ts';

export const privacyCommands: Record<string, Command> = {};
