// The GraphQL operations the playground sends, with the shapes it reads back.
// Written against apps/gateway/schema.graphql; only the fields a page shows are selected.

/** What the gateway accepts as an image: a stored sample's id or base64 bytes (a data URL is fine). */
export type ImageInput = { sampleId: string } | { base64: string };

export type ReasoningStrategy = 'LABELS' | 'GEOMETRIC' | 'COMBINED';
export type RelationKind = 'SET' | 'SAME_SAME_DIFFERENT' | 'ANTISET';
export type WorldStatus = 'BUILDING' | 'READY' | 'FAILED';
export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export type ProjectionMethod = 'PCA' | 'UMAP';

export interface Sample {
  id: string;
  label: string;
  collection: string;
  thumbnail: string;
}
export const SAMPLES = /* GraphQL */ `
  query Samples {
    samples {
      id
      label
      collection
      thumbnail
    }
  }
`;
export interface SamplesData {
  samples: Sample[];
}

export interface ClassScore {
  name: string;
  probability: number;
}

export interface RelationResult {
  relation: RelationKind;
  groups: number[][];
  oddIndex: number | null;
  confidence: number;
  strategy: ReasoningStrategy;
  explanation: string;
}
const RELATION_FIELDS = `relation groups oddIndex confidence strategy explanation`;

export const ODD_ONE_OUT = /* GraphQL */ `
  query OddOneOut($images: [ImageInput!]!, $world: ID, $strategy: ReasoningStrategy) {
    oddOneOut(images: $images, world: $world, strategy: $strategy) {
      index
      confidence
      strategy
      explanation
      relation { ${RELATION_FIELDS} }
    }
  }
`;
export interface OddOneOutData {
  oddOneOut: {
    index: number;
    confidence: number;
    strategy: ReasoningStrategy;
    explanation: string;
    relation: RelationResult;
  };
}

export const RELATION = /* GraphQL */ `
  query Relation($images: [ImageInput!]!, $world: ID, $strategy: ReasoningStrategy) {
    relation(images: $images, world: $world, strategy: $strategy) { ${RELATION_FIELDS} }
  }
`;
export interface RelationData {
  relation: RelationResult;
}

export interface LabelCount {
  label: string;
  count: number;
}
export interface TreeSummary {
  threshold: number;
  acceptance: number;
  guessAccuracy: number;
  nodeCount: number;
  leafCount: number;
  pureLeafCount: number;
  mixedLeafCount: number;
  depth: number;
  dimensions: number;
}
export interface World {
  id: string;
  name: string;
  model: string;
  status: WorldStatus;
  exampleCount: number;
  embeddedCount: number;
  labels: LabelCount[];
  tree: TreeSummary | null;
  treeNote: string | null;
  createdAt: string;
}
const WORLD_FIELDS = `id name model status exampleCount embeddedCount labels { label count }
  tree { nodeCount leafCount pureLeafCount mixedLeafCount depth dimensions threshold acceptance guessAccuracy } treeNote createdAt`;

export const WORLDS = /* GraphQL */ `
  query Worlds {
    worlds { ${WORLD_FIELDS} }
  }
`;
export interface WorldsData {
  worlds: World[];
}

export const WORLD = /* GraphQL */ `
  query World($id: ID!) {
    world(id: $id) { ${WORLD_FIELDS} }
  }
`;
export interface WorldData {
  world: World;
}

export interface Job {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
  progress: number;
  message: string;
  worldId: string | null;
  /** Fooling-image jobs: the stored sample made. */
  sampleId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}
export const JOB_FIELDS = `id status done total progress message worldId sampleId errorCode errorMessage`;

export const JOB = /* GraphQL */ `
  query Job($id: ID!) {
    job(id: $id) { ${JOB_FIELDS} }
  }
`;
export interface JobData {
  job: Job;
}

export interface LabeledImageInput {
  image: ImageInput;
  label: string;
}
export const CREATE_WORLD = /* GraphQL */ `
  mutation CreateWorld($name: String!, $examples: [LabeledImageInput!]!) {
    createWorld(name: $name, examples: $examples) {
      world { ${WORLD_FIELDS} }
      job { ${JOB_FIELDS} }
    }
  }
`;
export interface CreateWorldData {
  createWorld: { world: World; job: Job };
}

