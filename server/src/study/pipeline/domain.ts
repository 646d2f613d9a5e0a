import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { sha256 } from '../../core/hash.js';
import { DomainError } from '../../core/errors.js';
import { encodePng, loadBatch } from '../../core/image.js';
import { loadNetwork } from '../../networks/load.js';
import type { Network } from '../../networks/types.js';
import { simulateSubjects } from '../../brain/simulate/simulate.js';
import type { SimulationParams } from '../../brain/simulate/params.js';
import { selectVertices } from '../../brain/select.js';
import { rdmVector } from '../../analysis/rdm.js';
import { similarityStatistics } from '../../analysis/similarity.js';
import { trendRecord } from '../../analysis/mann-kendall.js';
import { powerRecord } from '../../analysis/power.js';
import type { EncodingOptions } from '../../analysis/encoding/encoding-stats.js';
import { encodingStatisticsParallel } from '../../analysis/encoding/encoding-parallel.js';
import { imageNetMean } from '../../stimuli/mean.js';
import { imageNetClasses } from '../../stimuli/classes.js';
import { GENERATORS } from '../../stimuli/generate/index.js';
import { perturbationMetrics } from '../../stimuli/metrics.js';
import type { StudyDefinition } from '../../stimuli/definition.js';
import { diskNeighbours, searchlightRecord, searchlightSimilarity } from '../../analysis/searchlight.js';
import { HEMISPHERES, type SearchlightMap } from '../model.js';
import { roiPatterns, subjectToPayload } from './brain-stages.js';
import type { PipelineDeps } from './deps.js';

/**
 * The real domain modules behind PipelineDeps. The network is loaded on first use (a warm store never loads it)
 * and shared by every stage of the run; `release` disposes it (worker threads included).
 */
