import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../server/src/compute/backend.js';
import { buildAlexnet, type AlexnetVariant } from '../../../../server/src/networks/alexnet/index.js';
import { READOUT_NAMES } from '../../../../server/src/networks/alexnet/spec.js';
import { loadWeightsFile } from '../../../../server/src/networks/weights/load.js';
import { fixture, readFixtureNpz, relMaxDiff } from './helpers.js';

/**
 * Both AlexNets (reduced widths, standard architecture) against PyTorch 1.13 on two random 0..255 images: every
 * read-out and the input gradient of a logit. Tolerance: max |ours - torch| <= 1e-4 x max |torch| per layer
 * (float32 on both sides, different summation orders through up to 8 layers); gradient 1e-3 (relative to the
 * largest sampled value; cancellation in sums of signed terms).
 */
beforeAll(async () => {
  await initBackend('wasm');
});

const CASES: [AlexnetVariant, string][] = [
  ['caffe', 'caffe_small.npz'],
  ['caffe', 'caffe_small.onnx'],
  ['torchvision', 'torchvision_small.npz'],
  ['torchvision', 'torchvision_small.onnx'],
];

describe.each(CASES)('%s AlexNet from %s vs PyTorch', (variant, file) => {
  const ref = readFixtureNpz(`${variant}_outputs.npz`);
  const input = ref.get('input')!;

  it('reproduces every named layer and the probabilities', async () => {
    const g = buildAlexnet(variant, await loadWeightsFile(fixture(file)), { widths: 'infer' });
    try {
      expect(g.spec.inputSize).toBe(input.shape[1]);
      const outs = tf.tidy(() => g.apply(tf.tensor4d(input.data, input.shape as [number, number, number, number]), READOUT_NAMES));
      for (const name of READOUT_NAMES) {
        const want = ref.get(name)!;
        const layer = g.spec.layers.find((l) => l.name === name)!;
        expect(outs[name]!.shape, name).toEqual([2, ...layer.shape]);
        expect(want.shape, name).toEqual([2, ...layer.shape]);
        const got = await outs[name]!.data();
        expect(relMaxDiff(got as Float32Array, want.data), name).toBeLessThan(1e-4);
      }
      const probs = (await outs['prob']!.data()) as Float32Array;
      expect(Math.abs(probs.slice(0, 1000).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
      tf.dispose(Object.values(outs));
    } finally {
      g.dispose();
    }
  });

  it('reproduces the input gradient of a logit (custom convolution gradients)', async () => {
    const g = buildAlexnet(variant, await loadWeightsFile(fixture(file)), { widths: 'infer' });
    try {
      const classes = ref.get('classes')!.data;
      const grad = tf.tidy(() => {
        const x = tf.tensor4d(input.data, input.shape as [number, number, number, number]);
        const onehot = tf.oneHot(tf.tensor1d(Array.from(classes), 'int32'), 1000);
        return tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(g.apply(xx as tf.Tensor4D, [])['logits']!, onehot)))(x);
      });
      const all = (await grad.data()) as Float32Array;
      grad.dispose();
      const index = ref.get('grad_index')!.data;
      const got = Float32Array.from(index, (i) => all[i]!);
      expect(relMaxDiff(got, ref.get('grad_values')!.data)).toBeLessThan(1e-3);
      const norm = Math.sqrt(all.reduce((a, v) => a + v * v, 0));
      expect(Math.abs(norm / ref.get('grad_norm')!.data[0]! - 1)).toBeLessThan(1e-4);
    } finally {
      g.dispose();
    }
  });
});
