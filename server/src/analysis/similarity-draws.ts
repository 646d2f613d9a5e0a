import { selectCols, type Matrix } from '../core/matrix.js';
import { Rng } from '../core/rng.js';
import { gram as jsGram, type GramFn, type GramInput } from './gram.js';
import { pearson } from './correlation.js';
import { rankAverageTies } from './rank.js';
import { compareRdms, rdmVector } from './rdm.js';
import { buildRankIndex, hasNanRows, sampleFlags, subsetCentredRanks, type IndexAlloc, type RankIndex } from './subset-ranks.js';

/**
 * The per-draw core of the paper's similarity statistics (docs/paper-digest.md 5.2), shared by the in-process path and the
 * worker threads. Draw d: keep round(fraction * units) units without replacement, recompute every kind's RDM on
 * them, compare RE with each other kind; then permute the RE image labels (rows and columns of RDM_RE together)
 * and compare again -> one null value per pair. Each draw has its own seeded stream (`drawRng`), so the results do
 * not depend on how draws are split over workers.
 */
export interface DrawProblem {
  /** Kind 0 is RE; kinds 1.. are compared with it (AN, AI, AI_CONTROL). */
  readonly patterns: readonly Matrix[];
  readonly rdmMethod: string;
  readonly comparison: string;
  /** For one_minus_spearman: one index per kind, built once (see subset-ranks.ts). */
  readonly rankIndex?: readonly RankIndex[];
}

export interface DrawResults {
  /** `[pairs][draws]`: similarity of RE with kind k+1 on the draw's units. */
  readonly sims: Float64Array[];
  /** `[pairs][draws]`: the same after permuting the RE labels. */
  readonly nulls: Float64Array[];
}

/** The stream of draw d under `seed`: independent of the worker split. */
export function drawRng(seed: number, d: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(d + 1, 0x85ebca77)) >>> 0);
}

/** `shared`: rank index buffers as SharedArrayBuffers (worker threads), or placed by an allocator (a kernel's arena). */
export function prepareProblem(patterns: readonly Matrix[], rdmMethod: string, comparison: string, shared: boolean | IndexAlloc = false): DrawProblem {
  return rdmMethod === 'one_minus_spearman'
    ? { patterns, rdmMethod, comparison, rankIndex: patterns.map((m) => buildRankIndex(m, shared)) }
    : { patterns, rdmMethod, comparison };
}

/** 1 - correlation from a Gram matrix of centred rows: `[n x n]` -> `[n(n-1)/2]`. */
export function rdmFromGram(g: Float64Array, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) out[t++] = 1 - g[i * n + j]! / Math.sqrt(g[i * n + i]! * g[j * n + j]!);
  }
  return out;
}

/** RDM_ij -> RDM_perm(i)perm(j), vector form. */
export function permuteRdm(v: Float64Array, n: number, perm: Int32Array): Float64Array {
  const out = new Float64Array(v.length);
  const idx = (i: number, j: number): number => (i < j ? i * n - (i * (i + 1)) / 2 + (j - i - 1) : j * n - (j * (j + 1)) / 2 + (i - j - 1));
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[t++] = v[idx(perm[i]!, perm[j]!)]!;
  return out;
}

/**
 * RDMs of every kind on all units. With a rank index the ranks come from the same single sort the draws use
 * (no second sort of every row); otherwise `rdmVector`.
 */
export function fullRdms(problem: DrawProblem, gram: GramFn = jsGram): Float64Array[] {
  const { patterns, rdmMethod, rankIndex } = problem;
  if (!rankIndex) return patterns.map((x) => rdmVector(x, rdmMethod));
  const n = patterns[0]!.rows;
  const p = patterns[0]!.cols;
  const kept = new Uint8Array(p).fill(1);
  const rb = rankBuffer(gram, n, p);
  const scratch = new Float32Array(p);
  return rankIndex.map((ix) => {
    rankRows(gram, ix, kept, p, rb, scratch);
    return rdmFromGram(gram(rb.data, n, p), n);
  });
}

