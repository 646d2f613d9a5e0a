import { parentPort, workerData } from 'node:worker_threads';
import type { Matrix } from '../core/matrix.js';
import { runDraws, type DrawProblem } from './similarity-draws.js';
import type { RankIndex } from './subset-ranks.js';

/**
 * Worker thread for the similarity draws: pure compute over SharedArrayBuffer-backed patterns and rank indexes
 * (no tfjs, store or GraphQL). Receives one job, posts the draw results, exits.
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
}

if (parentPort) {
  const job = workerData as DrawJob;
  const problem: DrawProblem = {
    patterns: job.patterns as Matrix[],
    rdmMethod: job.rdmMethod,
    comparison: job.comparison,
    ...(job.rankIndex ? { rankIndex: job.rankIndex } : {}),
  };
  const res = runDraws(problem, job.seed, job.fraction, job.d0, job.d1);
  parentPort.postMessage(res);
}
