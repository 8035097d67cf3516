import { Arg, Authorized, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JobRunner } from '../jobs/job.runner.js';
import { Job } from '../jobs/job.type.js';
import { ProjectionMethod } from '../projection/projection.type.js';
import type { CollectionMapJob } from './collection-map.job.js';
import { CollectionMap } from './collection-map.type.js';
import { CollectionImageUpload } from './collection.input.js';
import { AddCollectionImagesResult, Collection, CollectionImage } from './collection.type.js';
import type { CollectionService } from './collection.service.js';
import type { CollectionValidator } from './collection.validator.js';

@Resolver(() => Collection)
export class CollectionResolver {
  constructor(
    private readonly check: CollectionValidator,
    private readonly service: CollectionService,
    private readonly mapJob: CollectionMapJob,
    private readonly jobs: JobRunner,
  ) {}

  @FieldResolver(() => CollectionMap, {
    nullable: true,
    description: 'The stored map (null until a map job succeeded); read from the database.',
  })
  map(@Root() collection: Collection): Promise<CollectionMap | null> {
    return this.service.map(collection.id);
  }

  @FieldResolver(() => Job, { nullable: true, description: 'Latest map job (any status), null if none.' })
  async lastJob(@Root() collection: Collection): Promise<Job | null> {
    const id = await this.service.lastJobId(collection.id);
    return id === null ? null : ((await this.jobs.get(id)) ?? null);
  }

  @Authorized()
  @Mutation(() => Job, {
    description:
      "Starts a MAP_COLLECTION job (needs the API key): features with the gateway's model and tap (default: its " +
      'world tap), then a 2-D map (UMAP seeded, or PCA) on a worker thread; poll job(id), then read Collection.map.',
  })
  async startCollectionMap(
    @Arg('collectionId', () => ID, { description: 'Collection id.' }) collectionId: string,
    @Arg('method', () => ProjectionMethod, {
      defaultValue: ProjectionMethod.UMAP,
      description: 'UMAP or PCA.',
    })
    method: ProjectionMethod,
    @Arg('model', () => String, {
      nullable: true,
      description: "CNN name (default and only value: the gateway's).",
    })
    model: string | null,
    @Arg('tap', () => String, {
      nullable: true,
      description: "Tap (default: the gateway's world tap; or classSpace).",
    })
    tap: string | null,
    @Arg('seed', () => Int, { defaultValue: 0, description: 'UMAP seed: the same seed gives the same map.' })
    seed: number,
  ): Promise<Job> {
    const collection = await this.check.collection(collectionId);
    return this.mapJob.start(collection, { method, seed, ...this.mapJob.options(model, tap) });
  }

  @Query(() => [Collection], { description: 'Every collection, oldest first.' })
  collections(): Promise<Collection[]> {
    return this.service.list();
  }

  @Query(() => Collection, {
    description: 'One collection by id (BAD_USER_INPUT, reason NOT_FOUND, if unknown).',
  })
  async collection(
    @Arg('id', () => ID, { description: 'Collection id, `c_…`.' }) id: string,
  ): Promise<Collection> {
    return this.service.view(await this.check.collection(id, 'id'));
  }

  @Query(() => [CollectionImage], { description: "A page of a collection's images in upload order." })
  async collectionImages(
    @Arg('collectionId', () => ID, { description: 'Collection id.' }) collectionId: string,
    @Arg('offset', () => Int, { defaultValue: 0, description: 'Images to skip (≥ 0).' }) offset: number,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'Page size, 1–1000.' }) limit: number,
  ): Promise<CollectionImage[]> {
    const collection = await this.check.collection(collectionId);
    this.check.page(offset, limit);
    return this.service.page(collection, offset, limit);
  }

  @Authorized()
  @Mutation(() => Collection, { description: 'Creates an empty collection (needs the API key).' })
  async createCollection(
    @Arg('name', () => String, { description: 'Unique name, 1–64 characters after trimming.' }) name: string,
  ): Promise<Collection> {
    return this.service.create(await this.check.newName(name));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a collection and its images (needs the API key).' })
  async deleteCollection(
    @Arg('id', () => ID, { description: 'Collection id.' }) id: string,
  ): Promise<boolean> {
    return this.service.delete(await this.check.collection(id, 'id'));
  }

  @Authorized()
  @Mutation(() => AddCollectionImagesResult, {
    description:
      'Adds up to 100 files to a collection (needs the API key): per-file errors in `failed`, same bytes counted ' +
      'as duplicates; a collection holds at most 10,000 images.',
  })
  async addCollectionImages(
    @Arg('collectionId', () => ID, { description: 'Collection id.' }) collectionId: string,
    @Arg('images', () => [CollectionImageUpload], { description: 'One chunk of files (1–100).' })
    images: CollectionImageUpload[],
  ): Promise<AddCollectionImagesResult> {
    const collection = await this.check.collection(collectionId);
    this.check.uploadSize(images.length);
    return this.service.add(collection, images);
  }
}
