import { ServiceUnavailableError } from '../errors/gateway-errors.js';
import type { ClassRow } from '../extractor/extractor.service.js';
import type { WorldActivations } from '../worlds/world.repository.js';
import type { TreeSummary, World } from '../worlds/world.type.js';
import type {
  OddOneOutResult,
  ReasoningStrategy,
  RelationResult,
  WorldMembership,
} from './reasoning.types.js';

/** A world's fitted tree, serialised for the `worlds.tree_json` column, and its shape. */
export interface BuiltTree {
  treeJson: string;
  summary: TreeSummary;
}

/** What a relational query needs: the images' class rows, an optional world, the requested strategy. */
export interface RelationQuery {
  rows: readonly ClassRow[];
  world: { world: World; activations: WorldActivations; treeJson: string | null } | null;
  strategy: ReasoningStrategy | null;
}

/**
 * The gateway's calls into @clusterflow/reasoning, one method per schema operation. Until a method's backend
 * exists in the library it throws SERVICE_UNAVAILABLE naming what is missing — never a made-up answer.
 */
export class ReasoningService {
  buildTree(_activations: WorldActivations): BuiltTree {
    throw unavailable('building a ClusterFlow tree for a world');
  }

  membership(
    _world: World,
    _activations: WorldActivations,
    _treeJson: string | null,
    _row: ClassRow,
  ): WorldMembership {
    throw unavailable('worldMembership');
  }

  relation(_query: RelationQuery): RelationResult {
    throw unavailable('relation');
  }

  oddOneOut(_query: RelationQuery): OddOneOutResult {
    throw unavailable('oddOneOut');
  }
}

function unavailable(what: string): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `${what} needs @clusterflow/reasoning, which does not provide it in this build yet; the other operations work.`,
  );
}
