import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import {
  Kind,
  parse,
  printSchema,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { Sample } from '../samples/sample.type.js';
import type { World } from '../worlds/world.type.js';

/** The Federation 2 spec the subgraph links (the `@key` directive comes from it). */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.3';

/** Entity types and their key field: a router asks this subgraph for them by `id` through `_entities`. */
export const ENTITY_KEYS: Readonly<Record<'World' | 'Sample', string>> = { World: 'id', Sample: 'id' };

/** How the subgraph finds an entity a router refers to (undefined: unknown id, the entity resolves to null). */
export interface EntityLookups {
  world(id: string): Promise<World | undefined>;
  sample(id: string): Promise<Sample | undefined>;
}

/**
 * The gateway's type-graphql schema served as an Apollo Federation 2 subgraph: its SDL with `@key(fields: "id")` on
 * World and Sample and the federation `@link`, built by `@apollo/subgraph` (which adds `_service`, `_entities` and
 * the `_Entity` union) with the same resolvers type-graphql generated, plus a `__resolveReference` per entity.
 */
export function toSubgraphSchema(schema: GraphQLSchema, lookups: EntityLookups): GraphQLSchema {
  const printed = parse(printSchema(schema));
  const definitions: DefinitionNode[] = printed.definitions.map((def) => {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) return def;
    const key = (ENTITY_KEYS as Record<string, string | undefined>)[def.name.value];
    return key === undefined ? def : { ...def, directives: [...(def.directives ?? []), keyDirective(key)] };
  });
  const link = parse(`extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])`);
  const typeDefs: DocumentNode = { kind: Kind.DOCUMENT, definitions: [...link.definitions, ...definitions] };
  // type-graphql's map holds the field resolvers (with their auth and error handling), enums and scalars.
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  const withReference = (type: string, resolve: (id: string) => Promise<unknown>): void => {
    const existing = (resolvers[type] ?? {}) as Record<string, unknown>;
    resolvers[type] = {
      ...existing,
      __resolveReference: async (reference: { id: string }) => (await resolve(reference.id)) ?? null,
    } as GraphQLResolverMap<unknown>[string];
  };
  withReference('World', (id) => lookups.world(id));
  withReference('Sample', (id) => lookups.sample(id));
  return buildSubgraphSchema({ typeDefs, resolvers });
}

function keyDirective(fields: string): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'key' },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'fields' },
        value: { kind: Kind.STRING, value: fields },
      },
    ],
  };
}
