// GraphQL operations of the "Label by map" page (issue 16), written against the collections contract
// (/work/prompts/collections-contract.md, implemented in apps/gateway). Kept apart from operations.ts so the
// world pages' operations keep validating while the gateway's collections schema lands.
import { JOB_FIELDS, type Job, type ProjectionMethod } from './operations.js';

export type EmbeddingLoss = 'SILHOUETTE' | 'COSINE_COREL';
export type LabelExportFormat = 'CSV' | 'JSON' | 'COCO';

export interface CollectionLabelCount {
  label: string;
  count: number;
}
export interface MapPoint {
  imageId: string;
  x: number;
  y: number;
  label: string | null;
  cluster: number | null;
}
export interface CollectionMap {
  method: ProjectionMethod;
  model: string;
  tap: string;
  createdAt: string;
  head: EmbeddingLoss | null;
  silhouette: number | null;
  silhouetteBefore: number | null;
  points: MapPoint[];
}
export interface CollectionSummary {
  id: string;
  name: string;
  imageCount: number;
  labelledCount: number;
  labelCounts: CollectionLabelCount[];
}
export interface Collection extends CollectionSummary {
  map: CollectionMap | null;
  lastJob: Job | null;
}
export interface CollectionImage {
  id: string;
  name: string;
  label: string | null;
  thumbnailUrl: string;
  imageUrl: string;
}
export interface FileError {
  name: string;
  code: string;
  message: string;
}

const SUMMARY_FIELDS = `id name imageCount labelledCount labelCounts { label count }`;
const MAP_FIELDS = `method model tap createdAt head silhouette silhouetteBefore points { imageId x y label cluster }`;

export const COLLECTIONS = /* GraphQL */ `
  query Collections {
    collections { ${SUMMARY_FIELDS} }
  }
`;
export interface CollectionsData {
  collections: CollectionSummary[];
}

export const COLLECTION = /* GraphQL */ `
  query Collection($id: ID!) {
    collection(id: $id) { ${SUMMARY_FIELDS} map { ${MAP_FIELDS} } lastJob { ${JOB_FIELDS} } }
  }
`;
export interface CollectionData {
  collection: Collection;
}

export const COLLECTION_IMAGES = /* GraphQL */ `
  query CollectionImages($collectionId: ID!, $offset: Int!, $limit: Int!) {
    collectionImages(collectionId: $collectionId, offset: $offset, limit: $limit) {
      id
      name
      label
      thumbnailUrl
      imageUrl
    }
  }
`;
export interface CollectionImagesData {
  collectionImages: CollectionImage[];
}

export const COLLECTION_GALLERIES = /* GraphQL */ `
  query CollectionGalleries($collectionId: ID!, $k: Int!, $perCluster: Int!, $seed: Int!) {
    collectionGalleries(collectionId: $collectionId, k: $k, perCluster: $perCluster, seed: $seed) {
      index
      size
      images {
        id
        name
        label
        thumbnailUrl
        imageUrl
      }
      labelCounts {
        label
        count
      }
    }
  }
`;
export interface CollectionCluster {
  index: number;
  size: number;
  images: CollectionImage[];
  labelCounts: CollectionLabelCount[];
}
export interface CollectionGalleriesData {
  collectionGalleries: CollectionCluster[];
}

export const CREATE_COLLECTION = /* GraphQL */ `
  mutation CreateCollection($name: String!) {
    createCollection(name: $name) { ${SUMMARY_FIELDS} }
  }
`;
export interface CreateCollectionData {
  createCollection: CollectionSummary;
}

export const ADD_COLLECTION_IMAGES = /* GraphQL */ `
  mutation AddCollectionImages($collectionId: ID!, $images: [CollectionImageUpload!]!) {
    addCollectionImages(collectionId: $collectionId, images: $images) {
      added
      duplicates
      failed { name code message }
      collection { ${SUMMARY_FIELDS} }
    }
  }
`;
export interface AddCollectionImagesData {
  addCollectionImages: {
    added: number;
    duplicates: number;
    failed: FileError[];
    collection: CollectionSummary;
  };
}

export const START_COLLECTION_MAP = /* GraphQL */ `
  mutation StartCollectionMap($collectionId: ID!, $method: ProjectionMethod!, $seed: Int!) {
    startCollectionMap(collectionId: $collectionId, method: $method, seed: $seed) { ${JOB_FIELDS} }
  }
`;
export interface StartCollectionMapData {
  startCollectionMap: Job;
}

const LABEL_CHANGE = `changed collection { ${SUMMARY_FIELDS} }`;
export interface LabelChange {
  changed: number;
  collection: CollectionSummary;
}

export const LABEL_COLLECTION_IMAGES = /* GraphQL */ `
  mutation LabelCollectionImages($collectionId: ID!, $imageIds: [ID!]!, $label: String) {
    labelCollectionImages(collectionId: $collectionId, imageIds: $imageIds, label: $label) { ${LABEL_CHANGE} }
  }
`;
export interface LabelCollectionImagesData {
  labelCollectionImages: LabelChange;
}

export const LABEL_COLLECTION_CLUSTER = /* GraphQL */ `
  mutation LabelCollectionCluster(
    $collectionId: ID!
    $k: Int!
    $seed: Int!
    $cluster: Int!
    $label: String!
    $excludeImageIds: [ID!]!
  ) {
    labelCollectionCluster(
      collectionId: $collectionId
      k: $k
      seed: $seed
      cluster: $cluster
      label: $label
      excludeImageIds: $excludeImageIds
    ) { ${LABEL_CHANGE} }
  }
`;
export interface LabelCollectionClusterData {
  labelCollectionCluster: LabelChange;
}

export const UNDO_COLLECTION_LABEL = /* GraphQL */ `
  mutation UndoCollectionLabel($collectionId: ID!) {
    undoCollectionLabel(collectionId: $collectionId) { ${LABEL_CHANGE} }
  }
`;
export interface UndoCollectionLabelData {
  undoCollectionLabel: LabelChange;
}

export const IMPROVE_COLLECTION_MAP = /* GraphQL */ `
  mutation ImproveCollectionMap($collectionId: ID!, $loss: EmbeddingLoss!, $seed: Int!) {
    improveCollectionMap(collectionId: $collectionId, loss: $loss, seed: $seed) { ${JOB_FIELDS} }
  }
`;
export interface ImproveCollectionMapData {
  improveCollectionMap: Job;
}

export const CREATE_WORLD_FROM_COLLECTION = /* GraphQL */ `
  mutation CreateWorldFromCollection($collectionId: ID!, $name: String!) {
    createWorldFromCollection(collectionId: $collectionId, name: $name) { ${JOB_FIELDS} }
  }
`;
export interface CreateWorldFromCollectionData {
  createWorldFromCollection: Job;
}

/** The gateway's download route for a collection's labels (served with a content-disposition attachment). */
export function exportUrl(collectionId: string, format: LabelExportFormat): string {
  return `collections/${encodeURIComponent(collectionId)}/export?format=${format.toLowerCase()}`;
}
