/** A candidate feature space: taps of the bundled models (GAP-pooled), optionally with a mirrored view averaged. */
export interface SpaceCandidate {
  name: string;
  taps: { model: string; tap: string }[];
  tta: boolean;
}

const DK = 'darknet-tiny';
const MB = 'mobilenet-v1-0.75-224';
const dk = (layer: string): { model: string; tap: string } => ({ model: DK, tap: `${layer}:gap` });
const mb = (tap: string): { model: string; tap: string } => ({ model: MB, tap });

const BASE: Omit<SpaceCandidate, 'tta'>[] = [
  // the gateway's default world tap today
  { name: 'darknet l14 (default)', taps: [dk('leaky_re_lu_14')] },
  { name: 'mobilenet penultimate', taps: [mb('penultimate')] },
  {
    name: 'darknet 5 taps',
    taps: ['leaky_re_lu_8', 'leaky_re_lu_10', 'leaky_re_lu_12', 'leaky_re_lu_14', 'leaky_re_lu_15'].map(dk),
  },
  {
    name: 'mobilenet 5 taps',
    taps: [
      mb('conv_pw_5_relu:gap'),
      mb('conv_pw_9_relu:gap'),
      mb('conv_pw_11_relu:gap'),
      mb('conv_pw_12_relu:gap'),
      mb('penultimate'),
    ],
  },
  {
    name: 'mobilenet 3 top taps',
    taps: [mb('conv_pw_11_relu:gap'), mb('conv_pw_12_relu:gap'), mb('penultimate')],
  },
  { name: 'both top taps', taps: [dk('leaky_re_lu_14'), mb('penultimate')] },
  {
    name: 'both 10 taps',
    taps: [
      ...['leaky_re_lu_8', 'leaky_re_lu_10', 'leaky_re_lu_12', 'leaky_re_lu_14', 'leaky_re_lu_15'].map(dk),
      mb('conv_pw_5_relu:gap'),
      mb('conv_pw_9_relu:gap'),
      mb('conv_pw_11_relu:gap'),
      mb('conv_pw_12_relu:gap'),
      mb('penultimate'),
    ],
  },
];

/** Every base space alone and with the horizontal-flip view averaged in feature space. */
export const FEATURE_SPACE_CANDIDATES: SpaceCandidate[] = BASE.flatMap((b) => [
  { ...b, tta: false },
  { ...b, name: `${b.name} + flip`, tta: true },
]);
