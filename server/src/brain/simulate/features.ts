import { channelCount, DEFAULT_PYRAMID, energyMaps, type PyramidSpec } from './gabor.js';
import { contrastGrid, DEFAULT_VIEWING, type ViewingGeometry } from './image.js';
import { blurStack, buildScaleSpace, type LadderSpec, type ScaleSpace } from './pool.js';

/**
 * Everything the simulated cortex computes from one stimulus, shared by all subjects and vertices: first-order
 * Gabor contrast energy (C1 = sf x orientation channels) and second-order "energy of energy" channels (C2 = C1 / 2:
 * one per sf and pair of neighbouring orientations), each the rectified difference between the pair's energy and
 * its local average (a centre-surround filter on the energy map: texture-boundary / texture-statistics features in
 * the spirit of the second-order contrast of Kay et al. 2013's SOC model and the pooled texture statistics of V2 /
 * V4 (Freeman et al. 2013)). Pairs halve the cost of pooling them. Channel order: [first-order 0..C1-1,
 * second-order C1..C1+C2-1], second-order channel j = sf * (orientations / 2) + pair.
 */
export interface FeatureSpec {
  readonly view: ViewingGeometry;
  readonly pyramid: PyramidSpec;
  /** Sd of the surround of the second-order filter, degrees. */
  readonly secondOrderSurroundDeg: number;
  readonly rungs: number;
  readonly levels: number;
}

export const DEFAULT_FEATURES: FeatureSpec = {
  view: DEFAULT_VIEWING,
  pyramid: DEFAULT_PYRAMID,
  secondOrderSurroundDeg: 0.75,
  rungs: 11,
  levels: 4,
};

export function featureChannels(spec: FeatureSpec): number {
  return channelCount(spec.pyramid) + secondOrderChannels(spec);
}

export function secondOrderChannels(spec: FeatureSpec): number {
  return spec.pyramid.sfCpd.length * Math.floor(spec.pyramid.orientations / 2);
}

export function ladderOf(spec: FeatureSpec): LadderSpec {
  return { basePx: spec.pyramid.poolPx, fieldDeg: spec.view.fieldDeg, rungs: spec.rungs, levels: spec.levels };
}

/** First- and second-order maps of an image on the pooling grid: `[poolPx^2 x (C1 + C2)]`. */
export function featureMaps(rgb: Float32Array, height: number, width: number, spec: FeatureSpec = DEFAULT_FEATURES): Float32Array {
  const C1 = channelCount(spec.pyramid);
  const C2 = secondOrderChannels(spec);
  const C = C1 + C2;
  const P = spec.pyramid.poolPx;
  const first = energyMaps(contrastGrid(rgb, height, width, spec.view), spec.view, spec.pyramid);
  const pairs = new Float32Array(P * P * C2);
  for (let i = 0; i < P * P; i++) {
    for (let j = 0; j < C2; j++) pairs[i * C2 + j] = first[i * C1 + 2 * j]! + first[i * C1 + 2 * j + 1]!;
  }
  const surround = blurStack(pairs, P, C2, spec.secondOrderSurroundDeg / (spec.view.fieldDeg / P));
  const out = new Float32Array(P * P * C);
  for (let i = 0; i < P * P; i++) {
    out.set(first.subarray(i * C1, (i + 1) * C1), i * C);
    for (let j = 0; j < C2; j++) out[i * C + C1 + j] = Math.abs(pairs[i * C2 + j]! - surround[i * C2 + j]!);
  }
  return out;
}

/** The scale space of one stimulus's features, ready for pooling by every vertex (see pool.ts). */
export function stimulusScaleSpace(rgb: Float32Array, height: number, width: number, spec: FeatureSpec = DEFAULT_FEATURES): ScaleSpace {
  return buildScaleSpace(featureMaps(rgb, height, width, spec), featureChannels(spec), ladderOf(spec));
}
