import { runWorkerJob } from '../../core/worker-job.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import type { ImageBatch } from '../../networks/types.js';
import type { BrainData } from '../types.js';
import type { SimulationParams } from './params.js';
import { buildSubjects, respondReference, simulateSubjects, subjectsData, type StimulusSet } from './simulate.js';

/** What one worker thread of the simulation receives (simulate-worker.ts). */
export interface SimulateJob {
  readonly ids: readonly string[];
  /** SharedArrayBuffer-backed pixels of every image. */
  readonly images: ImageBatch;
  readonly params: Partial<SimulationParams> | undefined;
  /** One SharedArrayBuffer of float64 `[images x vertices]` per subject. */
  readonly responses: readonly SharedArrayBuffer[];
  readonly from: number;
  readonly to: number;
}

/**
 * simulateSubjects with the images split over `workers` worker threads (issue 14: the simulation kept one core
 * busy). Each image's responses depend on that image and the seeded subjects alone, so the result is the
 * in-process one bit for bit; this thread builds the subjects and their reference responses meanwhile. Worker
 * threads need the compiled build; from TypeScript sources, and with one worker, this is simulateSubjects.
 */
export async function simulateSubjectsParallel(
  stimuli: StimulusSet, opts: { params?: Partial<SimulationParams>; progress?: ProgressFn }, workers: number,
): Promise<BrainData> {
  const n = stimuli.images.n;
  const w = import.meta.url.endsWith('.js') ? Math.min(workers, n) : 1;
  if (w <= 1) return simulateSubjects(stimuli, opts);
  const progress = opts.progress ?? noProgress;
  const buffers: SharedArrayBuffer[] = [];
  const built = buildSubjects(stimuli, { params: opts.params }, (_, length) => {
    const b = new SharedArrayBuffer(length * 8);
    buffers.push(b);
    return new Float64Array(b);
  });
  const pixels = new SharedArrayBuffer(stimuli.images.data.byteLength);
  new Float32Array(pixels).set(stimuli.images.data);
  const images = { ...stimuli.images, data: new Float32Array(pixels) };
  let done = 0;
  const runs = Array.from({ length: w }, (_, i) => runWorker({
    ids: stimuli.ids, images, params: opts.params, responses: buffers,
    from: Math.floor((i * n) / w), to: Math.floor(((i + 1) * n) / w),
  }, (s) => progress({ stage: 'brain simulation', done: ++done, total: n, detail: stimuli.ids[s] })));
  respondReference(built); // here, while the workers run the images
  await Promise.all(runs);
  return subjectsData(built.subjects, stimuli.ids, opts.params);
}

function runWorker(job: SimulateJob, onImage: (image: number) => void): Promise<void> {
  return runWorkerJob(new URL('./simulate-worker.js', import.meta.url), job, 'brain simulation', (m) => {
    const msg = m as { finished?: boolean; image?: number };
    if (msg.finished) return { result: undefined };
    onImage(msg.image!);
    return undefined;
  });
}
