import { parentPort, workerData } from 'node:worker_threads';
import { searchlightSimilarity, type SearchlightInput } from './searchlight.js';

/**
 * Worker thread of searchlight-parallel.ts: one patch's searchlight (pure compute, no tfjs, store or GraphQL).
 * Receives `{ input, neighbours, options }`, posts the maps as `[pair, values][]`.
 */
export interface SearchlightJob {
  readonly input: SearchlightInput;
  readonly neighbours: readonly Int32Array[];
  readonly options: { rdmMethod?: string; comparison?: string; minVertices?: number };
}

if (parentPort) {
  const job = workerData as SearchlightJob;
  parentPort.postMessage([...searchlightSimilarity(job.input, job.neighbours, job.options)]);
}
