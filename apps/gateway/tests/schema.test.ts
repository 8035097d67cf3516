import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build-schema.js';

describe('schema', () => {
  it('matches the committed schema.graphql (run `npm run build && npm run emit-schema` after API changes)', async () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, '../schema.graphql'), 'utf8');
    // Compared after re-printing, so formatting the committed file (Prettier formats .graphql) does not matter.
    expect(printGatewaySchema(await buildGatewaySchema())).toBe(printGatewaySchema(buildSchema(committed)));
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await buildGatewaySchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation'].includes(type.name)
      )
        continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues())
          if (!value.description && type.name.startsWith('Relation'))
            missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the operations of the issue', async () => {
    const schema = await buildGatewaySchema();
    const queries = Object.keys(schema.getQueryType()?.getFields() ?? {}).sort();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
    expect(queries).toEqual(
      [
        'asymmetry',
        'classify',
        'collection',
        'collectionImages',
        'collections',
        'health',
        'job',
        'models',
        'oddOneOut',
        'projection',
        'relation',
        'samples',
        'similarity',
        'world',
        'worldMembership',
        'worlds',
      ].sort(),
    );
    expect(mutations).toEqual(
      [
        'addCollectionImages',
        'addExamples',
        'createCollection',
        'createWorld',
        'deleteCollection',
        'deleteWorld',
        'synthesizeFoolingImage',
      ].sort(),
    );
  });
});
