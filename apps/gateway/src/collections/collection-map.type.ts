import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ProjectionMethod } from '../projection/projection.type.js';

@ObjectType({ description: "One image's place on a collection map." })
export class MapPoint {
  @Field(() => ID, { description: 'The collection image.' })
  imageId!: string;

  @Field(() => Float, { description: 'Map x.' })
  x!: number;

  @Field(() => Float, { description: 'Map y.' })
  y!: number;

  @Field(() => String, { nullable: true, description: 'Its label, or null.' })
  label!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Its gallery cluster (after collectionGalleries), or null.',
  })
  cluster!: number | null;
}

@ObjectType({ description: 'A stored 2-D map of a collection (read from the database, no compute).' })
export class CollectionMap {
  @Field(() => ProjectionMethod, { description: 'UMAP or PCA.' })
  method!: ProjectionMethod;

  @Field(() => String, { description: 'CNN the features came from.' })
  model!: string;

  @Field(() => String, { description: 'Tap (layer) the features came from.' })
  tap!: string;

  @Field(() => String, { description: 'ISO time the map was stored.' })
  createdAt!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Null for the raw activations, else the loss of the trained head (not produced yet in this build).',
  })
  head!: string | null;

  @Field(() => Float, {
    nullable: true,
    description: '2-D silhouette of the labelled points (null with < 2 labels).',
  })
  silhouette!: number | null;

  @Field(() => Float, { nullable: true, description: "For an improved map: the previous map's silhouette." })
  silhouetteBefore!: number | null;

  @Field(() => [MapPoint], { description: 'Every image of the collection that has coordinates.' })
  points!: MapPoint[];
}
