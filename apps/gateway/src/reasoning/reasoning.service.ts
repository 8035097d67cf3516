import type { PointMatrix } from '@clusterflow/clusterflow';
import {
  InvalidReasoningInputError,
  labelsFromCnn,
  loadWorld,
  oddOneOut,
  relation,
  worldMembership,
  type RelationAnswer,
  type RelationInput,
  type RelationOptions,
  type RelationStrategy,
  type World as ReasoningWorld,
} from '@clusterflow/reasoning';
import { topClasses } from '../classify/top-classes.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ClassLabelInfo, ClassRow } from '../extractor/extractor.service.js';
import type { ClusterNode } from '../worlds/cluster-node.type.js';
import type { World } from '../worlds/world.type.js';
import {
  ReasoningStrategy,
  RelationKind,
  type OddOneOutResult,
  type RelationResult,
  type WorldMembership,
} from './reasoning.types.js';

/** What a relational query needs: the images' class rows, an optional world, the requested strategy. */
export interface RelationQuery {
  rows: readonly ClassRow[];
  world: { world: World; treeJson: string } | null;
  strategy: ReasoningStrategy | null;
}

const TO_LIB: Record<ReasoningStrategy, RelationStrategy> = {
  [ReasoningStrategy.LABELS]: 'labels',
  [ReasoningStrategy.GEOMETRIC]: 'geometric',
  [ReasoningStrategy.COMBINED]: 'combined',
};
const FROM_LIB: Record<RelationStrategy, ReasoningStrategy> = {
  labels: ReasoningStrategy.LABELS,
  geometric: ReasoningStrategy.GEOMETRIC,
  combined: ReasoningStrategy.COMBINED,
};

/**
 * The gateway's calls into @clusterflow/reasoning, one method per schema operation. Fitted worlds are parsed once
 * and cached by (id, last change). Input errors the library finds come back as BAD_USER_INPUT.
 */
export class ReasoningService {
  private readonly cache = new Map<string, ReasoningWorld>();

  constructor(
    private readonly labels: () => readonly ClassLabelInfo[],
    /** A row's vector in a world's tap (the extractor service's `vector`). */
    private readonly vectorOf: (row: ClassRow, tap: string, worldName: string) => Float32Array,
  ) {}

  /** Every cluster of the world's tree, parents before children, members as example ids. */
  clusters(world: World, treeJson: string): ClusterNode[] {
    const fitted = this.load(world, treeJson);
    const ids = fitted.examples.ids ?? [];
    return fitted.tree.nodes().map((node) => ({
      id: node.id,
      parentId: node.parent < 0 ? null : node.parent,
      depth: node.depth,
      size: node.members.length,
      pure: node.sharedLabels.length > 0,
      kind: node.kind,
      labels: [...node.labelCounts.entries()]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
      exampleIds: Array.from(node.members, (m) => Number(ids[m] ?? m)),
    }));
  }

  membership(world: World, treeJson: string, row: ClassRow): WorldMembership {
    const fitted = this.load(world, treeJson);
    const m = libraryCall(() =>
      worldMembership(fitted, this.vectorOf(row, world.tap, world.name), { topK: 5 }),
    );
    return {
      worldId: world.id,
      inWorld: m.inWorld,
      confidence: m.confidence,
      guesses: m.labels.map((l) => ({ label: l.label, score: l.score, confidence: l.confidence })),
      source: m.source,
      pValue: m.pValue,
      escapingDimensions: m.evidence.world.l0,
      escapeDistance: m.evidence.world.escapeDistance,
      threshold: m.evidence.threshold,
      path: [...m.path],
      cnnTop: topClasses(row, this.labels(), 1)[0],
    };
  }

  relation(query: RelationQuery): RelationResult {
    const [input, options] = this.prepare(query);
    return toRelation(libraryCall(() => relation(input, options)));
  }

  oddOneOut(query: RelationQuery): OddOneOutResult {
    const [input, options] = this.prepare(query);
    const answer = libraryCall(() => oddOneOut(input, options));
    return {
      index: answer.index,
      confidence: answer.confidence,
      strategy: FROM_LIB[answer.strategy],
      explanation: answer.explanation,
      relation: toRelation(answer.relation),
    };
  }

  private prepare(query: RelationQuery): [RelationInput, RelationOptions] {
    const { rows } = query;
    // With a world the vectors are in the world's tap (its tree, calibration and distances live there).
    const target = query.world?.world;
    const own =
      target === undefined
        ? rows.map((r) => r.classSpace)
        : rows.map((r) => this.vectorOf(r, target.tap, target.name));
    const cols = own[0].length;
    const data = new Float32Array(rows.length * cols);
    own.forEach((v, i) => data.set(v, i * cols));
    const vectors: PointMatrix = { data, rows: rows.length, cols };
    const strategy = query.strategy === null ? undefined : TO_LIB[query.strategy];
    if (query.world === null) {
      if (strategy === 'geometric' || strategy === 'combined') {
        throw new BadUserInputError(
          `strategy ${query.strategy} needs a world (pass world: a world id or name); without one only LABELS (CNN top-5) is available.`,
          { argument: 'strategy' },
        );
      }
      // No world: each image's labels are the CNN's top-5 (paper §4.3).
      const names = this.labels().map((l) => l.name);
      const labels = rows.map((r) => labelsFromCnn(r.classSpace, 'logits', names));
      return [{ vectors, labels }, { strategy }];
    }
    return [{ vectors }, { strategy, world: this.load(query.world.world, query.world.treeJson) }];
  }

  private load(world: World, treeJson: string): ReasoningWorld {
    const key = `${world.id}|${world.updatedAt}`;
    let fitted = this.cache.get(key);
    if (fitted === undefined) {
      fitted = loadWorld(treeJson);
      for (const k of this.cache.keys()) if (k.startsWith(`${world.id}|`)) this.cache.delete(k);
      this.cache.set(key, fitted);
    }
    return fitted;
  }
}

function toRelation(answer: RelationAnswer): RelationResult {
  return {
    relation: answer.relation as RelationKind,
    groups: answer.groups.map((g) => [...g]),
    oddIndex: answer.oddIndex,
    confidence: answer.confidence,
    strategy: FROM_LIB[answer.strategy],
    explanation: answer.explanation,
  };
}

/** Runs a library call, turning its input errors into BAD_USER_INPUT with the library's own explanation. */
function libraryCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof InvalidReasoningInputError) throw new BadUserInputError(error.message);
    throw error;
  }
}
