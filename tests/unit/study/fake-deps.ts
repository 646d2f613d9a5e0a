import type { PixelBatch } from '../../../server/src/core/image.js';
import { matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { rdmVector } from '../../../server/src/analysis/rdm.js';
import { similarityStatistics } from '../../../server/src/analysis/similarity.js';
import { trendsOverLayers } from '../../../server/src/analysis/layer-trends.js';
import { powerRecord } from '../../../server/src/analysis/power.js';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { subjectIds } from '../../../server/src/brain/simulate/simulate.js';
import type { Network, NetworkSpec } from '../../../server/src/networks/types.js';
import type { PipelineDeps } from '../../../server/src/study/pipeline/deps.js';
import type { Hemisphere, RoiName } from '../../../server/src/domain/vocabulary.js';

/**
 * Small, fast stand-ins for the domain modules, so the whole graph runs in a second: a "network" whose units are
 * fixed functions of the pixels, images from seeded noise, two simulated subjects with a signal shared by
 * stimuli of the same category. The analysis functions are the real ones (pure and quick at this size).
 * `calls` counts what ran, so tests can check that a warm store computes nothing.
 */
export const SIZE = 4;
export const LAYERS = [
  { name: 'l1', ordinal: 1, units: 12 },
  { name: 'l2', ordinal: 2, units: 10 },
  { name: 'l3', ordinal: 3, units: 9 },
  { name: 'out', ordinal: 9, units: 6 },
  // An extra read-out (ordinal outside 1..9): listed last, left out of trends and encoding.
  { name: 'extra', ordinal: 0, units: 5 },
];

export function fakeSpec(): NetworkSpec {
  return {
    name: 'fake_net', description: 'a fake network for tests', inputSize: SIZE,
    layers: LAYERS.map((l) => ({ name: l.name, ordinal: l.ordinal, activation: 'linear' as const, shape: [l.units], units: l.units, description: `layer ${l.name}` })),
    labels: Array.from({ length: 1000 }, (_, i) => `class${i}`), weightsSha256: 'f'.repeat(64), preprocessing: 'none',
  };
}

function probsOf(b: PixelBatch): Float32Array {
  const per = b.height * b.width * 3;
  const out = new Float32Array(b.n * 1000);
  for (let i = 0; i < b.n; i++) {
    let s = 0;
    for (let k = 0; k < per; k++) s += b.data[i * per + k]!;
    const top = Math.floor(s) % 1000;
    out.fill(0.5 / 999, i * 1000, (i + 1) * 1000);
    out[i * 1000 + top] = 0.5;
  }
  return out;
}

export function fakeNetwork(calls: Record<string, number>): Network {
  const spec = fakeSpec();
  return {
    spec, backend: 'fake',
    async classify(b) { calls.classify = (calls.classify ?? 0) + 1; return { probs: matrix(b.n, 1000, probsOf(b)) }; },
    async activations(b, layers) {
      calls.activations = (calls.activations ?? 0) + 1;
      const per = b.height * b.width * 3;
      const out: Record<string, ReturnType<typeof matrix<Float32Array>>> = {};
      for (const name of layers) {
        const l = LAYERS.find((x) => x.name === name)!;
        const data = new Float32Array(b.n * l.units);
        for (let i = 0; i < b.n; i++) for (let j = 0; j < l.units; j++) data[i * l.units + j] = Math.sin(b.data[i * per + ((j * 7 + l.ordinal) % per)]! / 40 + j) * l.ordinal;
        out[name] = matrix(b.n, l.units, data);
      }
      return out;
    },
    async inputGradient() { throw new Error('not used'); },
    async dispose() { calls.dispose = (calls.dispose ?? 0) + 1; },
  };
}

function pixels(seed: string, n: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(rng.uniform() * 256));
}

