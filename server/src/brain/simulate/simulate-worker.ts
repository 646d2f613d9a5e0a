import { parentPort, workerData } from 'node:worker_threads';
import { buildSubjects, respondImages } from './simulate.js';
import type { SimulateJob } from './simulate-parallel.js';

/**
 * Worker thread of simulate-parallel.ts: builds the subjects again (seeded: the same vertices and stencils) and
 * writes their responses to images [from, to) into the shared response arrays; posts `{ image }` (its index) as each image is done.
 */
if (parentPort) {
  const port = parentPort;
  const job = workerData as SimulateJob;
  const stimuli = { ids: job.ids, images: job.images };
  const built = buildSubjects(stimuli, { params: job.params }, (k) => new Float64Array(job.responses[k]!));
  respondImages(built, stimuli, job.from, job.to, (image) => port.postMessage({ image }));
  port.postMessage({ finished: true });
}
