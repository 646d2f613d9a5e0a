import * as tf from '@tensorflow/tfjs';
import { matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import type { GradientObjective, ImageBatch, Network } from '../../../server/src/networks/types.js';

/**
 * A tiny differentiable classifier that implements the Network contract, so the generators are tested without the
 * real networks: [n,16,16,3] pixels -> x/127.5 - 1 -> conv 3x3x8 stride 2 + ReLU -> dense 1000 logits -> softmax.
 * Weights are drawn from a seeded Rng, so every run sees the same network.
 */
export async function tinyNetwork(seed = 1, size = 16): Promise<Network & { numTensors(): number }> {
  await tf.setBackend('cpu');
  const rng = new Rng(seed);
  const rand = (n: number, sd: number): Float32Array => Float32Array.from({ length: n }, () => sd * rng.normal());
  const half = size / 2;
  const kernel = tf.tensor4d(rand(3 * 3 * 3 * 8, 0.5), [3, 3, 3, 8]);
  const dense = tf.tensor2d(rand(half * half * 8 * 1000, 0.15), [half * half * 8, 1000]);
  const logits = (x: tf.Tensor4D): tf.Tensor2D => {
    const h = tf.relu(tf.conv2d(x.div(127.5).sub(1) as tf.Tensor4D, kernel, 2, 'same'));
    return tf.matMul(h.reshape([x.shape[0], half * half * 8]), dense);
  };
  const toTensor = (b: ImageBatch): tf.Tensor4D => tf.tensor4d(b.data, [b.n, b.height, b.width, 3]);
  return {
    spec: {
      name: 'tiny', description: 'test network', inputSize: size, layers: [],
      labels: Array.from({ length: 1000 }, (_, i) => `class ${i}`), weightsSha256: 'tiny', preprocessing: 'x/127.5-1',
    },
    backend: 'cpu',
    async classify(batch) {
      const p = tf.tidy(() => tf.softmax(logits(toTensor(batch))));
      const data = (await p.data()) as Float32Array;
      p.dispose();
      return { probs: matrix(batch.n, 1000, data) };
    },
    async activations() {
      return {};
    },
    async inputGradient(batch, classes, objective: GradientObjective) {
      const [g, p] = tf.tidy(() => {
        const x = toTensor(batch);
        const onehot = tf.oneHot(tf.tensor1d(classes, 'int32'), 1000).toFloat();
        const f = (xi: tf.Tensor4D): tf.Scalar => {
          const z = logits(xi);
          const sel = objective === 'logit' ? z : objective === 'logprob' ? tf.logSoftmax(z) : tf.softmax(z);
          return tf.sum(tf.mul(sel, onehot));
        };
        return [tf.grad(f)(x), tf.softmax(logits(x))];
      });
      const grad = (await g.data()) as Float32Array;
      const probs = (await p.data()) as Float32Array;
      g.dispose();
      p.dispose();
      return { grad, probs: matrix(batch.n, 1000, probs) };
    },
    async dispose() {
      kernel.dispose();
      dense.dispose();
    },
    numTensors: () => tf.memory().numTensors,
  };
}
