import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FOOLING_SAMPLES, SYNTHESIZE } from './fooling.js';
import * as operations from './operations.js';

// Every document the app sends, checked against the gateway's committed schema (the contract), so a renamed
// field fails here rather than only in the browser. CLUSTERFLOW_SCHEMA may point at another schema file.
const schemaPath =
  process.env['CLUSTERFLOW_SCHEMA'] ??
  fileURLToPath(new URL('../../../gateway/schema.graphql', import.meta.url));

const documents: Record<string, string> = { SYNTHESIZE, FOOLING_SAMPLES };
for (const [name, value] of Object.entries(operations)) {
  if (typeof value === 'string' && /^\s*(query|mutation)\b/.test(value)) documents[name] = value;
}

/** Requested in SCHEMA-REQUESTS.md: the only validation errors these may have are the missing fields. */
const PENDING: Record<string, RegExp> = {};

describe.skipIf(!existsSync(schemaPath))(`operations against ${path.basename(schemaPath)}`, () => {
  // Built lazily: describe bodies run even when skipped.
  let schema: ReturnType<typeof buildSchema> | undefined;
  const loadSchema = () => (schema ??= buildSchema(readFileSync(schemaPath, 'utf8')));

  it('covers every operation module export', () => {
    expect(Object.keys(documents).sort()).toEqual(
      [
        'ASYMMETRY',
        'CREATE_WORLD',
        'DELETE_WORLD',
        'FOOLING_SAMPLES',
        'JOB',
        'ODD_ONE_OUT',
        'PROJECTION',
        'RELATION',
        'SAMPLES',
        'SYNTHESIZE',
        'WORLD',
        'WORLDS',
        'WORLD_CLUSTERS',
        'WORLD_MEMBERSHIP',
      ].sort(),
    );
  });

  for (const [name, source] of Object.entries(documents)) {
    it(`${name} is valid${name in PENDING ? ' (or only lacks the requested field)' : ''}`, () => {
      const errors = validate(loadSchema(), parse(source)).map((e) => e.message);
      const pending = PENDING[name];
      if (pending === undefined) {
        expect(errors).toEqual([]);
      } else {
        // Once the gateway adds the field, this operation validates: then drop it from PENDING.
        expect(
          errors.every((message) => pending.test(message)),
          errors.join('\n'),
        ).toBe(true);
      }
    });
  }
});
