import { createRng, type PointMatrix } from '@clusterflow/clusterflow';
import { InvalidReasoningInputError } from '../errors/reasoning-error.js';
import { describeRelation } from '../relations/describe-relation.js';
import type { Relation, RelationAnswer } from '../relations/relation-types.js';
import { sampleTriplets, type Triplet } from '../triplets/triplets.js';
import { stratifiedFolds } from '../world/calibration.js';
import type { World } from '../world/world.js';
import { combinedRelation } from './combined-relation.js';
import { fitRidgeProbe, ridgeProbePosterior, type RidgeProbe } from './ridge-probe.js';
import { neighbourIndex, neighbourPosterior, unitRows, type NeighbourIndex } from './neighbour-posterior.js';
import {
  fitSoftmaxClassifier,
  predictSoftmax,
  type SoftmaxClassifier,
  type SoftmaxFitOptions,
} from './softmax-classifier.js';

/** The relations in the order the reader's classifier scores them. */
export const RELATIONS: readonly Relation[] = ['SET', 'SAME_SAME_DIFFERENT', 'ANTISET'];

/** Counts of true relation (outer key) × answered relation (inner key). */
export type RelationConfusion = Record<Relation, Record<Relation, number>>;

/**
 * Where each image's class distribution comes from: 'neighbours' (votes of its nearest world examples) or 'probe'
 * (a ridge probe on the world's examples, `fitRidgeProbe`; cross-fitted over folds for the examples themselves).
 */
export type ReaderPosterior = 'neighbours' | 'probe';

/** Options of `calibrateRelationReader`; every default is what docs/RESULTS.md measured. */
export interface RelationReaderOptions {
  /** Class distributions from neighbours or a linear probe. Default 'probe'. */
  readonly posterior?: ReaderPosterior;
  /** Folds of the probe's cross-fitting on the world's examples. Default 5. */
  readonly folds?: number;
  /** Neighbours voting each image's class distribution. Default 10. */
  readonly neighbours?: number;
  /** Add-`smoothing` per class on the neighbour votes. Default 0.5. */
  readonly smoothing?: number;
  /** Share of each label's examples whose triplets fit the classifier; the rest give the held-out check. Default 0.5. */
  readonly trainShare?: number;
  /** Triplets sampled per relation for fitting. Default 300. */
  readonly trainTriplets?: number;
  /** Triplets sampled per relation for the held-out check. Default 300. */
  readonly heldOutTriplets?: number;
  /** Seed of the example split and the triplet samples. Default 0. */
  readonly seed?: number;
  /** Gradient-descent options of the classifier. */
  readonly fit?: SoftmaxFitOptions;
}

/** A relation reader fitted on one world's own examples, with its held-out check. */
export interface RelationReaderCalibration {
  /** Softmax regression from triplet features to SET / SSD / ANTISET (`RELATIONS` order). */
  readonly classifier: SoftmaxClassifier;
  /** Where the class distributions come from. */
  readonly posterior: ReaderPosterior;
  /** The probe fitted on all the world's examples (unit rows), for `posterior: 'probe'`; else null. */
  readonly probe: RidgeProbe | null;
  /** Neighbours per class distribution. */
  readonly neighbours: number;
  /** Vote smoothing per class. */
  readonly smoothing: number;
  /** The world's labels in class-index order (first label of each example). */
  readonly labels: readonly string[];
  /** Seed the split and triplets were drawn with. */
  readonly seed: number;
  /** Measured on triplets of examples the classifier never saw (their distributions are leave-one-out). */
  readonly heldOut: {
    /** True × answered relation counts. */
    readonly confusion: RelationConfusion;
    /** Share right per true relation (SSD right = relation and odd image both right). */
    readonly accuracy: Record<Relation, number>;
    /** Held-out triplets per relation that could be sampled (0 when the world cannot form that relation). */
    readonly triplets: Record<Relation, number>;
  };
}

/** Empty confusion matrix (all zero). */
export function emptyConfusion(): RelationConfusion {
  const row = (): Record<Relation, number> => ({ SET: 0, SAME_SAME_DIFFERENT: 0, ANTISET: 0 });
  return { SET: row(), SAME_SAME_DIFFERENT: row(), ANTISET: row() };
}

const PAIRS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 2],
  [1, 2],
];

