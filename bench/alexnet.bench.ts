import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../server/src/compute/backend.js';
import { buildAlexnet, randomAlexnetWeights, type AlexnetVariant } from '../server/src/networks/alexnet/index.js';

/**
 * AlexNet forward pass and input gradient (d logit_c / d pixels, class picked by a one-hot product), batch 8,
 * random standard-size weights, in this one thread (the worker pool spreads batches over cores). Reference on the
 * same 2-core machine, PyTorch 1.13 CPU with 2 threads (environment.md): forward 10.3 ms/image, gradient 58.6.
 */
const BATCH = 8;
const REPEATS = 3;
const TORCH = { forward: 10.3, gradient: 58.6 };

async function time(run: () => tf.Tensor): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    const out = run();
    await out.data();
    out.dispose();
    if (r > 0) times.push(performance.now() - t0); // the first run warms up kernels and memory
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]! / BATCH;
}

export default async function bench(): Promise<void> {
  const backend = await initBackend();
  process.stdout.write(`backend ${backend}, batch ${BATCH}, median of ${REPEATS}, one thread\n`);
  for (const variant of ['caffe', 'torchvision'] as AlexnetVariant[]) {
    const g = buildAlexnet(variant, randomAlexnetWeights(variant, 1));
    const s = g.spec.inputSize;
    const x = tf.randomUniform([BATCH, s, s, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
    const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i * 97), 'int32'), 1000);
    const forward = await time(() => tf.tidy(() => g.apply(x, ['prob'])['prob']!));
    const gradient = await time(() =>
      tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(g.apply(xx as tf.Tensor4D, [])['logits']!, onehot)))(x)),
    );
    const ratio = (ms: number, ref: number) => `${(ms / ref).toFixed(1)}x PyTorch`;
    process.stdout.write(`${g.spec.name.padEnd(20)} forward ${forward.toFixed(1)} ms/image (${ratio(forward, TORCH.forward)}), `
      + `input gradient ${gradient.toFixed(1)} ms/image (${ratio(gradient, TORCH.gradient)})\n`);
    tf.dispose([x, onehot]);
    g.dispose();
  }
}
