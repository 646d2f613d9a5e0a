import { runWorkerJob } from '../../core/worker-job.js';
import type { LabelledMatrix, Matrix } from '../../core/matrix.js';
import type { EncodingRecord } from '../../domain/records.js';
import type { EncodingFamily } from '../../domain/vocabulary.js';
import {
  encodingFromPredictions, encodingStatistics, prepareEncoding, type EncodingComparison, type EncodingLayerInput, type EncodingOptions,
  type EncodingResult, type EncodingSourceInput, type FamilyPredictions, type PreparedEncoding,
} from './encoding-stats.js';
import { sendable, withKernels } from './families.js';

/**
 * encodingStatistics on all cores (issue 14): the sources are split into `workers` contiguous chunks, each run by a
 * worker thread (encoding-worker.ts) over the same features, shared read-only (SharedArrayBuffer) rather than
 * copied. Every vertex's fit, draws and permutations depend on its source alone (per-source seeded streams,
 * independent targets), so the merged result equals the single-thread one; `mergeEncodingResults` restores its
 * order (families, then sources). With fewer sources than workers (one subject x ROI x layer per call, as the
 * distributed jobs run it), the vertices are split instead: each worker fits and predicts a column range of the
 * responses (every vertex's model depends on its own column alone, familyPredictions), and the statistics run
 * here on the joined predictions, so the result is again the one-call result bit for bit. Worker threads need the
 * compiled build; from TypeScript sources, and with one worker, this is encodingStatistics in process.
 */
export async function encodingStatisticsParallel(
  layer: EncodingLayerInput, sources: readonly EncodingSourceInput[], given: EncodingOptions = {}, workers = 1,
): Promise<EncodingResult> {
  const w = import.meta.url.endsWith('.js') ? workers : 1;
  const families = given.families ?? ['ROMP', 'RIDGE'];
  if (w <= 1 || sources.length === 0) return encodingStatistics(layer, sources, await withKernels(given));
  // the workers build their own kernels from kernelModule
  const options = sendable(given);
  const features = { RE: shared(layer.features.RE), AN: shared(layer.features.AN), AI: shared(layer.features.AI) };
  if (sources.length >= w) {
    const chunks = splitSources(sources, w);
    const parts = await Promise.all(chunks.map((chunk) => runWorker<EncodingResult>({ layer: { layer: layer.layer, features }, sources: chunk, options })));
    return mergeEncodingResults(parts, families);
  }
  const prep = prepareEncoding({ layer: layer.layer, features }, sources);
  const ranges = columnRanges(prep.responses.cols, w);
  const parts = await Promise.all(ranges.map(([from, to]) => runWorker<FamilyPredictions[]>({
    features: prep.features, responses: sliceColumns(prep.responses, from, to), families, options,
  })));
  const predictions = families.map((_, f) => ({
    AN: joinColumns(parts.map((q) => q[f]!.AN)),
    AI: joinColumns(parts.map((q) => q[f]!.AI)),
  }));
  return encodingFromPredictions(layer.layer, sources, prep, families, predictions, options);
}

/** `[from, to)` column ranges of near-equal width, at most `w`, none empty. */
export function columnRanges(cols: number, w: number): [number, number][] {
  const k = Math.max(1, Math.min(w, cols));
  return Array.from({ length: k }, (_, i) => [Math.floor((i * cols) / k), Math.floor(((i + 1) * cols) / k)] as [number, number]);
}

function sliceColumns(m: Matrix<Float64Array>, from: number, to: number): Matrix<Float64Array> {
  const c = to - from;
  const out = new Float64Array(m.rows * c);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + from, i * m.cols + to), i * c);
  return { rows: m.rows, cols: c, data: out };
}

function joinColumns(parts: readonly Matrix<Float64Array>[]): Matrix<Float64Array> {
  const rows = parts[0]!.rows;
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const out = new Float64Array(rows * cols);
  let off = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) out.set(p.data.subarray(i * p.cols, (i + 1) * p.cols), i * cols + off);
    off += p.cols;
  }
  return { rows, cols, data: out };
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

/** A chunk of sources (statistics included), or a column range of one call's responses (models only). */
export type EncodingJob =
  | { readonly layer: EncodingLayerInput; readonly sources: readonly EncodingSourceInput[]; readonly options: EncodingOptions }
  | { readonly features: PreparedEncoding['features']; readonly responses: Matrix<Float64Array>; readonly families: readonly EncodingFamily[]; readonly options: EncodingOptions };

function runWorker<R>(job: EncodingJob): Promise<R> {
  return runWorkerJob<R>(new URL('./encoding-worker.js', import.meta.url), job, 'encoding');
}