export function fakeDeps(calls: Record<string, number> = {}, opts: { failIn?: string } = {}): PipelineDeps & { calls: Record<string, number> } {
  const count = (k: string): void => { calls[k] = (calls[k] ?? 0) + 1; if (opts.failIn === k) throw new Error(`${k} exploded`); };
  const rois: RoiName[] = ['V1', 'LO'];
  const hemis: Hemisphere[] = ['LH', 'RH'];
  return {
    calls,
    async network() { count('network'); return fakeNetwork(calls); },
    networkFingerprint: async () => ({ model: 'fake-files' }),
    async release() {},
    async loadImages(files, size) {
      count('loadImages');
      const per = size * size * 3;
      const data = new Float32Array(files.length * per);
      files.forEach((f, i) => data.set(pixels(f, per), i * per));
      return { n: files.length, height: size, width: size, data };
    },
    meanSource: async () => ({ files: ['a', 'b'], checksum: 'c0ffee' }),
    async imageNetMean(size) { count('mean'); return new Float32Array(size * size * 3).fill(120); },
    async generate(kind, net, inputs, params, onProgress) {
      count(`generate.${kind}`);
      const per = inputs.re.height * inputs.re.width * 3;
      return Array.from({ length: inputs.re.n }, (_, i) => {
        const rng = new Rng(`${kind}:${i}`);
        const image = new Uint8Array(per);
        for (let k = 0; k < per; k++) {
          const base = kind === 'AN' ? inputs.mean[k]! : inputs.re.data[i * per + k]!;
          image[k] = Math.max(0, Math.min(255, Math.round(base + (rng.uniform() - 0.5) * (kind === 'AN' ? 200 : 10))));
        }
        onProgress({ stage: kind, done: i + 1, total: inputs.re.n });
        const probs = new Float32Array(1000).fill(0.001);
        return { kind, index: i, targetClass: kind === 'AN' ? inputs.classes[i]! : inputs.targets[i]!, image, steps: 3, evaluations: 3, converged: true, targetProbability: 0.99, probs, seed: `${kind}:${i}` };
      });
    },
    perturbation: (a, b) => ({ l2: a.length, linf: b.length, psnr: 30, ssim: 0.9 }),
    async encodePng(rgb) { return Uint8Array.from([137, 80, 78, 71, ...Array.from(rgb.subarray(0, 4), Math.round)]); },
    async subjects(stimuli, params, onProgress) {
      count('subjects');
      return Array.from({ length: params.subjects }, (_, s): SubjectData => {
        const rng = new Rng(`subject${s}`);
        const ids: string[] = [];
        const roi: RoiName[] = [];
        const hemisphere: Hemisphere[] = [];
        for (const r of rois) for (const h of hemis) for (let v = 0; v < 6; v++) { ids.push(`${r}-${h}-${v}`); roi.push(r); hemisphere.push(h); }
        const nV = ids.length;
        const nS = stimuli.ids.length;
        // A category signal shared by RE, AN and AI of one source, plus noise per trial.
        const signal = new Map<string, Float64Array>();
        const betas = new Float32Array(2 * nS * nV);
        for (let t = 0; t < 2; t++) {
          stimuli.ids.forEach((id, i) => {
            const src = id.replace(/^[A-Z_]+-/, '');
            if (!signal.has(src)) signal.set(src, Float64Array.from({ length: nV }, () => rng.normal()));
            const sig = signal.get(src)!;
            for (let v = 0; v < nV; v++) betas[(t * nS + i) * nV + v] = sig[v]! + 0.3 * rng.normal();
          });
        }
        onProgress({ stage: 'subjects', done: s + 1, total: params.subjects });
        return {
          // the simulator's ids (sim01, ...): the ones the stages' params, labels and part names use
          id: subjectIds(params.subjects)[s]!, simulated: true, space: 'flat', stimulusIds: [...stimuli.ids], nTrials: 2, betas,
          vertices: { ids, roi, hemisphere, x: Float64Array.from(ids, (_, i) => i), y: Float64Array.from(ids, (_, i) => -i) },
          source: 'fake', params: { seed: params.seed },
        };
      });
    },
    async selectVertices(subject) {
      count('select');
      const reliability = Float32Array.from(subject.vertices.ids, (_, i) => (i % 6) / 6);
      return {
        reliability,
        rois: rois.flatMap((r) => hemis.map((h) => {
          const idx = subject.vertices.ids.map((_, i) => i).filter((i) => subject.vertices.roi[i] === r && subject.vertices.hemisphere[i] === h);
          return { roi: r, hemisphere: h, nVertices: idx.length, selected: Int32Array.from(idx.slice(-4).reverse()) };
        })),
      };
    },
    rdm: (m, method) => rdmVector(m, method),
    similarity: (input, options) => similarityStatistics(input, { ...options, workers: 1 }),
    trends: (records, layers, pairs) => trendsOverLayers(records, layers, pairs),
    async searchlight(subject) {
      count('searchlight');
      return (['RE_AN', 'RE_AI'] as const).flatMap((pair) => hemis.map((hemisphere) => ({
        subject: subject.id, hemisphere, pair, radiusMm: 3, vertexIds: subject.vertices.ids.slice(0, 2), x: [0, 1], y: [0, 1], roi: ['V1', null], values: [0.1, 0.2],
      })));
    },
    async encoding(input) {
      count('encoding');
      const records = input.sources.flatMap((src) => (['AN', 'AI'] as const).map((testKind) => ({
        subject: src.subject, roi: src.roi, layer: input.layer, family: 'ROMP' as const, testKind, reading: 'ACROSS_VERTICES' as const,
        r: input.features.RE.rows / 100, ciLow: 0, ciHigh: 0.1, p: 0.5, scores: [src.responses.RE.cols],
      })));
      return { records, comparisons: [] };
    },
    power: (roi, differences) => powerRecord(roi, [...differences]),
  };
}