/** What `tripletFeatures` reads from one triplet. */
export interface TripletFeatures {
  /** The classifier's input (see `tripletFeatures`). */
  readonly features: number[];
  /** The pair most likely of one label (highest same-label probability, then cosine). */
  readonly samePair: readonly [number, number];
  /** Same-label probability of pairs (0,1), (0,2), (1,2). */
  readonly pairSame: number[];
  /** Cosine similarity of pairs (0,1), (0,2), (1,2). */
  readonly pairCos: number[];
}

/**
 * Features of a triplet: log same-label probability of each pair (Σ_c q_a[c]·q_b[c] from the images' class
 * distributions) sorted descending, the pairs' cosine similarities sorted descending — sorted so the reader does
 * not depend on presentation order — and the log probabilities of SET, of SSD with the best pair, and of ANTISET
 * if the three images were independent. Also the pair most likely the same (the SSD pair).
 */
export function tripletFeatures(
  q: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>],
  unit: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>],
): TripletFeatures {
  const pairSame = PAIRS.map(([a, b]) => {
    let s = 0;
    for (let c = 0; c < q[a].length; c++) s += q[a][c] * q[b][c];
    return s;
  });
  const pairCos = PAIRS.map(([a, b]) => {
    let s = 0;
    for (let j = 0; j < unit[a].length; j++) s += unit[a][j] * unit[b][j];
    return s;
  });
  let top = 0;
  for (let p = 1; p < 3; p++) {
    if (pairSame[p] > pairSame[top] || (pairSame[p] === pairSame[top] && pairCos[p] > pairCos[top])) top = p;
  }
  const desc = (xs: number[]): number[] => [...xs].sort((a, b) => b - a);
  // Independent-image hypotheses: all three one class, the best pair one class and the third another, none shared.
  let all = 0;
  for (let c = 0; c < q[0].length; c++) all += q[0][c] * q[1][c] * q[2][c];
  const bestSsd = Math.max(0, pairSame[top] - all);
  const none = Math.max(0, 1 - all - pairSame.reduce((a, p) => a + Math.max(0, p - all), 0));
  const log = (p: number): number => Math.log(p + 1e-6);
  return {
    features: [...desc(pairSame).map(log), ...desc(pairCos), log(all), log(bestSsd), log(none)],
    samePair: PAIRS[top],
    pairSame,
    pairCos,
  };
}

interface Decision {
  relation: Relation;
  oddIndex: number | null;
  probabilities: Float64Array;
  pairSame: number[];
  pairCos: number[];
}

function decide(
  classifier: SoftmaxClassifier,
  q: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>],
  unit: readonly [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>],
): Decision {
  const t = tripletFeatures(q, unit);
  const probabilities = predictSoftmax(classifier, t.features);
  let best = 0;
  for (let c = 1; c < RELATIONS.length; c++) if (probabilities[c] > probabilities[best]) best = c;
  const relation = RELATIONS[best];
  const oddIndex =
    relation === 'SAME_SAME_DIFFERENT' ? ([0, 1, 2].find((i) => !t.samePair.includes(i)) ?? null) : null;
  return { relation, oddIndex, probabilities, pairSame: t.pairSame, pairCos: t.pairCos };
}

/**
 * Fits the relation reader of a world on the world's own labelled examples: the examples are split per label
 * (seeded, `trainShare`); every example gets a leave-one-out class distribution from its `neighbours` nearest
 * other examples (cosine); SET / SSD / ANTISET triplets sampled within the training part fit a softmax regression
 * over `tripletFeatures`; triplets within the other part measure it (confusion matrix). Uses the first label of a
 * multi-label example. Needs ≥ 2 labels.
 */
