import { runWorkerJob } from '../core/worker-job.js';
import { DomainError } from '../core/errors.js';
import { alignRows, type LabelledMatrix, type Matrix } from '../core/matrix.js';
import type { SimilarityPair, Source } from '../domain/vocabulary.js';
import type { DifferenceRecord, SimilarityRecord } from '../domain/records.js';
import type { DrawJob, DrawMessage } from './draw-worker.js';
import { gram as jsGram, gramBackend, JS_GRAM_BACKEND, loadGramModule, type ArenaSlice, type GramFn, type GramModule } from './gram.js';
import { interval95, pGreaterEqual, summariseNull } from './percentile.js';
import { compareRdms, DEFAULT_COMPARISON, DEFAULT_RDM_METHOD, RDM_METHODS, COMPARISON_METHODS } from './rdm.js';
import { pick } from '../core/registry.js';
import { fullRdms, prepareProblem, runDraws, type DrawProblem, type DrawResults } from './similarity-draws.js';
import { rankIndexBytes, type IndexAlloc } from './subset-ranks.js';

/**
 * RE-AN and RE-AI similarity of one source (a layer's units or an ROI's selected vertices, trials averaged) with the
 * paper's statistics (docs/paper-digest.md 5.2; Figs. 3 and 5):
 * - value: compare(RDM_RE, RDM_X) on all units;
 * - interval: 95 % percentile interval over `draws` subsamples of `fraction` of the units without replacement;
 * - null: in each draw the RE image labels are permuted too; p = (1 + #{null >= observed}) / (1 + draws),
 *   one-sided (similarity above chance);
 * - difference RE-AI minus RE-AN: value on all units, interval over the draws, and
 *   p = (1 + #{draws with difference <= 0}) / (1 + draws), one-sided (RE-AI > RE-AN).
 * NaN propagates (rank.ts): an RDM entry that is undefined (a constant pattern, or a pattern with a NaN) makes the
 * comparison NaN, and a NaN value or draw makes the interval and p NaN; never a finite value that hides it.
 */
export interface SimilarityInput {
  readonly source: Source;
  /**
   * `[40 x units]` per kind; rows are labelled by category (the RE image each stimulus derives from), so AN/AI
   * rows are aligned to RE's by id (ID_MISMATCH when the sets differ). AI_CONTROL is optional.
   */
  readonly patterns: {
    readonly RE: LabelledMatrix;
    readonly AN: LabelledMatrix;
    readonly AI: LabelledMatrix;
    readonly AI_CONTROL?: LabelledMatrix;
  };
}

export interface SimilarityOptions {
  readonly rdmMethod?: string;
  readonly comparison?: string;
  /** Subsampling draws (paper: 1000). */
  readonly draws?: number;
  /** Fraction of units kept per draw (paper: 0.8). */
  readonly fraction?: number;
  readonly seed?: number;
  /** Worker threads for the draws (1 = in process). Only the compiled build can start workers. */
  readonly workers?: number;
  /**
   * URL of a module exporting `createGram(): Promise<GramFn>` (gram.ts GramModule), e.g. compute/gram-tfjs.js:
   * the Gram products of the draws' rank rows then run there, built once per thread (workers included).
   * Used only for one_minus_spearman when units x draws reach GRAM_MODULE_MIN_WORK (below it the module's start-up,
   * about 0.1 s per thread, outweighs what it saves); absent: the float64 JS product.
   */
  readonly gramModule?: string;
  /** Draws done so far, of `total`; called as draws finish (from every worker). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Only draws from..to-1 (a block of a distributed run, study/pipeline/split-stages.ts): `distributions` then
   * hold those draws alone, and the records are not the study's (they summarise the block).
   */
  readonly drawRange?: { readonly from: number; readonly to: number };
  /**
   * The draws of every block, concatenated in draw order (`[pairs][draws]`): no draw is recomputed, and since each
   * draw has its own seeded stream the result is the unsplit run's, bit for bit.
   */
  readonly givenDraws?: { readonly sims: readonly Float64Array[]; readonly nulls: readonly Float64Array[] };
}

/**
 * Below this many unit-draws (units x draws of this call) the injected Gram module is not loaded: the WebAssembly
 * kernels save about 1.5 microseconds per unit and draw (4 kinds of rank pass and product; bench/draw-bound.ts), their
 * start-up costs about 0.1 s per thread. (Until this round the rule was 8192 units, which left block_15's 7840
 * units and the 1000-unit read-outs on the JS product: 11.7 s for block_15's 1000 draws against 4.7 s for
 * block_16's 15680 units on the kernels.)
 */
export const GRAM_MODULE_MIN_WORK = 2 ** 18;

