import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../server/src/compute/backend.js';
import { buildAlexnet, randomAlexnetWeights, type AlexnetVariant } from '../server/src/networks/alexnet/index.js';
import { torchPeer } from './torch-peer.js';

/**
 * AlexNet forward pass and input gradient (d logit_c / d pixels, class picked by a one-hot product), batch 8,
 * random standard-size weights, in this one thread (the worker pool spreads batches over cores). The peer is
 * torchvision's AlexNet in PyTorch on one thread, measured in the same run (bench/torch-peer.ts): wall against wall,
 * CPU against CPU. (The generators' log-prob gradient costs the same backward pass as this logit one.)
 */
const BATCH = 8;
const REPEATS = 3;

interface Timing {
  /** Wall-clock ms per image, median of REPEATS. */
  readonly wall: number;
  /** Process CPU ms per image (user + system), median: close to wall on an idle machine, and still meaningful
   * on a loaded one, since the wasm backend computes on this one thread. */
  readonly cpu: number;
}

async function time(run: () => tf.Tensor): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const out = run();
    await out.data();
    out.dispose();
    const c = process.cpuUsage(c0);
    if (r > 0) { // the first run warms up kernels and memory
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)]! / BATCH;
  return { wall: median(wall), cpu: median(cpu) };
}

export default async function bench(): Promise<void> {
  const peer = torchPeer(['alexnet'], 1)?.nets['alexnet'];
  if (peer) process.stdout.write(`PyTorch torchvision alexnet, 1 thread: forward ${peer.forward.toFixed(1)} ms/image (CPU ${peer.forwardCpu.toFixed(1)}), input gradient ${peer.gradient.toFixed(1)} (CPU ${peer.gradientCpu.toFixed(1)})\n`);
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
    const show = (t: Timing, wall?: number, cpu?: number) =>
      `${t.wall.toFixed(1)} ms/image (CPU ${t.cpu.toFixed(1)}${wall && cpu ? `; PyTorch x${(t.wall / wall).toFixed(2)} wall, x${(t.cpu / cpu).toFixed(2)} CPU` : ''})`;
    process.stdout.write(`${g.spec.name.padEnd(20)} forward ${show(forward, peer?.forward, peer?.forwardCpu)}, input gradient ${show(gradient, peer?.gradient, peer?.gradientCpu)}\n`);
    tf.dispose([x, onehot]);
    g.dispose();
  }
}