/** Where the rank rows go: the Gram product's own buffer when it has one (no copy-in), else a compact array. */
function rankBuffer(gram: GramFn, n: number, p: number): GramInput {
  return gram.input?.(n, p) ?? { data: new Float32Array(n * p + 1), stride: p };
}

/** A draw's rank rows of one kind: in the product's kernel when it has one (same values), else in JS. */
function rankRows(gram: GramFn, ix: RankIndex, kept: Uint8Array, m: number, rb: GramInput, scratch: Float32Array): void {
  // The kernel's pass has no NaN rule; the JS pass propagates NaN (docs/numerics.md), so rows with NaN use it.
  if (gram.ranks && !hasNanRows(ix)) gram.ranks(ix, kept, m, rb);
  else subsetCentredRanks(ix, kept, m, rb.data, scratch, rb.stride);
}

export interface DrawOptions {
  /** The Gram product of the rank rows (default: the float64 JS one). */
  readonly gram?: GramFn;
  /** Called after each draw with the number of draws done in this call. */
  readonly onDraw?: (done: number) => void;
}

/** Draws d0..d1-1 of `problem` with `fraction` of the units kept. */
export function runDraws(problem: DrawProblem, seed: number, fraction: number, d0: number, d1: number, options: DrawOptions = {}): DrawResults {
  const gram = options.gram ?? jsGram;
  const { patterns, rdmMethod, comparison, rankIndex } = problem;
  const n = patterns[0]!.rows;
  const p = patterns[0]!.cols;
  const m = Math.max(2, Math.round(fraction * p));
  const pairs = patterns.length - 1;
  const draws = d1 - d0;
  const sims = Array.from({ length: pairs }, () => new Float64Array(draws));
  const nulls = Array.from({ length: pairs }, () => new Float64Array(draws));
  const kept = new Uint8Array(p);
  const scratch = new Float32Array(p);
  const rb = rankIndex ? rankBuffer(gram, n, m) : undefined;
  const pool = rankIndex ? new Int32Array(p) : undefined;
  for (let d = d0; d < d1; d++) {
    const rng = drawRng(seed, d);
    // the rank path needs only the kept set: flags straight from the stream (the same set as rng.sample)
    const keep = pool ? undefined : rng.sample(p, m);
    if (pool) sampleFlags(rng, p, m, kept, pool);
    const perm = rng.permutation(n);
    let rdms: Float64Array[];
    if (rankIndex && rb) {
      rdms = rankIndex.map((ix) => {
        rankRows(gram, ix, kept, m, rb, scratch);
        return rdmFromGram(gram(rb.data, n, m), n);
      });
    } else {
      rdms = patterns.map((x) => rdmVector(selectCols(x, keep!), rdmMethod));
    }
    const re = rdms[0]!;
    if (comparison === 'spearman') {
      // spearman = pearson of the average-tie ranks (correlation.ts): each RDM ranked once, not once per pair, and
      // the permuted RE RDM's ranks are RE's ranks permuted (the same values, NaN included)
      const ranks = rdms.map((v) => rankAverageTies(v));
      const rePerm = permuteRdm(ranks[0]!, n, perm);
      for (let k = 0; k < pairs; k++) {
        sims[k]![d - d0] = pearson(ranks[0]!, ranks[k + 1]!);
        nulls[k]![d - d0] = pearson(rePerm, ranks[k + 1]!);
      }
    } else {
      const rePerm = permuteRdm(re, n, perm);
      for (let k = 0; k < pairs; k++) {
        sims[k]![d - d0] = compareRdms(re, rdms[k + 1]!, comparison);
        nulls[k]![d - d0] = compareRdms(rePerm, rdms[k + 1]!, comparison);
      }
    }
    options.onDraw?.(d - d0 + 1);
  }
  return { sims, nulls };
}
