import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const playgroundDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = path.resolve(playgroundDir, '..', '..');
const gatewayMain = path.join(rootDir, 'apps', 'gateway', 'dist', 'main.js');

/** The key the tests' gateway requires for mutations (tests type it into the app). */
export const E2E_API_KEY = 'e2e-playground-key';

/**
 * Builds the gateway (with the libs it needs, through Nx) and the playground, starts the gateway on a free
 * port with a temporary database directory, waits for /health, and hands the URL to the tests through
 * CLUSTERFLOW_E2E_URL. Returns the teardown. Set CLUSTERFLOW_E2E_SKIP_BUILD=1 to reuse existing builds.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env['CLUSTERFLOW_E2E_SKIP_BUILD'] !== '1') {
    const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
    run('npx', ['nx', 'run', 'gateway:build', '--outputStyle=static'], rootDir, env);
    run('npx', ['vite', 'build', '--logLevel', 'warn'], playgroundDir, env);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'clusterflow-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(dataDir, 'gateway.log'));
  const child = spawn(process.execPath, [gatewayMain], {
    cwd: rootDir,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      CLUSTERFLOW_HOST: '127.0.0.1',
      CLUSTERFLOW_PORT: String(port),
      CLUSTERFLOW_DB: path.join(dataDir, 'clusterflow.sqlite'),
      CLUSTERFLOW_API_KEY: E2E_API_KEY,
      CLUSTERFLOW_STATIC_DIR: path.join(playgroundDir, 'dist'),
      CLUSTERFLOW_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    await waitForHealth(url, child, path.join(dataDir, 'gateway.log'));
  } catch (error) {
    await stop(child);
    throw error;
  }
  process.env['CLUSTERFLOW_E2E_URL'] = url;
  process.env['CLUSTERFLOW_E2E_API_KEY'] = E2E_API_KEY;
  process.env['CLUSTERFLOW_E2E_LOG'] = path.join(dataDir, 'gateway.log');
  return async () => {
    await stop(child);
    log.end();
    if (process.env['CLUSTERFLOW_E2E_KEEP'] !== '1') rmSync(dataDir, { recursive: true, force: true });
  };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  execFileSync(cmd, args, { cwd, env, stdio: 'inherit' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `The gateway exited with code ${child.exitCode} before /health answered; see ${logFile}.`,
      );
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The gateway at ${url} did not become healthy in 240 s (last: ${last}); see ${logFile}.`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