export function calibrateRelationReader(
  world: World,
  options: RelationReaderOptions = {},
): RelationReaderCalibration {
  const neighbours = options.neighbours ?? 10;
  const smoothing = options.smoothing ?? 0.5;
  const trainShare = options.trainShare ?? 0.5;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(neighbours) || neighbours < 1)
    throw new InvalidReasoningInputError(
      `calibrateRelationReader: neighbours must be an integer ≥ 1, got ${neighbours}`,
    );
  if (!(smoothing >= 0))
    throw new InvalidReasoningInputError(`calibrateRelationReader: smoothing must be ≥ 0, got ${smoothing}`);
  if (!(trainShare > 0 && trainShare < 1))
    throw new InvalidReasoningInputError(
      `calibrateRelationReader: trainShare must be in (0, 1), got ${trainShare}`,
    );
  const ex = world.examples;
  const labels = [...new Set(ex.labelSets.map((l) => l[0]))].sort();
  if (labels.length < 2)
    throw new InvalidReasoningInputError(
      `calibrateRelationReader: a world needs at least 2 labels to tell SET from SSD, "${world.provenance.name}" has ${labels.length}`,
    );
  const classOf = ex.labelSets.map((l) => labels.indexOf(l[0]));
  const posteriorKind = options.posterior ?? 'probe';
  if (posteriorKind !== 'probe' && posteriorKind !== 'neighbours')
    throw new InvalidReasoningInputError(
      `calibrateRelationReader: posterior must be 'probe' or 'neighbours', got '${String(posteriorKind)}'`,
    );
  const index = neighbourIndex(ex.data, ex.rows, ex.cols, classOf, labels.length);
  let probe: RidgeProbe | null = null;
  const crossFitted = new Map<number, Float64Array>();
  if (posteriorKind === 'probe') {
    const folds = options.folds ?? 5;
    if (!Number.isInteger(folds) || folds < 2)
      throw new InvalidReasoningInputError(
        `calibrateRelationReader: folds must be an integer ≥ 2, got ${folds}`,
      );
    const fitted = fitRidgeProbe(
      index.unit,
      ex.rows,
      ex.cols,
      classOf,
      labels.length,
      stratifiedFolds(ex.labelSets, folds, seed),
      folds,
    );
    probe = fitted.probe;
    fitted.crossFitted.forEach((p, i) => crossFitted.set(i, p));
  }
  const posteriors = new Map<number, Float64Array>();
  const posteriorOf = (i: number): Float64Array => {
    let p = crossFitted.get(i) ?? posteriors.get(i);
    if (p === undefined) {
      p = neighbourPosterior(
        index,
        index.unit.subarray(i * ex.cols, (i + 1) * ex.cols),
        neighbours,
        smoothing,
        i,
      );
      posteriors.set(i, p);
    }
    return p;
  };
  const unitOf = (i: number): Float64Array => index.unit.subarray(i * ex.cols, (i + 1) * ex.cols);

  // Split per label, seeded, so no image is in both a fitting and a checking triplet.
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (let c = 0; c < labels.length; c++) {
    const members = classOf.flatMap((k, i) => (k === c ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [members[i], members[j]] = [members[j], members[i]];
    }
    const cut = Math.max(1, Math.min(members.length - 1, Math.round(members.length * trainShare)));
    train.push(...members.slice(0, cut));
    test.push(...members.slice(cut));
  }
  const triplets = (part: number[], count: number, salt: number): Map<Relation, Triplet[]> => {
    const out = new Map<Relation, Triplet[]>();
    RELATIONS.forEach((task, t) => {
      try {
        const local = sampleTriplets(
          part.map((i) => classOf[i]),
          task,
          count,
          seed * 7919 + salt * 3 + t,
        );
        out.set(
          task,
          local.map((x) => ({ ...x, indices: x.indices.map((i) => part[i]) as [number, number, number] })),
        );
      } catch (error) {
        if (!(error instanceof InvalidReasoningInputError)) throw error;
        out.set(task, []); // this world cannot form the relation (e.g. ANTISET with 2 labels)
      }
    });
    return out;
  };
  const trip3 = <T>(t: Triplet, f: (i: number) => T): [T, T, T] => [
    f(t.indices[0]),
    f(t.indices[1]),
    f(t.indices[2]),
  ];

  const fitSet = triplets(train, options.trainTriplets ?? 300, 1);
  const x: number[][] = [];
  const y: number[] = [];
  RELATIONS.forEach((task, c) => {
    for (const t of fitSet.get(task) ?? []) {
      x.push(tripletFeatures(trip3(t, posteriorOf), trip3(t, unitOf)).features);
      y.push(c);
    }
  });
  if (new Set(y).size < 2)
    throw new InvalidReasoningInputError(
      `calibrateRelationReader: world "${world.provenance.name}" is too small to fit the reader: its training half ` +
        `forms ${new Set(y).size} of the three relations (SET needs a label with ≥ 3 examples there, SSD two labels); ` +
        'add examples or use the default reader',
    );
  const classifier = fitSoftmaxClassifier(x, y, RELATIONS.length, options.fit);

  const confusion = emptyConfusion();
  const accuracy: Record<Relation, number> = { SET: 0, SAME_SAME_DIFFERENT: 0, ANTISET: 0 };
  const counts: Record<Relation, number> = { SET: 0, SAME_SAME_DIFFERENT: 0, ANTISET: 0 };
  const checkSet = triplets(test, options.heldOutTriplets ?? 300, 2);
  for (const task of RELATIONS) {
    const list = checkSet.get(task) ?? [];
    counts[task] = list.length;
    let right = 0;
    for (const t of list) {
      const d = decide(classifier, trip3(t, posteriorOf), trip3(t, unitOf));
      confusion[task][d.relation]++;
      if (d.relation === task && (task !== 'SAME_SAME_DIFFERENT' || d.oddIndex === t.oddIndex)) right++;
    }
    accuracy[task] = list.length > 0 ? right / list.length : 0;
  }
  return {
    classifier,
    posterior: posteriorKind,
    probe,
    neighbours,
    smoothing,
    labels,
    seed,
    heldOut: { confusion, accuracy, triplets: counts },
  };
}

