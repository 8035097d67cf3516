import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ProjectionMethod {
  PCA = 'PCA',
  UMAP = 'UMAP',
}
registerEnumType(ProjectionMethod, {
  name: 'ProjectionMethod',
  description: "How a world's activations are mapped to 2-D.",
  valuesConfig: {
    PCA: { description: 'First two principal components (linear, exact, deterministic).' },
    UMAP: { description: 'UMAP (umap-js), seeded: the same seed gives the same map.' },
  },
});

@ObjectType({ description: 'One example of a world on the 2-D map.' })
export class ProjectionPoint {
  @Field(() => Int, { description: 'Example id within the world.' })
  exampleId!: number;

  @Field(() => String, { description: "The example's label." })
  label!: string;

  @Field(() => Float, { description: 'Horizontal coordinate.' })
  x!: number;

  @Field(() => Float, { description: 'Vertical coordinate.' })
  y!: number;

  @Field(() => String, { nullable: true, description: 'Sample id, when the example is a stored sample.' })
  sampleId?: string | null;

  @Field(() => String, { description: '64×64 JPEG thumbnail as a data URL.' })
  thumbnail!: string;
}

@ObjectType({ description: "A 2-D map of a world's examples in class space." })
export class Projection {
  @Field(() => String, { description: 'World id.' })
  worldId!: string;

  @Field(() => ProjectionMethod, { description: 'PCA or UMAP.' })
  method!: ProjectionMethod;

  @Field(() => Int, { description: 'Dimensions of the space that was projected.' })
  dimensions!: number;

  @Field(() => Int, { description: 'Seed used (UMAP).' })
  seed!: number;

  @Field(() => [ProjectionPoint], { description: 'One point per embedded example.' })
  points!: ProjectionPoint[];
}
