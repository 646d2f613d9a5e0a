import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { sha256 } from '../../core/hash.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import { encodePng, loadBatch } from '../../core/image.js';
import { loadNetwork } from '../../networks/load.js';
import type { Network } from '../../networks/types.js';
import { FileHasher } from '../../store/file-hash.js';
import { simulateSubjectsParallel } from '../../brain/simulate/simulate-parallel.js';
import type { SimulationParams } from '../../brain/simulate/params.js';
import { selectVertices } from '../../brain/select.js';
import { rdmVector } from '../../analysis/rdm.js';
import { similarityStatistics } from '../../analysis/similarity.js';
import { trendsOverLayers } from '../../analysis/layer-trends.js';
import { powerRecord } from '../../analysis/power.js';
import type { EncodingOptions } from '../../analysis/encoding/encoding-stats.js';
import { encodingStatisticsParallel } from '../../analysis/encoding/encoding-parallel.js';
import { imageNetMean } from '../../stimuli/mean.js';
import { imageNetClasses } from '../../stimuli/classes.js';
import { GENERATORS } from '../../stimuli/generate/index.js';
import { perturbationMetrics } from '../../stimuli/metrics.js';
import type { StudyDefinition } from '../definition/definition.js';
import { diskNeighbours, searchlightRecord } from '../../analysis/searchlight.js';
import { searchlightMany } from '../../analysis/searchlight-parallel.js';
import { HEMISPHERES } from '../../domain/vocabulary.js';
import { type SearchlightMap } from '../../domain/records.js';
import { roiPatterns, subjectToPayload } from './brain-stages.js';
import type { PipelineDeps } from './deps.js';
import { resolveStudyNetwork, type StudyNetwork } from './network-ref.js';

/**
 * The real domain modules behind PipelineDeps. The network is loaded on first use (a warm store never loads it)
 * and shared by every stage of the run; `release` disposes it (worker threads included). `hasher` (the store's,
 * store/file-hash.ts) gives the content hashes that key the network and the mean; without one, files are hashed
 * once per process.
 */