const indexCache = new WeakMap<World, NeighbourIndex>();

/**
 * SET / SSD / ANTISET for three images with a reader fitted by `calibrateRelationReader` on this world: each
 * image's class distribution from its nearest world examples, the triplet features, the classifier's most
 * probable relation; the odd image of SSD is the one outside the pair most likely the same. N > 3 images: the
 * combined strategy's label reading.
 */
export function calibratedRelation(
  world: World,
  reader: RelationReaderCalibration,
  vectors: PointMatrix,
): RelationAnswer {
  const n = vectors.rows;
  if (n < 3) throw new InvalidReasoningInputError(`calibratedRelation: need N ≥ 3 images, got ${n}`);
  if (vectors.cols !== world.examples.cols)
    throw new InvalidReasoningInputError(
      `calibratedRelation: vectors have ${vectors.cols} columns, the world's tap has ${world.examples.cols}`,
    );
  if (n > 3) return combinedRelation(world, vectors);
  let index = indexCache.get(world);
  if (index === undefined) {
    const ex = world.examples;
    const classOf = ex.labelSets.map((l) => reader.labels.indexOf(l[0]));
    if (classOf.some((c) => c < 0))
      throw new InvalidReasoningInputError(
        `calibratedRelation: the reader was fitted on another world (labels ${reader.labels.join(', ')})`,
      );
    index = neighbourIndex(ex.data, ex.rows, ex.cols, classOf, reader.labels.length);
    indexCache.set(world, index);
  }
  const unit = unitRows(vectors.data, 3, vectors.cols);
  const u = [0, 1, 2].map((i) => unit.subarray(i * vectors.cols, (i + 1) * vectors.cols)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const probe = reader.probe;
  const q = u.map((row) =>
    probe !== null
      ? ridgeProbePosterior(probe, row)
      : neighbourPosterior(index, row, reader.neighbours, reader.smoothing),
  ) as [Float64Array, Float64Array, Float64Array];
  const d = decide(reader.classifier, q, u);
  const fmt = (v: number): string => v.toFixed(2);
  const top = q.map((p) => {
    let b = 0;
    for (let c = 1; c < p.length; c++) if (p[c] > p[b]) b = c;
    return reader.labels[b];
  });
  const posterior = {
    SET: d.probabilities[0],
    SAME_SAME_DIFFERENT: d.probabilities[1],
    ANTISET: d.probabilities[2],
  };
  return {
    relation: d.relation,
    groups:
      d.relation === 'SET'
        ? [[0, 1, 2]]
        : d.relation === 'ANTISET'
          ? [[0], [1], [2]]
          : [[0, 1, 2].filter((i) => i !== d.oddIndex), [d.oddIndex as number]],
    oddIndex: d.oddIndex,
    confidence: d.probabilities[RELATIONS.indexOf(d.relation)],
    strategy: 'combined',
    explanation:
      `${describeRelation(d.relation, d.oddIndex)}: world "${world.provenance.name}" neighbours see ` +
      top.map((l, i) => `${i + 1} as ${l}`).join(', ') +
      `; P(same) of pairs 1-2, 1-3, 2-3 = ${d.pairSame.map(fmt).join(', ')}; reader fitted on the world's own ` +
      `triplets: P(SET)=${fmt(posterior.SET)}, P(SSD)=${fmt(posterior.SAME_SAME_DIFFERENT)}, P(ANTISET)=${fmt(posterior.ANTISET)}`,
    evidence: { labels: top.map((l) => [l]), posterior, reader: 'calibrated' },
  };
}
