import type { Matrix } from '../../core/matrix.js';
import type { EncodingFamily } from '../../domain/vocabulary.js';
import { DEFAULT_RIDGE_ALPHAS, ridgeFit } from './ridge.js';
import { DEFAULT_ROMP_K, rompFit, type RompModule, type RompScorer } from './romp.js';

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
  /**
   * URL of a module exporting `createRompScorer()` (romp.ts RompModule, e.g. analysis/kernels/romp-wasm.js): ROMP's
   * scoring rounds run there (the same scores to the bit), built once per thread by `withKernels`. A string, so
   * it travels to worker threads; absent: the JS rounds.
   */
  readonly kernelModule?: string;
  /** The scorer `withKernels` built from kernelModule in this thread (never sent to a worker). */
  readonly rompScorer?: RompScorer;
}

/** `options` with the scorer of its kernelModule built in this thread (once per thread and module). */
export async function withKernels<T extends FamilyOptions>(options: T): Promise<T> {
  if (!options.kernelModule || options.rompScorer) return options;
  const url = options.kernelModule;
  let scorer = scorers.get(url);
  if (!scorer) {
    scorer = import(url).then((m) => (m as RompModule).createRompScorer());
    scorers.set(url, scorer);
    scorer.catch(() => scorers.delete(url));
  }
  return { ...options, rompScorer: await scorer };
}

/** The options a worker thread can be sent: the live scorer stays here (the worker builds its own). */
export function sendable<T extends FamilyOptions>(options: T): T {
  const { rompScorer: _s, ...rest } = options;
  return rest as T;
}

const scorers = new Map<string, Promise<RompScorer>>();

export type FamilyFn = (features: Matrix, responses: Matrix, options: FamilyOptions) => EncodingModel;

export const ENCODING_FAMILY_FNS = {
  ROMP: (x, y, o) => rompFit(x, y, o.rompK ?? DEFAULT_ROMP_K, undefined, o.rompScorer),
  RIDGE: (x, y, o) => ridgeFit(x, y, o.ridgeAlphas ?? DEFAULT_RIDGE_ALPHAS),
} satisfies Record<EncodingFamily, FamilyFn>;
