import { parentPort, workerData } from 'node:worker_threads';
import type { EncodingJob } from './encoding-parallel.js';
import { encodingStatistics, familyPredictions } from './encoding-stats.js';
import { withKernels } from './families.js';

/**
 * Worker thread of encoding-parallel.ts: pure compute (no tfjs, store or GraphQL). Receives one job over
 * SharedArrayBuffer-backed features: a chunk of sources (posts its EncodingResult) or a column range of the
 * responses (posts each family's predictions).
 */
if (parentPort) {
  const port = parentPort;
  const job = workerData as EncodingJob;
  const options = await withKernels(job.options);
  if ('sources' in job) port.postMessage(encodingStatistics(job.layer, job.sources, options));
  else port.postMessage(job.families.map((f) => familyPredictions(job.features, job.responses, f, options)));
}
