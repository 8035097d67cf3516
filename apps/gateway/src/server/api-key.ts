import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '../db/database.js';

/** The configured key, or the one generated (and stored) on first start when none is configured. */
export async function resolveApiKey(
  db: Db,
  configured: string | undefined,
): Promise<{ key: string; generated: boolean }> {
  if (configured !== undefined) return { key: configured, generated: false };
  const read = async (): Promise<string | undefined> =>
    (await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'api_key'"))?.value;
  const stored = await read();
  if (stored !== undefined) return { key: stored, generated: false };
  const key = randomBytes(24).toString('base64url');
  // Gateways sharing one database may start together: the first insert wins and every one reads that key back.
  const { changes } = await db.run(
    "INSERT INTO settings (key, value) VALUES ('api_key', ?) ON CONFLICT (key) DO NOTHING",
    [key],
  );
  return changes === 1 ? { key, generated: true } : { key: (await read()) ?? key, generated: false };
}

/** The key a request carries: `x-api-key`, or `Authorization: Bearer <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const auth = headers.authorization;
  const match = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return match?.[1];
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function keyMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