export interface SimilarityResult {
  readonly similarities: SimilarityRecord[];
  readonly difference: DifferenceRecord;
  /** Raw draw distributions, per pair, for plots of the resampling (the paper's Supplementary Figs. 5-6). */
  readonly distributions: { readonly pair: SimilarityPair; readonly draws: Float64Array; readonly nulls: Float64Array }[];
  readonly differenceDraws: Float64Array;
  /** Which Gram product ran (GramFn.backend, e.g. 'tfjs-wasm-f32'; 'js-f64' for the JS one), for provenance. */
  readonly gramBackend: string;
}

export async function similarityStatistics(input: SimilarityInput, options: SimilarityOptions = {}): Promise<SimilarityResult> {
  const rdmMethod = options.rdmMethod ?? DEFAULT_RDM_METHOD;
  const comparison = options.comparison ?? DEFAULT_COMPARISON;
  pick(RDM_METHODS, rdmMethod, 'RDM method');
  pick(COMPARISON_METHODS, comparison, 'RDM comparison');
  const draws = options.draws ?? 1000;
  const fraction = options.fraction ?? 0.8;
  if (!(fraction > 0 && fraction <= 1)) throw new DomainError('BAD_USER_INPUT', `fraction ${fraction} must be in (0, 1]`);
  if (!Number.isInteger(draws) || draws < 1) throw new DomainError('BAD_USER_INPUT', `draws ${draws} must be a positive integer`);
  const seed = options.seed ?? 0;

  const { RE, AN, AI, AI_CONTROL } = input.patterns;
  const kinds: [SimilarityPair | 'RE', LabelledMatrix][] = [['RE', RE], ['RE_AN', AN], ['RE_AI', AI]];
  if (AI_CONTROL) kinds.push(['RE_AI_CONTROL', AI_CONTROL]);
  const aligned = kinds.map(([, m]) => {
    if (m.cols !== RE.cols) throw new DomainError('SHAPE_MISMATCH', `patterns have ${m.cols} units, RE has ${RE.cols}`);
    return alignRows(m, RE.rowIds);
  });
  const pairs = kinds.slice(1).map(([k]) => k as SimilarityPair);

  const workers = import.meta.url.endsWith('.js') && draws > 1 ? Math.min(options.workers ?? 1, draws) : 1;
  const ranked = rdmMethod === 'one_minus_spearman';
  const drawn = options.givenDraws ? 0 : (options.drawRange ? options.drawRange.to - options.drawRange.from : draws);
  const gramModule = options.gramModule && ranked && RE.cols * Math.max(1, drawn) >= GRAM_MODULE_MIN_WORK ? options.gramModule : undefined;
  const mod = gramModule ? await loadGramModule(gramModule) : undefined;
  const arena = mod && ranked ? planArena(mod, aligned.length, RE.rows, RE.cols, 1 + (workers > 1 ? workers : 0)) : undefined;
  const patterns = workers > 1 ? aligned.map(toShared) : aligned;
  const problem = prepareProblem(patterns, rdmMethod, comparison, arena?.alloc ?? workers > 1);
  const gram: GramFn = mod ? await mod.createGram(arena?.slices[0]) : jsGram;
  const full = fullRdms(problem, gram);
  const observed = pairs.map((_, k) => compareRdms(full[0]!, full[k + 1]!, comparison));

  const range = options.drawRange ?? { from: 0, to: draws };
  if (!(Number.isInteger(range.from) && Number.isInteger(range.to) && range.from >= 0 && range.from < range.to && range.to <= draws)) {
    throw new DomainError('BAD_USER_INPUT', `draw range ${range.from}..${range.to} must lie within 0..${draws}`);
  }
  if (options.givenDraws && options.givenDraws.sims.some((a) => a.length !== draws)) throw new DomainError('SHAPE_MISMATCH', `given draws must number ${draws} per pair`);
  const res = options.givenDraws ?? await drawAll(problem, seed, fraction, range.from, range.to, workers, { gram, gramModule, slices: arena?.slices.slice(1), onProgress: options.onProgress });

  const similarities: SimilarityRecord[] = pairs.map((pair, k) => {
    const ci = interval95(res.sims[k]!);
    return {
      source: input.source,
      pair,
      rdmMethod,
      comparison,
      value: observed[k]!,
      ciLow: ci.low,
      ciHigh: ci.high,
      p: pGreaterEqual(res.nulls[k]!, observed[k]!),
      null: summariseNull(res.nulls[k]!),
    };
  });
  const iAn = pairs.indexOf('RE_AN');
  const iAi = pairs.indexOf('RE_AI');
  const diffDraws = res.sims[iAi]!.map((v, d) => v - res.sims[iAn]![d]!);
  let nonPositive = 0;
  let undefinedDraws = 0;
  for (const v of diffDraws) {
    if (v <= 0) nonPositive++;
    else if (v !== v) undefinedDraws++;
  }
  const dci = interval95(diffDraws);
  const value = observed[iAi]! - observed[iAn]!;
  const difference: DifferenceRecord = {
    source: input.source,
    value,
    ciLow: dci.low,
    ciHigh: dci.high,
    p: value !== value || undefinedDraws > 0 ? NaN : (1 + nonPositive) / (1 + draws),
  };
  return {
    similarities,
    difference,
    distributions: pairs.map((pair, k) => ({ pair, draws: res.sims[k]!, nulls: res.nulls[k]! })),
    differenceDraws: diffDraws,
    gramBackend: problem.rankIndex ? gramBackend(gram) : JS_GRAM_BACKEND,
  };
}

