#!/usr/bin/env node
import { buildProgram, runProgram, type CommandRegistrar } from './program.js';

/**
 * Optional subcommands living in other folders of this package. `src/fooling/register-commands.ts` (the
 * fooling-image engineer's) exports `registerCommands(program)`; it is mounted when present.
 */
const OPTIONAL_REGISTRARS = ['../fooling/register-commands.js'];

async function loadRegistrars(): Promise<CommandRegistrar[]> {
  const found: CommandRegistrar[] = [];
  for (const specifier of OPTIONAL_REGISTRARS) {
    try {
      const module = (await import(specifier)) as { registerCommands?: CommandRegistrar };
      if (typeof module.registerCommands === 'function') found.push(module.registerCommands);
    } catch (error) {
      // Only "this registrar does not exist" is expected; a registrar that fails to load is a real error.
      const { code, message } = error as { code?: string; message?: string };
      if (code !== 'ERR_MODULE_NOT_FOUND' || !String(message).includes('register-commands')) throw error;
    }
  }
  return found;
}

const program = buildProgram({ registrars: await loadRegistrars() });
process.exitCode = await runProgram(program, process.argv);
