import { parentPort, workerData } from 'node:worker_threads';
import type { EncodingJob } from './encoding-parallel.js';
import { encodingStatistics } from './encoding-stats.js';

/**
 * Worker thread of encoding-parallel.ts: pure compute (no tfjs, store or GraphQL). Receives one job (a chunk of
 * sources over SharedArrayBuffer-backed features), posts its EncodingResult.
 */
if (parentPort) {
  const job = workerData as EncodingJob;
  parentPort.postMessage(encodingStatistics(job.layer, job.sources, job.options));
}
