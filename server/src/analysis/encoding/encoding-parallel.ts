import { Worker } from 'node:worker_threads';
import { DomainError } from '../../core/errors.js';
import type { LabelledMatrix } from '../../core/matrix.js';
import type { EncodingRecord } from '../../domain/records.js';
import { encodingStatistics, type EncodingComparison, type EncodingLayerInput, type EncodingOptions, type EncodingResult, type EncodingSourceInput } from './encoding-stats.js';

/**
 * encodingStatistics on all cores (issue 14): the sources are split into `workers` contiguous chunks, each run by a
 * worker thread (encoding-worker.ts) over the same features, shared read-only (SharedArrayBuffer) rather than
 * copied. Every vertex's fit, draws and permutations depend on its source alone (per-source seeded streams,
 * independent targets), so the merged result equals the single-thread one; `mergeEncodingResults` restores its
 * order (families, then sources). Worker threads need the compiled build; from TypeScript sources, and with one
 * worker or one source, this is encodingStatistics in process.
 */
export async function encodingStatisticsParallel(
  layer: EncodingLayerInput, sources: readonly EncodingSourceInput[], options: EncodingOptions = {}, workers = 1,
): Promise<EncodingResult> {
  const w = import.meta.url.endsWith('.js') ? Math.min(workers, sources.length) : 1;
  if (w <= 1) return encodingStatistics(layer, sources, options);
  const features = { RE: shared(layer.features.RE), AN: shared(layer.features.AN), AI: shared(layer.features.AI) };
  const chunks = splitSources(sources, w);
  const parts = await Promise.all(chunks.map((chunk) => runWorker({ layer: { layer: layer.layer, features }, sources: chunk, options })));
  return mergeEncodingResults(parts, options.families ?? ['ROMP', 'RIDGE']);
}

/** `w` contiguous chunks of near-equal total vertex count (the work scales with vertices). */
export function splitSources<T extends EncodingSourceInput>(sources: readonly T[], w: number): T[][] {
  const total = sources.reduce((s, x) => s + x.responses.RE.cols, 0);
  const out: T[][] = Array.from({ length: w }, () => []);
  let acc = 0;
  for (const s of sources) {
    const k = Math.min(w - 1, Math.floor((acc * w) / Math.max(1, total)));
    out[k]!.push(s);
    acc += s.responses.RE.cols;
  }
  return out.filter((c) => c.length > 0);
}

/** Chunk results (in source order) -> the single-call order: per family, the chunks' records in turn. */
export function mergeEncodingResults(parts: readonly EncodingResult[], families: readonly string[]): EncodingResult {
  const records: EncodingRecord[] = [];
  const comparisons: EncodingComparison[] = [];
  for (const f of families) {
    for (const p of parts) {
      records.push(...p.records.filter((r) => r.family === f));
      comparisons.push(...p.comparisons.filter((c) => c.family === f));
    }
  }
  return { records, comparisons };
}

function shared(m: LabelledMatrix): LabelledMatrix {
  if (m.data.buffer instanceof SharedArrayBuffer) return m;
  const buf = new SharedArrayBuffer(m.data.byteLength);
  const data = m.data instanceof Float32Array ? new Float32Array(buf) : new Float64Array(buf);
  data.set(m.data);
  return { ...m, data };
}

export interface EncodingJob {
  readonly layer: EncodingLayerInput;
  readonly sources: readonly EncodingSourceInput[];
  readonly options: EncodingOptions;
}

function runWorker(job: EncodingJob): Promise<EncodingResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./encoding-worker.js', import.meta.url), { workerData: job });
    worker.once('message', (r: EncodingResult) => resolve(r));
    worker.once('error', (e) => reject(new DomainError('COMPUTE_FAILED', `encoding worker failed: ${e.message}`)));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new DomainError('COMPUTE_FAILED', `encoding worker exited with code ${code}`));
    });
  });
}
