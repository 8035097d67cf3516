import { Query, Resolver } from 'type-graphql';
import { Health } from './health.type.js';
import type { HealthService } from './health.service.js';

@Resolver(() => Health)
export class HealthResolver {
  constructor(private readonly service: HealthService) {}

  @Query(() => Health, { description: 'Liveness and backend state.' })
  health(): Promise<Health> {
    return this.service.report();
  }
}
