import { runWorkerJob } from '../core/worker-job.js';
import type { SimilarityPair } from '../domain/vocabulary.js';
import { searchlightSimilarity } from './searchlight.js';
import type { SearchlightJob } from './searchlight-worker.js';

/**
 * Several patches' searchlights (a subject's two hemispheres) at once, one worker thread each, up to `workers` at
 * a time (issue 14: the searchlight kept one core busy). Every vertex's value depends on its own disk alone, so
 * the maps are those of searchlightSimilarity in process, bit for bit. Worker threads need the compiled build;
 * from TypeScript sources, and with one worker, the patches run here in turn. `onJob(i)` as each patch finishes.
 */
export async function searchlightMany(
  jobs: readonly SearchlightJob[], workers: number, onJob: (index: number) => void = () => {},
): Promise<Map<SimilarityPair, Float64Array>[]> {
  const w = import.meta.url.endsWith('.js') ? Math.min(workers, jobs.length) : 1;
  if (w <= 1) {
    return jobs.map((j, i) => {
      const maps = searchlightSimilarity(j.input, j.neighbours, j.options);
      onJob(i);
      return maps;
    });
  }
  const out: Map<SimilarityPair, Float64Array>[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = new Map(await runWorker(jobs[i]!));
      onJob(i);
    }
  };
  await Promise.all(Array.from({ length: w }, lane));
  return out;
}

function runWorker(job: SearchlightJob): Promise<[SimilarityPair, Float64Array][]> {
  return runWorkerJob(new URL('./searchlight-worker.js', import.meta.url), job, 'searchlight');
}
