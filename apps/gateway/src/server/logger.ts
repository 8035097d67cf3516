import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs; secrets in headers are redacted wherever a request is logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'clusterflow-gateway' },
      redact: ['headers["x-api-key"]', 'headers.authorization', 'apiKey'],
    },
    destination,
  );
}
