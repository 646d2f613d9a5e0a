import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../server/src/compute/backend.js';
import { STANDARD_WIDTHS, ARCHITECTURES, expectedShapes } from '../../../../server/src/networks/alexnet/architecture.js';
import { buildAlexnet, randomAlexnetWeights } from '../../../../server/src/networks/alexnet/index.js';
import { alexnetLayers, READOUT_NAMES } from '../../../../server/src/networks/alexnet/spec.js';

/** Spec of the standard networks, tensor hygiene (no leaks) and input validation of a built graph. */
beforeAll(async () => {
  await initBackend('wasm');
});

describe('standard read-out spec', () => {
  it('BVLC AlexNet: Caffe blob shapes, HWC, post-ReLU conv1..fc7, fc8 logits, prob softmax', () => {
    const layers = alexnetLayers(ARCHITECTURES.caffe, STANDARD_WIDTHS.caffe);
    expect(layers.map((l) => [l.name, l.ordinal, l.activation, l.shape, l.units])).toEqual([
      ['conv1', 1, 'post-relu', [55, 55, 96], 290400],
      ['conv2', 2, 'post-relu', [27, 27, 256], 186624],
      ['conv3', 3, 'post-relu', [13, 13, 384], 64896],
      ['conv4', 4, 'post-relu', [13, 13, 384], 64896],
      ['conv5', 5, 'post-relu', [13, 13, 256], 43264],
      ['fc6', 6, 'post-relu', [4096], 4096],
      ['fc7', 7, 'post-relu', [4096], 4096],
      ['fc8', 8, 'logits', [1000], 1000],
      ['prob', 9, 'softmax', [1000], 1000],
    ]);
    expect(layers[0]!.description).toContain('before LRN and max pool');
  });

  it('torchvision AlexNet: 224 px, 64/192/384/256/256', () => {
    const layers = alexnetLayers(ARCHITECTURES.torchvision, STANDARD_WIDTHS.torchvision);
    expect(layers.slice(0, 5).map((l) => l.shape)).toEqual([[55, 55, 64], [27, 27, 192], [13, 13, 384], [13, 13, 256], [13, 13, 256]]);
    expect(ARCHITECTURES.torchvision.inputSize).toBe(224);
  });

  it('expects the published parameter shapes (Caffe grouped layers store in/groups)', () => {
    const s = expectedShapes(ARCHITECTURES.caffe, STANDARD_WIDTHS.caffe);
    expect([s['conv2.weight'], s['conv4.weight'], s['conv5.weight'], s['fc6.weight']]).toEqual([[256, 48, 5, 5], [384, 192, 3, 3], [256, 192, 3, 3], [4096, 9216]]);
  });
});

describe('tensor hygiene', () => {
  const widths = { conv: [4, 8, 8, 8, 4], fc: [16, 16] } as const;

  it('apply and its input gradient leave no tensors behind; dispose frees the weights', async () => {
    for (const variant of ['caffe', 'torchvision'] as const) {
      const start = tf.memory().numTensors;
      const g = buildAlexnet(variant, randomAlexnetWeights(variant, 1, widths), { widths: 'infer' });
      const built = tf.memory().numTensors;
      const s = g.spec.inputSize;
      const x = tf.randomUniform([1, s, s, 3], 0, 255, 'float32', 9) as tf.Tensor4D;
      const outs = tf.tidy(() => g.apply(x, READOUT_NAMES));
      expect(Object.keys(outs).sort()).toEqual([...READOUT_NAMES, 'logits'].sort());
      tf.dispose(Object.values(outs));
      const grad = tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.sum(tf.slice(g.apply(xx as tf.Tensor4D, [])['logits']!, [0, 1], [1, 1])))(x));
      expect(grad.shape).toEqual([1, s, s, 3]);
      tf.dispose([grad, x]);
      expect(tf.memory().numTensors).toBe(built);
      g.dispose();
      expect(tf.memory().numTensors).toBe(start);
    }
  });

  it('refuses unknown layers and wrong input sizes without leaking', () => {
    const g = buildAlexnet('caffe', randomAlexnetWeights('caffe', 2, widths), { widths: 'infer' });
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => g.apply(tf.zeros([1, 227, 227, 3]), ['pool5']))).toThrow(/unknown layer .*'pool5'.*conv1, conv2/);
    expect(() => tf.tidy(() => g.apply(tf.zeros([1, 224, 224, 3]), ['prob']))).toThrow(/\[n, 227, 227, 3\]/);
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
  });

  it('random weights are seeded and hashed', () => {
    const a = randomAlexnetWeights('torchvision', 5, widths);
    const b = randomAlexnetWeights('torchvision', 5, widths);
    expect(a.sha256).toBe(b.sha256);
    expect(a.tensors.get('conv3.weight')!.data).toEqual(b.tensors.get('conv3.weight')!.data);
    expect(randomAlexnetWeights('torchvision', 6, widths).sha256).not.toBe(a.sha256);
  });
});