export function domainDeps(config: Config, study: StudyDefinition, log: (line: string) => void = () => {}): PipelineDeps {
  let net: Promise<Network> | undefined;
  let mean: { files: string[]; checksum: string } | undefined;
  const network = config.network ?? study.network;
  return {
    network() {
      net ??= loadNetwork(config, { name: network }, { log });
      net.catch(() => { net = undefined; });
      return net;
    },
    networkFingerprint() {
      // Every file of the models directory (a handful of TFLite files and labels) plus a user weights file.
      const dir = config.modelsDir;
      const files = existsSync(dir) ? readdirSync(dir).sort().map((f) => join(dir, f)) : [];
      return photoFingerprint(files).checksum;
    },
    async release() {
      const n = net;
      net = undefined;
      if (n) await (await n).dispose();
    },
    loadImages: (files, size, mode) => loadBatch(files, size, mode),
    meanSource() {
      // The mean's key names its photos by a fingerprint of (name, size, mtime), not their sha256: hashing the
      // 1000 photos costs 1.5 s at every start, and the shared photos are read-only. A touched file changes the
      // key (a needless recompute, never a stale mean).
      mean ??= photoFingerprint(imageNetClasses().map((c) => join(config.imagesDir, c.file)));
      return mean;
    },
    imageNetMean(size, mode, onProgress) {
      return imageNetMean(this.meanSource().files, size, mode, onProgress);
    },
    generate: (kind, n, inputs, params, onProgress) => GENERATORS[kind](n, inputs, params as never, onProgress),
    perturbation: (a, b, h, w) => perturbationMetrics(a, b, h, w),
    encodePng,
    async subjects(stimuli, params, onProgress) {
      if (!params.simulated) {
        throw new DomainError('BAD_DATA', `study ${study.id}: brain.simulated is false but no importer is configured; real data enters through brain/import`);
      }
      const { simulated: _s, ...rest } = params;
      const sim = simulateSubjects({ ids: stimuli.ids, images: stimuli.batch }, { params: rest as Partial<SimulationParams>, progress: onProgress });
      return [...sim.subjects];
    },
    async selectVertices(subject, a) {
      const sel = selectVertices(subject, { radiusMm: a.searchlightRadiusMm, perHemisphere: a.verticesPerHemisphere, rdmMethod: a.rdmMethod, comparison: a.comparison });
      const count = (roi: string, hemisphere: string): number => subject.vertices.roi.filter((r, i) => r === roi && subject.vertices.hemisphere[i] === hemisphere).length;
      return {
        reliability: Float32Array.from(sel.reliability),
        rois: sel.selected.map((s) => ({ roi: s.roi, hemisphere: s.hemisphere, selected: s.indices, nVertices: count(s.roi, s.hemisphere) })),
      };
    },
    rdm: (patterns, method) => rdmVector(patterns, method),
    similarity: (input, options) => similarityStatistics(input, { ...options, workers: config.workers, ...(GRAM_MODULE ? { gramModule: GRAM_MODULE } : {}) }),
    trend: (pair, layers, values) => trendRecord(pair, layers, values),
    async searchlight(subject, a, onProgress) {
      // One flat patch per hemisphere (separate origins): disks never cross hemispheres.
      const p = subjectToPayload(subject);
      const maps: SearchlightMap[] = [];
      for (const [h, hemisphere] of HEMISPHERES.entries()) {
        const idx = Int32Array.from(subject.vertices.ids.map((_, i) => i).filter((i) => subject.vertices.hemisphere[i] === hemisphere));
        if (idx.length === 0) continue;
        const x = Float64Array.from(idx, (i) => subject.vertices.x[i]!);
        const y = Float64Array.from(idx, (i) => subject.vertices.y[i]!);
        const input = { RE: roiPatterns(p, idx, 'RE'), AN: roiPatterns(p, idx, 'AN'), AI: roiPatterns(p, idx, 'AI') };
        const values = searchlightSimilarity(input, diskNeighbours(x, y, a.searchlightRadiusMm), { rdmMethod: a.rdmMethod, comparison: a.comparison });
        for (const [pair, v] of values) {
          maps.push(searchlightRecord({
            subject: subject.id, hemisphere, pair, radiusMm: a.searchlightRadiusMm, vertexIds: Array.from(idx, (i) => subject.vertices.ids[i]!),
            x, y, roi: Array.from(idx, (i) => subject.vertices.roi[i] ?? null), values: v,
          }));
        }
        onProgress({ stage: 'searchlight', done: h + 1, total: HEMISPHERES.length, detail: hemisphere });
      }
      return maps;
    },
    async encoding(input, a, onProgress) {
      // Options beyond the shared draws/permutations/fraction/seed come from the study's analysis.encoding
      // (families, readings, rompK, ridgeAlphas), when present.
      const extra = (a.encoding ?? {}) as EncodingOptions;
      onProgress({ stage: 'encoding', done: 0, total: 1, detail: input.layer });
      const r = await encodingStatisticsParallel({ layer: input.layer, features: input.features }, input.sources, { ...extra, draws: a.draws, permutations: a.permutations, fraction: a.fraction, seed: a.seed }, config.workers);
      onProgress({ stage: 'encoding', done: 1, total: 1 });
      return r;
    },
    power: (roi, differences) => powerRecord(roi, [...differences]),
  };
}

/**
 * The Gram product of the similarity draws: compute/gram-wasm.ts (WebAssembly SIMD, exact: the same bits as the
 * float64 JS product, ~4x faster on 40 x 160k rank rows) by default; ARSA_GRAM=js for the JS one, ARSA_GRAM=tfjs
 * for compute/gram-tfjs.ts (float32, no faster for this shape). Only in the compiled build (worker threads import
 * the module by URL from dist/).
 */
const GRAM_MODULES: Record<string, string | undefined> = { js: undefined, tfjs: '../../compute/gram-tfjs.js', wasm: '../../compute/gram-wasm.js' };
const gramChoice = process.env.ARSA_GRAM ?? 'wasm';
if (!(gramChoice in GRAM_MODULES)) throw new DomainError('BAD_USER_INPUT', `ARSA_GRAM '${gramChoice}' is not a Gram product; valid: ${Object.keys(GRAM_MODULES).join(', ')}`);
const GRAM_MODULE = GRAM_MODULES[gramChoice] && import.meta.url.endsWith('.js') ? new URL(GRAM_MODULES[gramChoice]!, import.meta.url).href : undefined;

/** sha256 over "name size mtime" of each file (cheap: no file is read); a missing file is refused naming it. */
function photoFingerprint(files: string[]): { files: string[]; checksum: string } {
  const lines = files.map((f) => {
    try {
      const st = statSync(f);
      return `${f.slice(f.lastIndexOf('/') + 1)} ${st.size} ${Math.round(st.mtimeMs)}`;
    } catch {
      throw new DomainError('BAD_DATA', `${f} is missing`);
    }
  });
  return { files, checksum: `stat:${sha256(lines.join('\n'))}` };
}
