import type { Command } from 'commander';
import { registerFoolCommand } from './fool-command.js';

/** The hook `src/cli/cli.ts` mounts when present: adds this folder's subcommands (`fool`). */
export function registerCommands(program: Command): void {
  registerFoolCommand(program);
}
