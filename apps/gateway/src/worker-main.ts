#!/usr/bin/env node
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/gateway-config.js';
import { createClusterflowWorker } from './server/clusterflow-worker.js';

/** `clusterflow-worker`: pulls world builds from the queue (same environment variables as the gateway). */
async function main(): Promise<void> {
  const worker = await createClusterflowWorker(loadConfig());
  let signals = 0;
  const stop = (signal: string): void => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C means "now"
    worker.logger.info({ signal }, 'signal received');
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        worker.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `configuration error: ${error.message}` : error);
  process.exit(1);
});
