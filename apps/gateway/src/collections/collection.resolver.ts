import { Arg, Authorized, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { CollectionImageUpload } from './collection.input.js';
import { AddCollectionImagesResult, Collection, CollectionImage } from './collection.type.js';
import type { CollectionService } from './collection.service.js';
import type { CollectionValidator } from './collection.validator.js';

@Resolver(() => Collection)
export class CollectionResolver {
  constructor(
    private readonly check: CollectionValidator,
    private readonly service: CollectionService,
  ) {}

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