export function domainDeps(config: Config, study: StudyDefinition, log: (line: string) => void = () => {}, hasher: FileHasher = new FileHasher()): PipelineDeps {
  let net: Promise<Network> | undefined;
  let mean: Promise<{ files: string[]; checksum: string }> | undefined;
  let resolved: Promise<StudyNetwork> | undefined;
  const studyNetwork = (): Promise<StudyNetwork> => {
    resolved ??= resolveStudyNetwork(config, study, hasher);
    resolved.catch(() => { resolved = undefined; });
    return resolved;
  };
  const gram = gramModule(config);
  const romp = rompModule(config);
  return {
    network() {
      net ??= studyNetwork().then((n) => loadNetwork(config, n.ref, { log })).catch((e: unknown) => {
        // Wrong-architecture weights are found here, in the first stage of a run: say for which network.
        if (isDomainError(e) && e.code === 'BAD_WEIGHTS') throw new DomainError('BAD_WEIGHTS', `study ${study.id}: the weights do not fit network ${config.network ?? study.network}: ${e.message}`, e.details);
        throw e;
      });
      net.catch(() => { net = undefined; });
      return net;
    },
    async networkFingerprint() {
      // The content of the files this network reads (its TFLite file or the user's weights, and the labels).
      return (await studyNetwork()).checksums;
    },
    async release() {
      const n = net;
      net = undefined;
      if (n) await (await n).dispose();
    },
    loadImages: (files, size, mode) => loadBatch(files, size, mode),
    meanSource() {
      // The mean's key is the content of its 1000 photos: hashed once (1.5 s), then cached by path, size and
      // mtime in the store, so later starts only stat them and a copied photo directory keeps the key.
      mean ??= (async () => {
        const files = imageNetClasses().map((c) => join(config.imagesDir, c.file));
        const sums: string[] = [];
        for (const f of files) sums.push(await hasher.hash(f, 'ImageNet photo'));
        return { files, checksum: sha256(sums.join('\n')) };
      })();
      mean.catch(() => { mean = undefined; });
      return mean;
    },
    async imageNetMean(size, mode, onProgress) {
      return imageNetMean((await this.meanSource()).files, size, mode, onProgress);
    },
    generate: (kind, n, inputs, params, onProgress) => GENERATORS[kind](n, inputs, params as never, onProgress),
    perturbation: (a, b, h, w) => perturbationMetrics(a, b, h, w),
    encodePng,
    async subjects(stimuli, params, onProgress) {
      if (!params.simulated) {
        throw new DomainError('BAD_DATA', `study ${study.id}: brain.simulated is false but no importer is configured; real data enters through brain/import`);
      }
      const { simulated: _s, ...rest } = params;
      const sim = await simulateSubjectsParallel({ ids: stimuli.ids, images: stimuli.batch }, { params: rest as Partial<SimulationParams>, progress: onProgress }, config.workers);
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
    similarity: (input, options) => similarityStatistics(input, { ...options, workers: config.workers, ...(gram ? { gramModule: gram } : {}) }),
    trends: (records, layers, pairs) => trendsOverLayers(records, layers, pairs),
    async searchlight(subject, a, onProgress) {
      // One flat patch per hemisphere (separate origins): disks never cross hemispheres.
      const p = subjectToPayload(subject);
      // the hemispheres side by side, one worker each (searchlight-parallel.ts: the same maps as in turn)
      const patches = HEMISPHERES.map((hemisphere) => {
        const idx = Int32Array.from(subject.vertices.ids.map((_, i) => i).filter((i) => subject.vertices.hemisphere[i] === hemisphere));
        const x = Float64Array.from(idx, (i) => subject.vertices.x[i]!);
        const y = Float64Array.from(idx, (i) => subject.vertices.y[i]!);
        return { hemisphere, idx, x, y };
      }).filter((h) => h.idx.length > 0);
      let finished = 0;
      const values = await searchlightMany(patches.map(({ idx, x, y }) => ({
        input: { RE: roiPatterns(p, idx, 'RE'), AN: roiPatterns(p, idx, 'AN'), AI: roiPatterns(p, idx, 'AI') },
        neighbours: diskNeighbours(x, y, a.searchlightRadiusMm),
        options: { rdmMethod: a.rdmMethod, comparison: a.comparison },
      })), config.workers, (h) => onProgress({ stage: 'searchlight', done: ++finished, total: patches.length, detail: patches[h]!.hemisphere }));
      const maps: SearchlightMap[] = [];
      patches.forEach(({ hemisphere, idx, x, y }, h) => {
        for (const [pair, v] of values[h]!) {
          maps.push(searchlightRecord({
            subject: subject.id, hemisphere, pair, radiusMm: a.searchlightRadiusMm, vertexIds: Array.from(idx, (i) => subject.vertices.ids[i]!),
            x, y, roi: Array.from(idx, (i) => subject.vertices.roi[i] ?? null), values: v,
          }));
        }
      });
      return maps;
    },
    async encoding(input, a, onProgress) {
      // Options beyond the shared draws/permutations/fraction/seed come from the study's analysis.encoding
      // (families, readings, rompK, ridgeAlphas), when present.
      const extra = (a.encoding ?? {}) as EncodingOptions;
      onProgress({ stage: 'encoding', done: 0, total: 1, detail: input.layer });
      const kernels = romp ? { kernelModule: romp } : {};
      const r = await encodingStatisticsParallel({ layer: input.layer, features: input.features }, input.sources, { ...extra, draws: a.draws, permutations: a.permutations, fraction: a.fraction, seed: a.seed, ...kernels }, config.workers);
      onProgress({ stage: 'encoding', done: 1, total: 1 });
      return r;
    },
    power: (roi, differences) => powerRecord(roi, [...differences]),
  };
}

/**
 * The Gram product of the similarity draws (config.gram: ARSA_GRAM, --gram): analysis/kernels/gram-wasm.ts
 * (WebAssembly SIMD, exact: the same bits as the float64 JS product, ~2-4x faster on 40 x 160k rank rows) by
 * default; 'js' for the JS one; 'tfjs' for compute/gram-tfjs.ts (float32, no faster for this shape). The modules
 * load only in the compiled build (worker threads import them by URL from dist/); from sources the JS one runs.
 */
const GRAM_MODULES = { js: undefined, tfjs: '../../compute/gram-tfjs.js', wasm: '../../analysis/kernels/gram-wasm.js' } as const satisfies Record<Config['gram'], string | undefined>;

function gramModule(config: Config): string | undefined {
  const rel = GRAM_MODULES[config.gram];
  return rel && import.meta.url.endsWith('.js') ? new URL(rel, import.meta.url).href : undefined;
}

/**
 * ROMP's scoring rounds (the encoding models' main cost): analysis/kernels/romp-wasm.ts (WebAssembly SIMD, the JS
 * scores to the bit) when the similarity draws use the wasm kernels (config.gram 'wasm', the default), else JS.
 */
function rompModule(config: Config): string | undefined {
  return config.gram === 'wasm' && import.meta.url.endsWith('.js') ? new URL('../../analysis/kernels/romp-wasm.js', import.meta.url).href : undefined;
}
