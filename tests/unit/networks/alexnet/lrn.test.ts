import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../../../../server/src/compute/backend.js';
import { caffeLrn } from '../../../../server/src/networks/alexnet/layers.js';
import { readFixtureNpz, relMaxDiff } from './helpers.js';

/**
 * Caffe's LRN (local_size 5, alpha 1e-4, beta 0.75, k 1) against PyTorch's nn.LocalResponseNorm with the same
 * arguments, which divides alpha by the window size as Caffe does. tfjs's localResponseNormalization does not:
 * passing alpha unchanged would be 5x too strong, which this fixture (inputs of Caffe conv1's scale) detects.
 */
beforeAll(async () => {
  await initBackend('wasm');
});

it('matches nn.LocalResponseNorm(5, 1e-4, 0.75, 1) within 1e-5 relative', async () => {
  const f = readFixtureNpz('lrn.npz');
  const x = f.get('x')!;
  const y = tf.tidy(() => caffeLrn(tf.tensor4d(x.data, x.shape as [number, number, number, number])));
  const wrong = tf.tidy(() => tf.localResponseNormalization(tf.tensor4d(x.data, x.shape as [number, number, number, number]), 2, 1, 1e-4, 0.75));
  const want = f.get('y')!.data;
  expect(relMaxDiff(await y.data(), want)).toBeLessThan(1e-5);
  expect(relMaxDiff(await wrong.data(), want)).toBeGreaterThan(1e-2);
  tf.dispose([y, wrong]);
});
