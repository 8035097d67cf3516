import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/gateway-config.js';
import { createGateway } from './server/gateway.js';

/** `npm start`: configuration from the environment (see README), graceful shutdown on SIGINT / SIGTERM. */
async function main(): Promise<void> {
  const gateway = await createGateway(loadConfig());
  let signals = 0;
  const stop = (signal: string): void => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C means "now"
    gateway.logger.info({ signal }, 'signal received');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.logger.error({ err: error }, 'shutdown failed');
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
