/**
 * Shared helpers for bench suites: timing, peak memory, machine info, peer processes and result files.
 * A suite imports these, measures, and calls writeSuiteResults(); bench/run.mjs assembles bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const DATA_DIR = join(BENCH_DIR, 'data');
export const PEERS_DIR = join(BENCH_DIR, 'peers');
export const PYTHON = '/usr/bin/python3';

export interface Timed<T> {
  readonly value: T;
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** CPU milliseconds of the whole process (all threads, user + system): less sensitive to a busy machine. */
  readonly cpuMs: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

/** Wall-clock and CPU time of one synchronous call. */
export function time<T>(fn: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0, cpuMs: cpuMsSince(c0) };
}

/** Wall-clock and CPU time of one asynchronous call. */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0, cpuMs: cpuMsSince(c0) };
}

/** One-minute load average and core count, to record how busy the machine was during a measurement. */
export function loadNow(): string {
  return `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Environment for peer processes: OpenBLAS tuning variables removed so the peer runs at full speed. */
export function peerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/**
 * Runs a peer script (bench/peers/<script>) with /usr/bin/python3 and parses the JSON object it prints as its
 * last stdout line.
 */
export function runPeer<T>(script: string, args: ReadonlyArray<string | number>): T {
  const out = execFileSync(PYTHON, [join(PEERS_DIR, script), ...args.map(String)], {
    env: peerEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Path of a data file in bench/data (gitignored), creating the folder. */
export function dataPath(name: string): string {
  mkdirSync(DATA_DIR, { recursive: true });
  return join(DATA_DIR, name);
}

/** Formats a markdown table. */
export function markdownTable(
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const line = (cells: ReadonlyArray<string | number>): string => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Fixed-precision number for tables (keeps tables narrow and diffs readable). */
export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(digits);
}

/**
 * Writes bench/results/<suite>.json (raw numbers + machine info + date) and bench/results/<suite>.md (a markdown
 * fragment that bench/run.mjs copies into bench/README.md).
 */
export function writeSuiteResults(suite: string, results: unknown, markdown: string): void {
  if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
  const json = { suite, date: new Date().toISOString(), machine: machineInfo(), results };
  writeFileSync(join(RESULTS_DIR, `${suite}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${suite}.md`), `${markdown.trim()}\n`);
}
