import type { ServerResponse } from 'node:http';
import type { CollectionRepository } from './collection.repository.js';
import { COLLECTION_ID, COLLECTION_IMAGE_ID } from './collection.validator.js';

const IMAGE_PATH = /^\/collections\/([^/]+)\/images\/([^/]+)(\/thumbnail)?$/;

/**
 * `GET /collections/:collectionId/images/:imageId[/thumbnail]`: ids are checked against their pattern and looked
 * up in the database (no path ever reaches the filesystem). Returns false when the path is not one of these routes.
 */
export async function serveCollectionImage(
  repo: CollectionRepository,
  pathname: string,
  res: ServerResponse,
  notFound: (message: string) => void,
): Promise<boolean> {
  if (!pathname.startsWith('/collections/')) return false;
  const match = IMAGE_PATH.exec(pathname);
  if (match === null || !COLLECTION_ID.test(match[1]) || !COLLECTION_IMAGE_ID.test(match[2])) {
    notFound('No such collection image; paths are /collections/c_…/images/ci_…[/thumbnail].');
    return true;
  }
  const found = await repo.imageBytes(match[1], match[2], match[3] === undefined ? 'bytes' : 'thumbnail');
  if (found === undefined) {
    notFound(`Collection ${match[1]} has no image ${match[2]}.`);
    return true;
  }
  res.statusCode = 200;
  res.setHeader('content-type', `image/${found.format}`);
  res.setHeader('content-length', found.bytes.byteLength);
  // Content-addressed: the bytes under one id never change.
  res.setHeader('cache-control', 'private, max-age=86400, immutable');
  res.end(found.bytes);
  return true;
}
