import type { PointMatrix } from '@clusterflow/clusterflow';
import {
  labelsFromCnn,
  oddOneOut,
  relation,
  worldMembership,
  type RelationAnswer,
  type RelationInput,
  type RelationOptions,
  type RelationStrategy,
} from '@clusterflow/reasoning';
import { topClasses } from '../classify/top-classes.js';
import type { ClassLabelInfo, ClassRow } from '../extractor/extractor.service.js';
import { libraryCall, type WorldTrees } from '../worlds/world-tree.js';
import type { World } from '../worlds/world.type.js';
import {
  ReasoningStrategy,
  RelationKind,
  type OddOneOutResult,
  type RelationResult,
  type WorldMembership,
} from './reasoning.types.js';

/** What a relational query needs once its arguments are valid: the images' class rows, a world, a strategy. */
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
 * The gateway's calls into @clusterflow/reasoning, one method per schema operation: arguments already validated
 * in, the library decides (strategy defaults, world rules), the answer is mapped to the schema's types. Input
 * errors the library finds come back as BAD_USER_INPUT.
 */
export class ReasoningService {
  constructor(
    private readonly trees: WorldTrees,
    private readonly labels: () => readonly ClassLabelInfo[],
    /** A row's vector in a world's tap (the extractor service's `vector`). */
    private readonly vectorOf: (row: ClassRow, tap: string, worldName: string) => Float32Array,
  ) {}

  membership(world: World, treeJson: string, row: ClassRow): WorldMembership {
    const fitted = this.trees.fitted(world, treeJson);
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
    const [input, options] = this.libraryInput(query);
    return toRelation(libraryCall(() => relation(input, options)));
  }

  oddOneOut(query: RelationQuery): OddOneOutResult {
    const [input, options] = this.libraryInput(query);
    const answer = libraryCall(() => oddOneOut(input, options));
    return {
      index: answer.index,
      confidence: answer.confidence,
      strategy: FROM_LIB[answer.strategy],
      explanation: answer.explanation,
      relation: toRelation(answer.relation),
    };
  }

  /**
   * The library's input: with a world, the vectors in the world's tap (its tree, calibration and distances live
   * there); without one, class-space vectors and each image's CNN top-5 as its labels (paper §4.3).
   */
  private libraryInput(query: RelationQuery): [RelationInput, RelationOptions] {
    const { rows } = query;
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
      const names = this.labels().map((l) => l.name);
      const labels = rows.map((r) => labelsFromCnn(r.classSpace, 'logits', names));
      return [{ vectors, labels }, { strategy }];
    }
    return [{ vectors }, { strategy, world: this.trees.fitted(query.world.world, query.world.treeJson) }];
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