/**
 * Runs the draws in process or split over worker threads (identical results either way: per-draw streams). With
 * workers, `problem` holds SharedArrayBuffer-backed patterns and rank indexes.
 */
async function drawAll(
  problem: DrawProblem, seed: number, fraction: number, from: number, to: number, workers: number,
  g: { gram: GramFn; gramModule: string | undefined; slices: readonly ArenaSlice[] | undefined; onProgress: ((done: number, total: number) => void) | undefined },
): Promise<DrawResults> {
  const report = g.onProgress;
  const draws = to - from;
  if (workers <= 1) return runDraws(problem, seed, fraction, from, to, { gram: g.gram, ...(report ? { onDraw: (d: number) => report(d, draws) } : {}) });
  const doneBy = new Int32Array(workers);
  let done = 0;
  const { patterns, rdmMethod, comparison } = problem;
  const w = workers;
  const jobs: Promise<DrawResults>[] = [];
  for (let i = 0; i < w; i++) {
    const d0 = from + Math.floor((i * draws) / w);
    const d1 = from + Math.floor(((i + 1) * draws) / w);
    const job: DrawJob = {
      patterns: patterns.map((m) => ({ rows: m.rows, cols: m.cols, data: m.data })),
      ...(problem.rankIndex ? { rankIndex: [...problem.rankIndex] } : {}),
      rdmMethod, comparison, seed, fraction, d0, d1,
      ...(g.gramModule ? { gramModule: g.gramModule } : {}),
      ...(g.slices?.[i] ? { gramSlice: g.slices[i] } : {}),
    };
    jobs.push(runWorker(job, (d) => {
      done += d - doneBy[i]!;
      doneBy[i] = d;
      report?.(done, draws);
    }));
  }
  const parts = await Promise.all(jobs);
  const concat = (get: (r: DrawResults) => Float64Array[], k: number): Float64Array => {
    const out = new Float64Array(draws);
    let off = 0;
    for (const r of parts) {
      out.set(get(r)[k]!, off);
      off += get(r)[k]!.length;
    }
    return out;
  };
  const nPairs = patterns.length - 1;
  return {
    sims: Array.from({ length: nPairs }, (_, k) => concat((r) => r.sims, k)),
    nulls: Array.from({ length: nPairs }, (_, k) => concat((r) => r.nulls, k)),
  };
}

/**
 * For a kernel that reads rank indexes in place (GramModule.createArena): one shared arena holding a private slice
 * per thread (the main one first, then each worker's) and, after them, every kind's index, placed by `alloc`.
 */
function planArena(mod: GramModule, kinds: number, n: number, p: number, threads: number): { slices: ArenaSlice[]; alloc: IndexAlloc } | undefined {
  if (!mod.createArena || !mod.threadBytes) return undefined;
  const align = (b: number): number => (b + 63) & ~63;
  const slice = align(mod.threadBytes(n, p));
  const a = mod.createArena(threads * slice + kinds * (rankIndexBytes(n, p) + 4 * 64));
  const slices = Array.from({ length: threads }, (_, t) => ({ memory: a.memory, offset: t * slice, bytes: slice }));
  let next = threads * slice;
  const alloc: IndexAlloc = (bytes) => {
    const at = next;
    next = align(next + bytes);
    if (next > a.buffer.byteLength) throw new RangeError(`arena of ${a.buffer.byteLength} bytes is full`);
    return { buffer: a.buffer, byteOffset: at };
  };
  return { slices, alloc };
}

function toShared(m: Matrix): Matrix {
  const buf = new SharedArrayBuffer(m.data.byteLength);
  const data = m.data instanceof Float32Array ? new Float32Array(buf) : new Float64Array(buf);
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}

function runWorker(job: DrawJob, onDone: (done: number) => void): Promise<DrawResults> {
  return runWorkerJob(new URL('./draw-worker.js', import.meta.url), job, 'similarity draw', (message) => {
    const m = message as DrawMessage;
    if (m.type === 'result') return { result: m.result };
    onDone(m.done);
    return undefined;
  });
}
