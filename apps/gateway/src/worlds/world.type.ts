import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Job } from '../jobs/job.type.js';

export enum WorldStatus {
  BUILDING = 'BUILDING',
  READY = 'READY',
  FAILED = 'FAILED',
}
registerEnumType(WorldStatus, {
  name: 'WorldStatus',
  description: 'Whether a world can answer questions yet.',
});

@ObjectType({ description: 'How many examples carry one label.' })
export class LabelCount {
  @Field(() => String, { description: 'The label.' })
  label!: string;

  @Field(() => Int, { description: 'Examples with this label.' })
  count!: number;
}

@ObjectType({ description: "Shape of a world's ClusterFlow tree and its calibration." })
export class TreeSummary {
  @Field(() => Int, { description: 'Clusters in the tree, the world cluster included.' })
  nodeCount!: number;

  @Field(() => Int, { description: 'Leaves (clusters with no children).' })
  leafCount!: number;

  @Field(() => Int, { description: 'Leaves whose members share a label.' })
  pureLeafCount!: number;

  @Field(() => Int, { description: 'Leaves still mixed (stopped at max depth or without progress).' })
  mixedLeafCount!: number;

  @Field(() => Int, { description: 'Points left alone as singleton leaves (rejects).' })
  rejectCount!: number;

  @Field(() => Int, { description: 'Deepest level below the world cluster.' })
  depth!: number;

  @Field(() => Int, { description: 'Dimensions of the space the boxes live in.' })
  dimensions!: number;

  @Field(() => String, { description: 'Box kind used by the tree, e.g. `lower`.' })
  boxKind!: string;

  @Field(() => Float, {
    description: 'Calibrated world escape threshold (Σ overshoot/σ) at or below which a point is inside.',
  })
  threshold!: number;

  @Field(() => Float, { description: 'Share of held-out real examples inside the threshold (≈ 1 − alpha).' })
  acceptance!: number;

  @Field(() => Float, { description: 'Conformal level alpha the threshold was calibrated for.' })
  alpha!: number;

  @Field(() => Float, { description: 'Held-out top-1 guess accuracy of the fold trees.' })
  guessAccuracy!: number;
}

@ObjectType({
  description: 'A world: labelled example images, their activations and the ClusterFlow tree over them.',
})
export class World {
  @Field(() => ID, {
    description: 'World id, e.g. `w_…`. Arguments named `world` accept the id or the name.',
  })
  id!: string;

  @Field(() => String, { description: 'Unique name, e.g. `demo`.' })
  name!: string;

  @Field(() => String, { description: 'CNN whose activations the world is built on.' })
  model!: string;

  @Field(() => String, {
    description:
      'Activation tap the world is built on: `leaky_re_lu_14:gap` (darknet-tiny conv features, global-average-pooled; the default for new worlds) or `classSpace` (pre-softmax logits), as set by CLUSTERFLOW_WORLD_TAP when the world was created.',
  })
  tap!: string;

  @Field(() => WorldStatus, { description: 'BUILDING while a job embeds examples, then READY (or FAILED).' })
  status!: WorldStatus;

  @Field(() => Int, { description: 'Labelled examples stored.' })
  exampleCount!: number;

  @Field(() => Int, { description: 'Examples whose activations have been extracted.' })
  embeddedCount!: number;

  @Field(() => [LabelCount], { description: 'Labels and how many examples carry each, by label.' })
  labels!: LabelCount[];

  @Field(() => TreeSummary, {
    nullable: true,
    description: 'The ClusterFlow tree, once built (see treeNote if null).',
  })
  tree?: TreeSummary | null;

  @Field(() => String, { nullable: true, description: 'Why `tree` is null, when it is.' })
  treeNote?: string | null;

  @Field(() => String, { description: 'ISO creation time.' })
  createdAt!: string;

  @Field(() => String, { description: 'ISO time of the last change.' })
  updatedAt!: string;
}

@ObjectType({ description: 'A world whose build has been queued, with the job to poll.' })
export class WorldJobPayload {
  @Field(() => World, { description: 'The world (status BUILDING until the job finishes).' })
  world!: World;

  @Field(() => Job, { description: 'The build job; poll `job(id)` for progress.' })
  job!: Job;
}

@ObjectType({ description: 'What deleteWorld removed.' })
export class DeleteWorldPayload {
  @Field(() => ID, { description: 'Id of the deleted world.' })
  id!: string;

  @Field(() => String, { description: 'Its name (free to reuse now).' })
  name!: string;

  @Field(() => Int, { description: 'Examples deleted with it.' })
  deletedExamples!: number;
}
