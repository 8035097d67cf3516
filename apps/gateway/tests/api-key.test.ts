import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { keyMatches, presentedKey, resolveApiKey } from '../src/server/api-key.js';

describe('API key', () => {
  it('is generated once when none is configured, then read back from the database', async () => {
    const { db } = await openDatabase(':memory:');
    const first = await resolveApiKey(db, undefined);
    expect(first.generated).toBe(true);
    expect(first.key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await resolveApiKey(db, undefined)).toEqual({ key: first.key, generated: false });
    expect(await resolveApiKey(db, 'configured')).toEqual({ key: 'configured', generated: false });
    await db.close();
  });

  it('is read from x-api-key or a Bearer token and compared exactly', () => {
    expect(presentedKey({ 'x-api-key': 'k1' })).toBe('k1');
    expect(presentedKey({ authorization: 'Bearer k2' })).toBe('k2');
    expect(presentedKey({ authorization: 'Basic k3' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
    expect(keyMatches('secret', 'secret')).toBe(true);
    expect(keyMatches('secret', 'secret ')).toBe(false);
    expect(keyMatches('secret', 'Secret')).toBe(false);
    expect(keyMatches('secret', undefined)).toBe(false);
  });
});
