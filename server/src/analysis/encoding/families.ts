import type { Matrix } from '../../core/matrix.js';
import type { EncodingFamily } from '../../domain/vocabulary.js';
import { DEFAULT_RIDGE_ALPHAS, ridgeFit } from './ridge.js';
import { DEFAULT_ROMP_K, rompFit } from './romp.js';

/**
 * Encoding-model families (docs/paper-digest.md 6): ROMP, the paper's sparse solver with an intercept column, and kernel
 * ridge with per-vertex alpha chosen by leave-one-out on the RE images, the field's standard. Both map
 * `features [n x p]`, `responses [n x vertices]` to a model that predicts `[m x vertices]` from `[m x p]`.
 */
export interface EncodingModel {
  predict(features: Matrix): Matrix<Float64Array>;
}

export interface FamilyOptions {
  /** ROMP sparsity level K (default 10). */
  readonly rompK?: number;
  /** Ridge alpha grid (default 10^-2..10^8, 21 values). */
  readonly ridgeAlphas?: readonly number[];
}

export type FamilyFn = (features: Matrix, responses: Matrix, options: FamilyOptions) => EncodingModel;

export const ENCODING_FAMILY_FNS = {
  ROMP: (x, y, o) => rompFit(x, y, o.rompK ?? DEFAULT_ROMP_K),
  RIDGE: (x, y, o) => ridgeFit(x, y, o.ridgeAlphas ?? DEFAULT_RIDGE_ALPHAS),
} satisfies Record<EncodingFamily, FamilyFn>;
