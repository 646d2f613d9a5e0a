import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../../server/src/config/config.js';
import { loadBatch } from '../../../server/src/core/image.js';
import { matrix } from '../../../server/src/core/matrix.js';
import { loadNetwork } from '../../../server/src/networks/load.js';
import type { ImageBatch, Network } from '../../../server/src/networks/types.js';
import { BatchingNetwork } from '../../../server/src/stimuli/generate/batcher.js';

const S = 4;
const PER = S * S * 3;

/** A lane that answers after `delay` ms: probs[0] = the image's first pixel; records each batch it receives. */
function fakeLane(name: string, log: { lane: string; n: number; method: string }[], delay: number): Network {
  const answer = (b: ImageBatch) => {
    const probs = new Float32Array(b.n * 1000);
    for (let i = 0; i < b.n; i++) probs[i * 1000] = b.data[i * PER]!;
    return matrix(b.n, 1000, probs);
  };
  const wait = () => new Promise((r) => setTimeout(r, delay));
  return {
    spec: { name: 'fake', description: '', inputSize: S, layers: [], labels: [], weightsSha256: '', preprocessing: '' },
    backend: 'cpu',
    async classify(b) { log.push({ lane: name, n: b.n, method: 'classify' }); await wait(); return { probs: answer(b) }; },
    async inputGradient(b) { log.push({ lane: name, n: b.n, method: 'inputGradient' }); await wait(); return { grad: Float32Array.from(b.data, (v) => 2 * v), probs: answer(b) }; },
    async activations() { throw new Error('unused'); },
    async dispose() {},
  };
}

const image = (v: number) => ({ n: 1, height: S, width: S, data: new Float32Array(PER).fill(v) });

describe('BatchingNetwork', () => {
  it('spreads concurrent single-image calls over every lane in batches, and answers each caller its own image', async () => {
    const log: { lane: string; n: number; method: string }[] = [];
    const lanes = [fakeLane('a', log, 5), fakeLane('b', log, 5)];
    const b = new BatchingNetwork({ ...lanes[0]!, lanes: () => lanes });
    expect(b.lanes).toBe(2);
    const probs = await Promise.all(Array.from({ length: 10 }, (_, i) => b.classify(image(i))));
    probs.forEach((r, i) => expect(r.probs.data[0]).toBe(i));
    // ten waiting images, two free lanes: five each, in one call per lane
    expect(log.map((e) => `${e.lane}:${e.n}`).sort()).toEqual(['a:5', 'b:5']);
  });

  it('sends input gradients in batches of at most 2 (a worker heap holds its largest backward pass for good)', async () => {
    const log: { lane: string; n: number; method: string }[] = [];
    const lanes = [fakeLane('a', log, 5), fakeLane('b', log, 5)];
    const b = new BatchingNetwork({ ...lanes[0]!, lanes: () => lanes });
    const out = await Promise.all(Array.from({ length: 9 }, (_, i) => b.inputGradient(image(i), Int32Array.of(i), 'logprob')));
    out.forEach((r, i) => {
      expect(r.probs.data[0]).toBe(i);
      expect(r.grad[PER - 1]).toBe(2 * i);
    });
    expect(log.map((e) => e.n).sort()).toEqual([1, 2, 2, 2, 2]);
    expect(new Set(log.map((e) => e.lane))).toEqual(new Set(['a', 'b']));
  });

  it('keeps a free lane working while the other is busy, and never mixes methods in one batch', async () => {
    const log: { lane: string; n: number; method: string }[] = [];
    // the first request goes to the last lane listed: the slow one, which then holds it for 150 ms
    const lanes = [fakeLane('fast', log, 1), fakeLane('slow', log, 150)];
    const b = new BatchingNetwork({ ...lanes[0]!, lanes: () => lanes });
    const finished: number[] = [];
    const chain = async (v: number, steps: number) => {
      for (let s = 0; s < steps; s++) await b.classify(image(v));
      const p = (await b.inputGradient(image(v), Int32Array.of(0), 'prob')).probs.data[0];
      finished.push(v);
      return p;
    };
    expect(await Promise.all([chain(1, 1), chain(2, 6)])).toEqual([1, 2]);
    // the six-step chain ran on the fast lane, all of it while the slow lane held the other chain's first call
    expect(finished).toEqual([2, 1]);
    expect(log.filter((e) => e.lane === 'fast').map((e) => `${e.method}:${e.n}`)).toEqual([...Array(6).fill('classify:1'), 'inputGradient:1']);
  });

  it('passes a lane failure to every caller of that batch', async () => {
    const lane: Network = { ...fakeLane('x', [], 1), classify: async () => { throw new Error('worker died'); } };
    const b = new BatchingNetwork(lane);
    await expect(Promise.all([b.classify(image(1)), b.classify(image(2))])).rejects.toThrow('worker died');
  });
});

// Exactness rests on this: a network's answer for one image does not depend on the other images of its batch.
const built = existsSync(join(PROJECT_ROOT, 'dist', 'server', 'src', 'networks', 'workers', 'worker.js'));
const FILES = ['n01818515_macaw.JPEG', 'n01440764_tench.JPEG', 'n01443537_goldfish.JPEG', 'n02504458_African_elephant.JPEG', 'n01530575_brambling.JPEG'];

describe('BatchingNetwork over the worker pool (mobilenet_v1_025, 2 workers)', () => {
  let pool: Network;
  beforeAll(async () => {
    expect(built, 'run `npm run build` first (npm test does)').toBe(true);
    pool = await loadNetwork({ ...loadConfig(), workers: 2 }, { name: 'mobilenet_v1_025' }, { pool: true });
  });
  afterAll(async () => pool?.dispose());

  it('gives the same bits as one whole batch on the pool, for gradients and probabilities', async () => {
    const config = loadConfig();
    const batch = await loadBatch(FILES.map((f) => join(config.imagesDir, f)), 128);
    const classes = Int32Array.from([88, 0, 1, 386, 10]);
    const whole = await pool.inputGradient(batch, classes, 'logprob');
    const wholeProbs = await pool.classify(batch);
    const b = new BatchingNetwork(pool);
    expect(b.lanes).toBe(2);
    const per = 128 * 128 * 3;
    const one = (i: number) => ({ n: 1, height: 128, width: 128, data: batch.data.slice(i * per, (i + 1) * per) });
    const parts = await Promise.all(FILES.map((_, i) => b.inputGradient(one(i), classes.subarray(i, i + 1), 'logprob')));
    const probs = await Promise.all(FILES.map((_, i) => b.classify(one(i))));
    parts.forEach((p, i) => {
      expect(p.grad).toEqual(whole.grad.subarray(i * per, (i + 1) * per));
      expect(p.probs.data).toEqual(whole.probs.data.subarray(i * 1000, (i + 1) * 1000));
      expect(probs[i]!.probs.data).toEqual(wholeProbs.probs.data.subarray(i * 1000, (i + 1) * 1000));
    });
  });
});
