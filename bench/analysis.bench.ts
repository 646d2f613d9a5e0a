/**
 * Analysis stage timings (issue 5): the full similarity statistics (RE-AN, RE-AI, RE-AI_CONTROL with 1000 draws of
 * 80 % of units, a label permutation per draw) for every MobileNetV2 read-out at its real size and for 15 subject x
 * ROI sources of 200 vertices, then the encoding stage (3 subjects x 5 ROIs x 8 layers x 200 vertices, ROMP and
 * ridge, both readings, 1000 draws and 1000 permutations, on every worker with ROMP's wasm rounds, as the
 * pipeline). Synthetic activations with the real layer sizes; the same computation in NumPy/SciPy/scikit-learn
 * (bench/analysis_numpy.py) runs after it when /usr/bin/python3 exists.
 *
 * First, one draw against its hardware bound (bench/draw-bound.ts) at block_0's size on synthetic rows (Gaussian,
 * and ReLU-like with ties), then on the real activations (every layer of at least 1000 units) and ROI responses of
 * the default study in a store (bench/store-sources.ts says how it finds one: ARSA_BENCH_STORE, ARSA_STORE, then
 * data/store.sqlite; without one it says so and skips them).
 *
 * Knobs (environment): ARSA_BENCH_DRAWS (default 1000), ARSA_BENCH_LAYERS (comma list of layer names),
 * ARSA_BENCH_SKIP (comma list of: bound, similarity, encoding, numpy), ARSA_WORKERS (default: cores),
 * ARSA_BENCH_GRAM (comma list of Gram products for the similarity draws: wasm = analysis/kernels/gram-wasm.ts (the
 * pipeline's default), js = analysis/gram.ts, tfjs = compute/gram-tfjs.ts; default wasm), ARSA_BENCH_STORE.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelled, matrix, type LabelledMatrix } from '../server/src/core/matrix.js';
import { drawBoundReport } from './draw-bound.js';
import { findStore, storeSources } from './store-sources.js';
import { Rng } from '../server/src/core/rng.js';
import { encodingStatisticsParallel } from '../server/src/analysis/encoding/encoding-parallel.js';
import { trendRecord } from '../server/src/analysis/mann-kendall.js';
import { similarityStatistics } from '../server/src/analysis/similarity.js';
import { ROI_NAMES } from '../server/src/domain/vocabulary.js';

/** MobileNetV2 read-outs at 224 px (networks/mobilenet/stages.ts) and the softmax output. */
export const MOBILENET_V2_LAYERS: readonly [string, number][] = [
  ['block_0', 112 * 112 * 16], ['block_2', 56 * 56 * 24], ['block_5', 28 * 28 * 32], ['block_9', 14 * 14 * 64],
  ['block_12', 14 * 14 * 96], ['block_15', 7 * 7 * 160], ['block_16', 7 * 7 * 320], ['conv_1', 7 * 7 * 1280], ['prob', 1000],
];

const N = 40;
const ids = Array.from({ length: N }, (_, i) => `c${i}`);

/** RE = shared signal; AI = RE + noise; AN = RE + more noise; AI_CONTROL like AI. Float32, ReLU-like for conv_1. */
function kinds(rng: Rng, units: number, relu: boolean): Record<'RE' | 'AN' | 'AI' | 'AI_CONTROL', LabelledMatrix> {
  const base = new Float32Array(N * units);
  for (let q = 0; q < base.length; q++) base[q] = rng.normal();
  const mk = (noise: number): LabelledMatrix => {
    const d = new Float32Array(N * units);
    for (let q = 0; q < d.length; q++) {
      const v = base[q]! + noise * rng.normal();
      d[q] = relu ? Math.max(0, v) : v;
    }
    return labelled(matrix(N, units, d), ids);
  };
  return { RE: mk(0.5), AN: mk(2), AI: mk(1), AI_CONTROL: mk(1) };
}

const secs = (t0: number): string => ((performance.now() - t0) / 1000).toFixed(2);

const ROMP_KERNEL = new URL('../server/src/analysis/kernels/romp-wasm.js', import.meta.url).href;

const GRAMS: Record<string, string | undefined> = {
  js: undefined,
  wasm: new URL('../server/src/analysis/kernels/gram-wasm.js', import.meta.url).href,
  tfjs: new URL('../server/src/compute/gram-tfjs.js', import.meta.url).href,
};

