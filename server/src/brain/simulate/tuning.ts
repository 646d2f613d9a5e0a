import type { Rng } from '../../core/rng.js';
import { channelInfo, type PyramidSpec } from './gabor.js';
import { fieldPosition, type Vertex } from './geometry.js';
import { AREA_PARAMS } from './params.js';
import { smoothBasis, smoothField } from './smooth.js';

/**
 * What each simulated vertex computes: a CSS unit (Kay et al. 2013) over a weighted mix of feature channels.
 *   response = (sum_c w_c * pooled_c) ^ n,  pooled_c = Gaussian-pRF-weighted mean of channel c's map.
 * Channel weights: a share `UNTUNED` that is flat (population contrast response) plus orientation (von Mises over
 * 2 theta) x spatial-frequency (Gaussian over log2 sf, sd 1 octave) tuning. Preferred orientation and preferred sf
 * vary smoothly over the patch (random smooth fields, seeded), so nearby vertices share tuning; preferred sf falls
 * with eccentricity (preferred period ~ 0.12 ecc + 0.35 deg in V1, Broderick et al. 2022 J Vis 22(12):3) and by
 * 0.4 octave per step up the hierarchy. V4 and LO mix in second-order channels (AREA_PARAMS.secondOrder).
 */
export interface VertexModels {
  /**
   * `[V x C]` non-negative channel weights: first-order ones sum to 1 - secondOrder, second-order ones to
   * secondOrder x SECOND_ORDER_GAIN.
   */
  readonly weights: Float64Array;
  /** pRF centre (deg), Gaussian sd used for pooling (deg), pRF size (deg, Kay's definition), exponent. */
  readonly prfX: Float64Array;
  readonly prfY: Float64Array;
  readonly sigma: Float64Array;
  readonly size: Float64Array;
  readonly exponent: Float64Array;
}

const UNTUNED = 0.3;
const SF_SD_OCT = 1;
const HIERARCHY_STEP = { V1: 0, V2: 1, V3: 2, V4: 3, LO: 4 } as const;
/** Second-order maps are smaller than first-order energy on natural images; this brings them to a similar scale. */
export const SECOND_ORDER_GAIN = 3;

export function vertexModels(vs: readonly Vertex[], pyr: PyramidSpec, C1: number, C2: number, rng: Rng): VertexModels {
  const V = vs.length;
  const C = C1 + C2;
  // Patch coordinates with the hemispheres far apart, so their smooth fields are independent.
  const px = Float64Array.from(vs, (v) => v.x + (v.hemisphere === 'RH' ? 1000 : 0));
  const py = Float64Array.from(vs, (v) => v.y);
  const basis = smoothBasis(px, py, 3, 64, rng.fork('tuning-basis'));
  const oriA = smoothField(basis, rng.fork('ori-a'));
  const oriB = smoothField(basis, rng.fork('ori-b'));
  const sfJit = smoothField(basis, rng.fork('sf'));
  const sizeJit = smoothField(basis, rng.fork('size'));
  const weights = new Float64Array(V * C);
  const prfX = new Float64Array(V);
  const prfY = new Float64Array(V);
  const sigma = new Float64Array(V);
  const size = new Float64Array(V);
  const exponent = new Float64Array(V);
  const posRng = rng.fork('position');
  const pairs = C2 / pyr.sfCpd.length;
  for (let i = 0; i < V; i++) {
    const v = vs[i]!;
    const a = AREA_PARAMS[v.roi];
    const pos = fieldPosition(v);
    size[i] = (a.sizeSlope * v.ecc + a.sizeIntercept) * Math.exp(0.15 * sizeJit[i]!);
    exponent[i] = a.exponent;
    // Kay 2013: pRF size = sigma / sqrt(n), so the pooling Gaussian is narrower than the pRF.
    sigma[i] = size[i]! * Math.sqrt(exponent[i]!);
    prfX[i] = pos.x + 0.1 * size[i]! * posRng.normal();
    prfY[i] = pos.y + 0.1 * size[i]! * posRng.normal();
    const prefOri = 0.5 * Math.atan2(oriB[i]!, oriA[i]!);
    const prefLogSf = -Math.log2(0.12 * v.ecc + 0.35) - 0.4 * HIERARCHY_STEP[v.roi] + 0.5 * sfJit[i]!;
    const row = i * C;
    let s1 = 0;
    for (let c = 0; c < C1; c++) {
      const { sfCpd, orientation } = channelInfo(pyr, c);
      const w = tuned(orientation, prefOri, a.orientationKappa, Math.log2(sfCpd), prefLogSf);
      weights[row + c] = w;
      s1 += w;
    }
    let s2 = 0;
    for (let j = 0; j < C2; j++) {
      const sfCpd = pyr.sfCpd[Math.floor(j / pairs)]!;
      const orientation = ((j % pairs) + 0.25) * (Math.PI / pairs); // the pair's mean orientation
      const w = tuned(orientation, prefOri, a.orientationKappa, Math.log2(sfCpd), prefLogSf);
      weights[row + C1 + j] = w;
      s2 += w;
    }
    const second = a.secondOrder;
    for (let c = 0; c < C1; c++) weights[row + c] = (weights[row + c]! / s1) * (1 - second);
    for (let j = 0; j < C2; j++) weights[row + C1 + j] = second > 0 ? (weights[row + C1 + j]! / s2) * second * SECOND_ORDER_GAIN : 0;
  }
  return { weights, prfX, prfY, sigma, size, exponent };
}

function tuned(theta: number, pref: number, kappa: number, logSf: number, prefLogSf: number): number {
  const ori = Math.exp(kappa * (Math.cos(2 * (theta - pref)) - 1));
  const d = logSf - prefLogSf;
  const sf = Math.exp(-(d * d) / (2 * SF_SD_OCT * SF_SD_OCT));
  return UNTUNED + (1 - UNTUNED) * ori * sf;
}
