import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_KEY, removeDir } from './test-gateway.js';

const gatewayDir = path.resolve(import.meta.dirname, '../..');

/** The built gateway running as its own process, started the way `npm start` starts it. */
export interface SpawnedGateway {
  url: string;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** SIGTERM, wait for the exit, remove the temp dir. */
  stop(): Promise<void>;
}

/**
 * `node dist/main.js` in apps/gateway (what `npm start` runs after building) with a temp database, a free port,
 * no NODE_ENV (a user following the README sets none) and `env` on top. Resolves once it logs "gateway listening".
 */
export async function spawnGateway(env: Record<string, string> = {}): Promise<SpawnedGateway> {
  const main = path.join(gatewayDir, 'dist', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: build the gateway first (nx run gateway:build)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cf-spawned-'));
  const { NODE_ENV: _unset, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [main], {
    cwd: gatewayDir,
    env: {
      ...inherited,
      CLUSTERFLOW_PORT: '0',
      CLUSTERFLOW_DB: path.join(dir, 'gateway.sqlite'),
      CLUSTERFLOW_API_KEY: API_KEY,
      CLUSTERFLOW_DEMO_WORLD: 'false',
      CLUSTERFLOW_STATIC_DIR: path.join(dir, 'no-playground'),
      CLUSTERFLOW_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry['msg'] === 'gateway listening') resolve(String(entry['url']).replace(/\/graphql$/, ''));
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => reject(new Error(`gateway exited (${code}) before listening: ${stderr}`)));
  });
  return {
    url,
    logs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      removeDir(dir);
    },
  };
}
