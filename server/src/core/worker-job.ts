import { Worker } from 'node:worker_threads';
import { DomainError } from './errors.js';

/**
 * One job on a fresh worker thread (the similarity draws, encoding, searchlight and brain simulation split their
 * work this way): starts `url` with `workerData`, hands every message to `onMessage`, and resolves with the first
 * `{ result }` it returns (by default the first message is the result). A worker that throws or exits early
 * rejects with COMPUTE_FAILED naming `what`.
 */
export function runWorkerJob<R>(
  url: URL, workerData: unknown, what: string,
  onMessage: (message: unknown) => { readonly result: R } | undefined = (m) => ({ result: m as R }),
): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData });
    worker.on('message', (m: unknown) => {
      const done = onMessage(m);
      if (done) resolve(done.result);
    });
    worker.once('error', (e) => reject(new DomainError('COMPUTE_FAILED', `${what} worker failed: ${e.message}`)));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new DomainError('COMPUTE_FAILED', `${what} worker exited with code ${code}`));
    });
  });
}
