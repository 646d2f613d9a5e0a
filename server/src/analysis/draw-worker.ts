import { parentPort, workerData } from 'node:worker_threads';
import type { Matrix } from '../core/matrix.js';
import { loadGram, type ArenaSlice } from './gram.js';
import { runDraws, type DrawProblem, type DrawResults } from './similarity-draws.js';
import type { RankIndex } from './subset-ranks.js';

/**
 * Worker thread for the similarity draws: pure compute over SharedArrayBuffer-backed patterns and rank indexes
 * (no tfjs, store or GraphQL here; a `gramModule` URL may bring a faster Gram product, built in this thread).
 * Receives one job, posts `{ type: 'progress', done }` after each draw and `{ type: 'result', result }` at the end.
 */
export interface DrawJob {
  readonly patterns: { rows: number; cols: number; data: Float32Array | Float64Array }[];
  readonly rankIndex?: RankIndex[];
  readonly rdmMethod: string;
  readonly comparison: string;
  readonly seed: number;
  readonly fraction: number;
  readonly d0: number;
  readonly d1: number;
  /** URL of a module exporting `createGram(): Promise<GramFn>` (see gram.ts GramModule); absent: the JS product. */
  readonly gramModule?: string;
  /** This worker's slice of the module's arena, where the rank indexes live too (GramModule.createArena). */
  readonly gramSlice?: ArenaSlice;
}

export type DrawMessage = { readonly type: 'progress'; readonly done: number } | { readonly type: 'result'; readonly result: DrawResults };

if (parentPort) {
  const port = parentPort;
  const job = workerData as DrawJob;
  const problem: DrawProblem = {
    patterns: job.patterns as Matrix[],
    rdmMethod: job.rdmMethod,
    comparison: job.comparison,
    ...(job.rankIndex ? { rankIndex: job.rankIndex } : {}),
  };
  const gram = await loadGram(job.gramModule, job.gramSlice);
  const result = runDraws(problem, job.seed, job.fraction, job.d0, job.d1, {
    gram,
    onDraw: (done) => port.postMessage({ type: 'progress', done } satisfies DrawMessage),
  });
  port.postMessage({ type: 'result', result } satisfies DrawMessage);
}
