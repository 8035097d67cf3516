import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AsymmetryResolver } from '../asymmetry/asymmetry.resolver.js';
import { CollectionResolver } from '../collections/collection.resolver.js';
import { ClassifyResolver } from '../classify/classify.resolver.js';
import { FoolingResolver } from '../fooling/fooling.resolver.js';
import { HealthResolver } from '../health/health.resolver.js';
import { JobResolver } from '../jobs/job.resolver.js';
import { ModelResolver } from '../models/model.resolver.js';
import { ProjectionResolver } from '../projection/projection.resolver.js';
import { ReasoningResolver } from '../reasoning/reasoning.resolver.js';
import { SampleResolver } from '../samples/sample.resolver.js';
import { SimilarityResolver } from '../similarity/similarity.resolver.js';
import { WorldResolver } from '../worlds/world.resolver.js';
import { apiKeyAuthChecker } from './auth-checker.js';

export const RESOLVERS = [
  AsymmetryResolver,
  ClassifyResolver,
  CollectionResolver,
  FoolingResolver,
  HealthResolver,
  JobResolver,
  ModelResolver,
  ProjectionResolver,
  ReasoningResolver,
  SampleResolver,
  SimilarityResolver,
  WorldResolver,
] as const;

/** Resolver instances keyed by class: services are wired by hand in `createGateway`, no DI framework. */
export class ResolverContainer implements ContainerType {
  private readonly instances = new Map<unknown, unknown>();

  register<T extends object>(type: abstract new (...args: never[]) => T, instance: T): this {
    this.instances.set(type, instance);
    return this;
  }

  get(type: unknown): unknown {
    const instance = this.instances.get(type);
    if (instance === undefined)
      throw new Error(`No instance registered for resolver ${String((type as { name?: string }).name)}`);
    return instance;
  }
}

/** The code-first schema. `container` is only consulted when resolvers run, so printing needs none. */
export function buildGatewaySchema(
  container: ContainerType = new ResolverContainer(),
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    container,
    authChecker: apiKeyAuthChecker,
    // Validation happens in one layer at the edge (the `*.validator.ts` each resolver calls first), with messages
    // saying what is allowed; class-validator would be a second one.
    validate: false,
  });
}

/** The SDL committed as `schema.graphql` (sorted, so diffs show only real API changes). */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
