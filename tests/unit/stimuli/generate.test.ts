import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../server/src/core/rng.js';
import type { ImageBatch } from '../../../server/src/networks/types.js';
import { GENERATORS, type GenerationInputs, type GradientParams, type RandomSearchParams } from '../../../server/src/stimuli/generate/index.js';
import { perturbationMetrics } from '../../../server/src/stimuli/metrics.js';
import { tinyNetwork } from './tiny-network.js';

const S = 16;
const N = 4;
let net: Awaited<ReturnType<typeof tinyNetwork>>;
let inputs: GenerationInputs;

/** Smooth random "photos" and a flat mean, integral pixels. */
function fakeInputs(): GenerationInputs {
  const rng = new Rng('photos');
  const data = new Float32Array(N * S * S * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(40 + 170 * rng.uniform());
  const re: ImageBatch = { n: N, height: S, width: S, data };
  return { re, classes: Int32Array.from([3, 17, 500, 999]), targets: Int32Array.from([40, 339, 736, 998]), mean: new Float32Array(S * S * 3).fill(117) };
}

const AN: GradientParams = { seed: 1, objective: 'logprob', lambda: 1e-7, stepSize: 4, initNoiseStd: 2, threshold: 0.99, maxSteps: 300 };
const AI: RandomSearchParams = { seed: 2, proposal: 'uniform', amplitude: 5, candidates: 8, antithetic: true, threshold: 0.5, maxSteps: 400 };
const CONTROL: GradientParams = { seed: 3, objective: 'logprob', lambda: 1e-7, stepSize: 1, initNoiseStd: 0, threshold: 0.99, maxSteps: 300 };

beforeAll(async () => {
  net = await tinyNetwork();
  inputs = fakeInputs();
});
afterAll(async () => net.dispose());

async function probsOf(image: Uint8Array): Promise<Float32Array> {
  const { probs } = await net.classify({ n: 1, height: S, width: S, data: Float32Array.from(image) });
  return probs.data;
}

describe('generators on a tiny network', () => {
  it('AN: every image reaches p(RE class) > 0.99, and the stored bytes carry that probability', async () => {
    const before = net.numTensors();
    const out = await GENERATORS.AN(net, inputs, AN);
    expect(net.numTensors()).toBe(before);
    expect(out.map((r) => r.converged)).toEqual([true, true, true, true]);
    for (const r of out) {
      expect(r.kind).toBe('AN');
      expect(r.targetClass).toBe(inputs.classes[r.index]);
      expect(r.targetProbability).toBeGreaterThan(0.99);
      expect((await probsOf(r.image))[r.targetClass]).toBeCloseTo(r.targetProbability, 6);
      expect(r.steps).toBeGreaterThan(0);
      expect(r.seed).toBe(`AN:1:${inputs.classes[r.index]}`);
    }
  });

  it('AI: the target becomes top-1 with p > 0.5, close to the RE image', async () => {
    const out = await GENERATORS.AI(net, inputs, AI);
    for (const r of out) {
      expect(r.converged).toBe(true);
      expect(r.targetProbability).toBeGreaterThan(0.5);
      const p = await probsOf(r.image);
      expect(p.indexOf(Math.max(...p))).toBe(inputs.targets[r.index]);
      expect(p[r.targetClass]).toBeCloseTo(r.targetProbability, 6);
      const re = inputs.re.data.subarray(r.index * S * S * 3, (r.index + 1) * S * S * 3);
      const m = perturbationMetrics(re, r.image, S, S);
      expect(m.psnr).toBeGreaterThan(20);
      expect(r.evaluations).toBe(1 + r.steps * AI.candidates);
    }
  });

  it('AI_CONTROL: gradient ascent from the RE image reaches p(target) > 0.99', async () => {
    const out = await GENERATORS.AI_CONTROL(net, inputs, CONTROL);
    for (const r of out) {
      expect(r.converged).toBe(true);
      expect(r.targetClass).toBe(inputs.targets[r.index]);
      expect(r.targetProbability).toBeGreaterThan(0.99);
    }
  });

  it('is deterministic: same inputs and parameters give the same bytes, and one image alone gives the same result', async () => {
    const a = await GENERATORS.AI(net, inputs, { ...AI, maxSteps: 5 });
    const b = await GENERATORS.AI(net, inputs, { ...AI, maxSteps: 5 });
    expect(a.map((r) => Buffer.from(r.image).toString('base64'))).toEqual(b.map((r) => Buffer.from(r.image).toString('base64')));
    const one: GenerationInputs = {
      re: { n: 1, height: S, width: S, data: inputs.re.data.slice(2 * S * S * 3, 3 * S * S * 3) },
      classes: inputs.classes.slice(2, 3), targets: inputs.targets.slice(2, 3), mean: inputs.mean,
    };
    const c = await GENERATORS.AI(net, one, { ...AI, maxSteps: 5 });
    expect(Buffer.from(c[0]!.image)).toEqual(Buffer.from(a[2]!.image));
    const d = await GENERATORS.AN(net, inputs, { ...AN, maxSteps: 3 });
    const e = await GENERATORS.AN(net, inputs, { ...AN, maxSteps: 3 });
    expect(d.map((r) => Array.from(r.image))).toEqual(e.map((r) => Array.from(r.image)));
    const f = await GENERATORS.AN(net, inputs, { ...AN, seed: 9, maxSteps: 3 });
    expect(Array.from(f[0]!.image)).not.toEqual(Array.from(d[0]!.image));
  });

  it('marks images that hit the step limit as failed, never as converged', async () => {
    const out = await GENERATORS.AN(net, inputs, { ...AN, maxSteps: 1 });
    for (const r of out) {
      expect(r.converged).toBe(false);
      expect(r.steps).toBe(1);
      expect(r.targetProbability).toBeLessThanOrEqual(0.99);
      expect(r.image.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    }
  });

  it('refuses inputs of the wrong size', async () => {
    const bad = { ...inputs, mean: new Float32Array(10) };
    await expect(GENERATORS.AN(net, bad, AN)).rejects.toThrow(/mean image has 10 values, expected 768/);
  });
});

describe('AI proposals', () => {
  it('gradient_sign reaches the target with few steps, each pixel moved by at most the amplitude per step', async () => {
    const params: RandomSearchParams = { ...AI, proposal: 'gradient_sign', candidates: 3, antithetic: false };
    const out = await GENERATORS.AI(net, inputs, params);
    for (const r of out) {
      expect(r.converged).toBe(true);
      expect(r.targetProbability).toBeGreaterThan(0.5);
      const re = inputs.re.data.subarray(r.index * S * S * 3, (r.index + 1) * S * S * 3);
      expect(perturbationMetrics(re, r.image, S, S).linf).toBeLessThanOrEqual(5 * r.steps + 0.5);
      expect(r.evaluations).toBe(1 + r.steps * 4);
    }
  });

  it('refuses an unknown proposal with the valid list', async () => {
    await expect(GENERATORS.AI(net, inputs, { ...AI, proposal: 'magic' as never })).rejects.toThrow(/unknown AI proposal 'magic'; valid: uniform, gradient_sign/);
  });
});
