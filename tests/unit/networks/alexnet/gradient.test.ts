import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../server/src/compute/backend.js';
import { applyConv, applyDense, disposeConv, frozenConv } from '../../../../server/src/networks/alexnet/layers.js';
import { relMaxDiff } from './helpers.js';

/**
 * The frozen layers' custom input gradients against tfjs's own autodiff of the same composition (conv2d per
 * group, bias, ReLU; matMul, bias, ReLU), on the cpu backend, which has every gradient kernel. Stride-1 layers use
 * the rotated-kernel forward convolution, strided ones conv2dTranspose.
 */
beforeAll(async () => {
  await initBackend('cpu');
});

/** [kernel, stride, pad, groups, inC, outC, side] */
const CONVS: [string, number, number, number, number, number, number, number][] = [
  ['conv2-like 5x5 pad 2, 2 groups', 5, 1, 2, 2, 6, 8, 9],
  ['conv3-like 3x3 pad 1', 3, 1, 1, 1, 4, 6, 7],
  ['conv5-like 3x3 pad 1, 2 groups', 3, 1, 1, 2, 4, 4, 6],
  ['Caffe conv1 11x11 stride 4 valid', 11, 4, 0, 1, 3, 5, 27],
  ['torchvision conv1 11x11 stride 4 pad 2', 11, 4, 2, 1, 3, 5, 24],
];

describe('custom convolution gradient', () => {
  it.each(CONVS)('%s matches autodiff', async (_label, k, stride, pad, groups, inC, outC, side) => {
    const w = tf.randomNormal([outC, inC / groups, k, k], 0, 0.3, 'float32', 1) as tf.Tensor4D;
    const b = tf.randomNormal([outC], 0, 0.3, 'float32', 2) as tf.Tensor1D;
    const x = tf.randomNormal([2, side, side, inC], 0, 1, 'float32', 3) as tf.Tensor4D;
    const conv = frozenConv(w, b, groups, stride, pad);
    const before = tf.memory().numTensors;
    const [mine, ref, yMine, yRef] = tf.tidy(() => {
      const reference = (xx: tf.Tensor4D): tf.Tensor4D => {
        const hwio = tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
        // tf.split into one part has a broken gradient in tfjs 4.22 (SplitV_grad concat of nothing): avoid it.
        const ws = groups === 1 ? [hwio] : (tf.split(hwio, groups, 3) as tf.Tensor4D[]);
        const xs: tf.Tensor4D[] = groups === 1 ? [xx] : (tf.split(xx, groups, 3) as tf.Tensor4D[]);
        return tf.relu(tf.add(tf.concat(xs.map((xg, g) => tf.conv2d(xg, ws[g]!, stride, pad)), 3), b)) as tf.Tensor4D;
      };
      const yR = reference(x);
      const r = tf.randomNormal(yR.shape, 0, 1, 'float32', 4);
      const gMine = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(applyConv(conv, xx as tf.Tensor4D, true), r)))(x);
      const gRef = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(reference(xx as tf.Tensor4D), r)))(x);
      return [gMine, gRef, applyConv(conv, x, true), yR];
    });
    expect(mine.shape).toEqual(x.shape);
    expect(relMaxDiff(await yMine.data(), await yRef.data())).toBeLessThan(1e-5);
    const refData = await ref.data();
    expect(Math.max(...Array.from(refData, Math.abs))).toBeGreaterThan(0.1);
    expect(relMaxDiff(await mine.data(), refData)).toBeLessThan(1e-5);
    tf.dispose([mine, ref, yMine, yRef]);
    expect(tf.memory().numTensors).toBe(before);
    disposeConv(conv);
    tf.dispose([w, b, x]);
  });
});

describe('custom dense gradient', () => {
  it.each([true, false])('relu=%s matches autodiff', async (relu) => {
    const w = tf.randomNormal([12, 7], 0, 0.5, 'float32', 5) as tf.Tensor2D;
    const b = tf.randomNormal([7], 0, 0.5, 'float32', 6) as tf.Tensor1D;
    const x = tf.randomNormal([3, 12], 0, 1, 'float32', 7) as tf.Tensor2D;
    const wT = tf.transpose(w);
    const [mine, ref] = tf.tidy(() => {
      const r = tf.randomNormal([3, 7], 0, 1, 'float32', 8);
      const act = (t: tf.Tensor) => (relu ? tf.relu(t) : t);
      return [
        tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(applyDense({ w, wT, b }, xx as tf.Tensor2D, relu), r)))(x),
        tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(act(tf.add(tf.matMul(xx as tf.Tensor2D, w), b)), r)))(x),
      ];
    });
    expect(relMaxDiff(await mine.data(), await ref.data())).toBeLessThan(1e-5);
    tf.dispose([mine, ref, w, wT, b, x]);
  });
});
