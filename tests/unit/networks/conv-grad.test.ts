import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/src/compute/backend.js';
import { conv2dAct, convParams, depthwiseAct, disposeConvParams } from '../../../server/src/networks/layers/conv.js';

interface Case {
  kind: 'depthwise' | 'conv'; stride: number; pad: 'same' | 'valid';
  xShape: number[]; filterShape: number[]; yShape: number[]; x: number[]; filter: number[]; w: number[]; grad: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/networks/conv_grads.json', import.meta.url), 'utf8')) as { tolerance: number; cases: Case[] };

beforeAll(async () => {
  // wasm is the backend without a native depthwise input gradient: the hand-written one must carry it.
  expect(await initBackend('wasm')).toBe('wasm');
});

function objective(c: Case, act: 'linear' | 'relu6' = 'linear') {
  const filter = tf.tensor4d(c.filter, c.filterShape as [number, number, number, number]);
  const p = convParams(filter, undefined, [c.stride, c.stride], c.pad, act, c.kind === 'depthwise');
  const w = tf.tensor(c.w, c.yShape);
  const op = c.kind === 'depthwise' ? depthwiseAct : conv2dAct;
  const f = (x: tf.Tensor) => tf.sum(tf.mul(op(x as tf.Tensor4D, p), w));
  return { f, dispose: () => { disposeConvParams(p); w.dispose(); } };
}

describe('hand-written input gradients of convolutions (wasm)', () => {
  it.each(fixture.cases.map((c, i) => [`${i}: ${c.kind} stride ${c.stride} ${c.pad} ${c.xShape.join('x')}`, c] as const))('matches PyTorch autograd: %s', (_name, c) => {
    const before = tf.memory().numTensors;
    const { f, dispose } = objective(c);
    const x = tf.tensor4d(c.x, c.xShape as [number, number, number, number]);
    const g = tf.grad(f)(x);
    const got = g.dataSync();
    tf.dispose([g, x]);
    dispose();
    let maxErr = 0;
    c.grad.forEach((v, i) => { maxErr = Math.max(maxErr, Math.abs(v - got[i]!)); });
    expect(got.length).toBe(c.grad.length);
    expect(maxErr).toBeLessThan(fixture.tolerance);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('agrees with a central finite difference through a relu6 (depthwise, stride 2)', () => {
    const c = fixture.cases[1]!;
    const { f, dispose } = objective(c, 'relu6');
    const x0 = Float32Array.from(c.x);
    const x = tf.tensor4d(x0, c.xShape as [number, number, number, number]);
    const g = tf.grad(f)(x).dataSync();
    const eps = 1e-2;
    const value = (arr: Float32Array) => tf.tidy(() => f(tf.tensor4d(arr, c.xShape as [number, number, number, number])).dataSync()[0]!);
    for (const i of [0, 7, 33, 64, x0.length - 1]) {
      const plus = x0.slice(); plus[i]! += eps;
      const minus = x0.slice(); minus[i]! -= eps;
      // Away from the relu6 kinks the difference quotient is the derivative (the objective is piecewise linear).
      expect(Math.abs((value(plus) - value(minus)) / (2 * eps) - g[i]!)).toBeLessThan(2e-2);
    }
    x.dispose();
    dispose();
  });
});
