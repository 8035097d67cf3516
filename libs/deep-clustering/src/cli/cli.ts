#!/usr/bin/env node
import { buildProgram, runProgram } from './program.js';

process.exitCode = await runProgram(buildProgram(), process.argv);
