import { Field, Int, ObjectType } from 'type-graphql';
import { LabelCount } from './world.type.js';

@ObjectType({ description: "One cluster of a world's ClusterFlow tree." })
export class ClusterNode {
  @Field(() => Int, {
    description: 'Cluster id, the same numbers as WorldMembership.path (0 = the world cluster).',
  })
  id!: number;

  @Field(() => Int, {
    nullable: true,
    description: "Parent cluster's id; null for the world cluster (the root).",
  })
  parentId?: number | null;

  @Field(() => Int, { description: '0 for the world cluster.' })
  depth!: number;

  @Field(() => Int, { description: 'Examples in this cluster.' })
  size!: number;

  @Field(() => Boolean, { description: 'True when every member carries the same label.' })
  pure!: boolean;

  @Field(() => String, { description: 'pure, mixed or singleton.' })
  kind!: string;

  @Field(() => [LabelCount], { description: 'Labels of the members and how many carry each, by label.' })
  labels!: LabelCount[];

  @Field(() => [Int], { description: 'Members, as ProjectionPoint.exampleId values.' })
  exampleIds!: number[];
}