export default async function bench(): Promise<void> {
  const draws = Number(process.env.ARSA_BENCH_DRAWS ?? 1000);
  const workers = Number(process.env.ARSA_WORKERS ?? availableParallelism());
  const skip = new Set((process.env.ARSA_BENCH_SKIP ?? '').split(',').filter(Boolean));
  const only = process.env.ARSA_BENCH_LAYERS?.split(',');
  const layers = MOBILENET_V2_LAYERS.filter(([name]) => !only || only.includes(name));
  const grams = (process.env.ARSA_BENCH_GRAM ?? 'wasm').split(',').filter((g) => g in GRAMS);
  const rng = new Rng(1);
  if (!skip.has('bound')) {
    console.log('one draw vs its hardware bound (best of 5; numpy BLAS on one thread):');
    const units = MOBILENET_V2_LAYERS[0]![1];
    for (const relu of [false, true]) {
      const k = kinds(new Rng(units), units, relu);
      await drawBoundReport(`synthetic ${relu ? 'ReLU' : 'Gaussian'} (block_0 size)`, [k.RE, k.AN, k.AI, k.AI_CONTROL]);
    }
    const store = findStore();
    if (store.path) {
      console.log(`real activations and ROI responses from ${store.path} (${store.how}):`);
      for (const r of await storeSources(store.path)) await drawBoundReport(r.label, r.patterns);
    } else {
      console.log(`real activations skipped: ${store.how}`);
    }
  }
  console.log(`similarity: ${draws} draws, 80 % units, ${workers} worker threads, one_minus_spearman + spearman`);
  if (!skip.has('similarity')) {
    for (const g of grams) {
      const tAll = performance.now();
      const values: number[][] = [[], []];
      console.log(`  Gram product: ${g}`);
      for (const [name, units] of layers) {
        const patterns = kinds(new Rng(units), units, name === 'conv_1' || name === 'prob');
        const t0 = performance.now();
        const gramModule = GRAMS[g];
        // draw throughput from the progress events (first to last draw), apart from the set-up (sorts, workers)
        let tFirst = 0;
        let tLast = 0;
        const onProgress = (done: number): void => {
          if (done === 1) tFirst = performance.now();
          tLast = performance.now();
        };
        const r = await similarityStatistics({ source: { kind: 'layer', layer: name }, patterns }, { draws, seed: 1, workers, onProgress, ...(gramModule ? { gramModule } : {}) });
        values[0]!.push(r.similarities[0]!.value);
        values[1]!.push(r.similarities[1]!.value);
        const s = (performance.now() - t0) / 1000;
        const perDraw = draws > 1 ? (tLast - tFirst) / 1000 / (draws - 1) : s;
        const setup = s - perDraw * draws;
        console.log(`  ${name.padEnd(9)} ${String(units).padStart(7)} units  ${s.toFixed(2).padStart(7)} s (${perDraw.toFixed(3)} s/draw + ${setup.toFixed(1)} s set-up; 1000 draws ~${(setup + 1000 * perDraw).toFixed(0)} s; ${r.gramBackend})  RE-AN ${r.similarities[0]!.value.toFixed(5)} RE-AI ${r.similarities[1]!.value.toFixed(5)} [${r.similarities[1]!.ciLow.toFixed(5)}, ${r.similarities[1]!.ciHigh.toFixed(5)}]`);
      }
      if (values[0]!.length >= 3) trendRecord('RE_AN', layers.map(([n]) => n), values[0]!);
      console.log(`  all layers: ${secs(tAll)} s`);
    }
    const tBrain = performance.now();
    for (let s = 0; s < 15; s++) {
      await similarityStatistics({ source: { kind: 'roi', subject: `S${s % 3}`, roi: ROI_NAMES[s % 5]! }, patterns: kinds(rng, 200, false) }, { draws, seed: 1, workers: 1 });
    }
    console.log(`  15 subject x ROI sources (200 vertices): ${secs(tBrain)} s`);
  }
  if (!skip.has('encoding')) {
    const encLayers = layers.filter(([n]) => n !== 'prob');
    console.log(`encoding: 3 subjects x 5 ROIs x ${encLayers.length} layers x 200 vertices, ROMP (K = 10) and ridge (LOO over 21 alphas), ${draws} draws and permutations, ${workers} worker threads, ROMP rounds ${grams.includes('wasm') ? 'wasm' : 'js'}`);
    const tEnc = performance.now();
    for (const [name, units] of encLayers) {
      const f = kinds(rng, units, name === 'conv_1');
      const sources = Array.from({ length: 15 }, (_, s) => {
        const k = kinds(rng, 200, false);
        return { subject: `S${s % 3}`, roi: ROI_NAMES[s % 5]!, responses: { RE: k.RE, AN: k.AN, AI: k.AI } };
      });
      for (const family of ['ROMP', 'RIDGE'] as const) {
        const t0 = performance.now();
        // as the pipeline runs it: every worker, and ROMP's rounds in the wasm kernel unless ARSA_BENCH_GRAM leaves wasm out
        const kernels = grams.includes('wasm') ? { kernelModule: ROMP_KERNEL } : {};
        await encodingStatisticsParallel({ layer: name, features: { RE: f.RE, AN: f.AN, AI: f.AI } }, sources, { families: [family], draws, permutations: draws, seed: 1, ...kernels }, workers);
        console.log(`  ${name.padEnd(9)} ${family.padEnd(5)} ${secs(t0).padStart(7)} s`);
      }
    }
    console.log(`  encoding stage: ${secs(tEnc)} s`);
  }
  const py = '/usr/bin/python3';
  const script = join(dirname(fileURLToPath(import.meta.url)), '../../bench/analysis_numpy.py');
  if (skip.has('numpy')) return;
  if (!existsSync(py) || !existsSync(script)) {
    console.log(`numpy comparison skipped: ${existsSync(py) ? script : py} not found`);
    return;
  }
  console.log('same computation in NumPy/SciPy/scikit-learn:');
  const env = { ...process.env, ARSA_BENCH_DRAWS: String(draws) };
  try {
    process.stdout.write(execFileSync(py, [script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  } catch (e) {
    console.log(`numpy comparison failed: ${(e as Error).message}`);
  }
}
