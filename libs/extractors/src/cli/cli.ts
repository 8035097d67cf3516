#!/usr/bin/env node
// The `clusterflow-extract` bin (package.json "bin"): the program of ./program.ts with the `fool` subcommand.
// The CLI is not part of the library's API: nothing here is exported from src/index.ts.
import { registerFoolCommand } from './fool-command.js';
import { buildProgram, runProgram } from './program.js';

const program = buildProgram({ registrars: [(p) => registerFoolCommand(p)] });
process.exitCode = await runProgram(program, process.argv);
