/**
 * `npm run bench -- networks`: forward and input-gradient time per image of mobilenet_v2, batches of 8 images,
 * on all cores (worker pool, config.workers) and on one thread, plus top-1/top-5 of both MobileNetV2 files in
 * both preprocessing modes when ARSA_BENCH_VALIDATE=1 (1000 images x 4 runs: minutes).
 * AlexNet timings: bench/alexnet.bench.ts. The peer is measured in the same run (bench/torch-peer.ts: torchvision
 * MobileNetV2, PyTorch on config.workers threads for the pool, on one thread for the one-thread figure): wall
 * against wall, CPU time (all threads) against CPU time, which a loaded machine inflates less.
 *
 * Recorded accuracies on the 1000 sample images (sharp bilinear; wasm):
 *   mobilenet_v2 (tf2 PTQ)  resize 84.4 / 97.0   center_crop 89.1 / 98.3
 *   mobilenet_v2_qat        resize 81.7 / 95.6   center_crop 88.3 / 97.9
 */
import { loadConfig } from '../server/src/config/config.js';
import { loadBatch } from '../server/src/core/image.js';
import { measureAccuracy, sampleImages } from '../server/src/networks/imagenet.js';
import { loadNetwork } from '../server/src/networks/load.js';
import type { Network } from '../server/src/networks/types.js';
import { torchPeer, type TorchTiming } from './torch-peer.js';

const BATCH = 8;
const ROUNDS = 4;

/** Wall and process CPU ms per image (CPU: all threads, the pool's workers included). */
async function timePerImage(f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await f(); // warm-up: operator caches, wasm weight packing
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) await f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / (ROUNDS * BATCH), cpu: (c.user + c.system) / 1000 / (ROUNDS * BATCH) };
}

/** `peer`: PyTorch's MobileNetV2 figures of this run, or undefined (then no ratios). */
export async function speed(name: string, pool: boolean, peer?: TorchTiming): Promise<{ forward: number; gradient: number }> {
  const config = loadConfig();
  const net = await loadNetwork(config, { name }, { pool });
  try {
    const items = sampleImages(config.imagesDir, BATCH);
    const batch = await loadBatch(items.map((i) => i.file), net.spec.inputSize, 'resize');
    const classes = Int32Array.from(items.map((i) => i.label));
    const fwd = await timePerImage(() => net.classify(batch));
    const grad = await timePerImage(() => net.inputGradient(batch, classes, 'logprob'));
    const where = pool ? `${config.workers} workers` : '1 thread';
    const vs = peer
      ? `   vs PyTorch same run: wall x${(fwd.wall / peer.forward).toFixed(2)} / x${(grad.wall / peer.gradient).toFixed(2)}, CPU x${(fwd.cpu / peer.forwardCpu).toFixed(2)} / x${(grad.cpu / peer.gradientCpu).toFixed(2)}`
      : '';
    process.stdout.write(`${name.padEnd(18)} ${net.backend.padEnd(5)} ${where.padEnd(10)} forward ${fwd.wall.toFixed(1).padStart(6)} ms/image (CPU ${fwd.cpu.toFixed(1)})   input gradient ${grad.wall.toFixed(1).padStart(6)} ms/image (CPU ${grad.cpu.toFixed(1)})${vs}\n`);
    return { forward: fwd.wall, gradient: grad.wall };
  } finally {
    await net.dispose();
  }
}

export async function accuracyTable(): Promise<void> {
  const config = loadConfig();
  for (const name of ['mobilenet_v2', 'mobilenet_v2_qat']) {
    const net = await loadNetwork(config, { name }, { pool: config.workers > 1 });
    try {
      for (const mode of ['resize', 'center_crop'] as const) {
        const acc = await measureAccuracy(net, sampleImages(config.imagesDir), mode);
        process.stdout.write(`${name.padEnd(18)} ${mode.padEnd(12)} top-1 ${(acc.top1 * 100).toFixed(1)} %  top-5 ${(acc.top5 * 100).toFixed(1)} %  (${acc.images} images)\n`);
      }
    } finally {
      await net.dispose();
    }
  }
}

export default async function bench(): Promise<void> {
  // PyTorch on config.workers threads (the pool's peer) and on one thread (the one-thread peer): on a loaded shared
  // machine the multi-threaded run can be far slower per image than the one-thread one (its threads wait on each
  // other), so both are printed and each figure is compared with its own.
  const workers = loadConfig().workers;
  const peers = { pool: torchPeer(['mobilenet_v2'], workers), one: workers > 1 ? torchPeer(['mobilenet_v2'], 1) : undefined };
  for (const peer of [peers.pool, peers.one]) {
    const t = peer?.nets['mobilenet_v2'];
    if (peer && t) process.stdout.write(`PyTorch ${peer.torch} torchvision mobilenet_v2, ${peer.threads} thread(s), batch ${peer.batch}: forward ${t.forward.toFixed(1)} ms/image (CPU ${t.forwardCpu.toFixed(1)})   input gradient ${t.gradient.toFixed(1)} ms/image (CPU ${t.gradientCpu.toFixed(1)})\n`);
  }
  await speed('mobilenet_v2', true, peers.pool?.nets['mobilenet_v2']);
  await speed('mobilenet_v2', false, (peers.one ?? peers.pool)?.nets['mobilenet_v2']);
  await speed('mobilenet_v1_025', false);
  if (process.env.ARSA_BENCH_VALIDATE === '1') await accuracyTable();
  else process.stdout.write('(set ARSA_BENCH_VALIDATE=1 for top-1/top-5 of both MobileNetV2 files x both resize modes)\n');
}