export const DELETE_WORLD = /* GraphQL */ `
  mutation DeleteWorld($world: ID!) {
    deleteWorld(world: $world) {
      id
      name
    }
  }
`;
export interface DeleteWorldData {
  deleteWorld: { id: string; name: string };
}

export interface WorldMembership {
  inWorld: boolean;
  /** Top guess's ClusterFlow confidence; null outside the world. */
  confidence: number | null;
  guesses: { label: string; score: number; confidence: number }[];
  escapingDimensions: number;
  escapeDistance: number;
  threshold: number;
  pValue: number;
  source: string;
  path: number[];
  cnnTop: ClassScore;
}
export const WORLD_MEMBERSHIP = /* GraphQL */ `
  query WorldMembership($world: ID!, $image: ImageInput!) {
    worldMembership(world: $world, image: $image) {
      inWorld
      confidence
      guesses {
        label
        score
        confidence
      }
      escapingDimensions
      escapeDistance
      threshold
      pValue
      source
      path
      cnnTop {
        name
        probability
      }
    }
  }
`;
export interface WorldMembershipData {
  worldMembership: WorldMembership;
}

export interface ProjectionPoint {
  exampleId: number;
  label: string;
  x: number;
  y: number;
  sampleId: string | null;
  thumbnail: string;
}
export const PROJECTION = /* GraphQL */ `
  query Projection($world: ID!, $method: ProjectionMethod!, $seed: Int) {
    projection(world: $world, method: $method, seed: $seed) {
      worldId
      method
      dimensions
      points {
        exampleId
        label
        x
        y
        sampleId
        thumbnail
      }
    }
  }
`;
export interface ProjectionData {
  projection: { worldId: string; method: ProjectionMethod; dimensions: number; points: ProjectionPoint[] };
}

/** One cluster of a world's tree (requested from the gateway: see SCHEMA-REQUESTS.md). */
export interface ClusterNode {
  /** The same ids as WorldMembership.path (0 is the world cluster). */
  id: number;
  parentId: number | null;
  depth: number;
  size: number;
  pure: boolean;
  labels: LabelCount[];
  exampleIds: number[];
}
export const WORLD_CLUSTERS = /* GraphQL */ `
  query WorldClusters($id: ID!) {
    world(id: $id) {
      id
      clusters {
        id
        parentId
        depth
        size
        pure
        labels {
          label
          count
        }
        exampleIds
      }
    }
  }
`;
export interface WorldClustersData {
  world: { id: string; clusters: ClusterNode[] };
}

/** Surprises in percent (share of test items outside the world) and their difference in percentage points. */
export interface AsymmetryPair {
  surpriseA: number;
  surpriseB: number;
  asymmetry: number;
}
export interface AsymmetryResult {
  nameA: string;
  nameB: string;
  boundary: string;
  novel: AsymmetryPair;
  familiar: AsymmetryPair;
  trainControl: AsymmetryPair;
  together: { pureA: number; pureB: number; asymmetry: number };
  counts: { trainA: number; testA: number; trainB: number; testB: number };
}
/** Requested from the gateway (SCHEMA-REQUESTS.md §3): `asymmetryExperiment` from @clusterflow/reasoning. */
export const ASYMMETRY = /* GraphQL */ `
  query Asymmetry($a: String!, $b: String!, $collection: String) {
    asymmetry(a: $a, b: $b, collection: $collection) {
      nameA
      nameB
      boundary
      novel {
        surpriseA
        surpriseB
        asymmetry
      }
      familiar {
        surpriseA
        surpriseB
        asymmetry
      }
      trainControl {
        surpriseA
        surpriseB
        asymmetry
      }
      together {
        pureA
        pureB
        asymmetry
      }
      counts {
        trainA
        testA
        trainB
        testB
      }
    }
  }
`;
export interface AsymmetryData {
  asymmetry: AsymmetryResult;
}
