/**
 * `npm run bench -- networks`: forward and input-gradient time per image of mobilenet_v2, batches of 8 images,
 * on all cores (worker pool, config.workers) and on one thread, plus top-1/top-5 of both MobileNetV2 files in
 * both preprocessing modes when ARSA_BENCH_VALIDATE=1 (1000 images x 4 runs: minutes).
 * AlexNet timings: bench/alexnet.bench.ts. PyTorch 1.13 on the same 2-core machine (environment.md):
 * MobileNetV2 13.0 ms forward, 50.1 ms input gradient per image.
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

const BATCH = 8;
const ROUNDS = 4;

async function timePerImage(net: Network, f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up: operator caches, wasm weight packing
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) await f();
  return (performance.now() - t0) / (ROUNDS * BATCH);
}

export async function speed(name: string, pool: boolean): Promise<void> {
  const config = loadConfig();
  const net = await loadNetwork(config, { name }, { pool });
  try {
    const items = sampleImages(config.imagesDir, BATCH);
    const batch = await loadBatch(items.map((i) => i.file), net.spec.inputSize, 'resize');
    const classes = Int32Array.from(items.map((i) => i.label));
    const fwd = await timePerImage(net, () => net.classify(batch));
    const grad = await timePerImage(net, () => net.inputGradient(batch, classes, 'logprob'));
    const where = pool ? `${config.workers} workers` : '1 thread';
    process.stdout.write(`${name.padEnd(18)} ${net.backend.padEnd(5)} ${where.padEnd(10)} forward ${fwd.toFixed(1).padStart(6)} ms/image   input gradient ${grad.toFixed(1).padStart(6)} ms/image   (PyTorch 13.0 / 50.1: x${(fwd / 13).toFixed(2)} / x${(grad / 50.1).toFixed(2)})\n`);
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
  await speed('mobilenet_v2', true);
  await speed('mobilenet_v2', false);
  await speed('mobilenet_v1_025', false);
  if (process.env.ARSA_BENCH_VALIDATE === '1') await accuracyTable();
  else process.stdout.write('(set ARSA_BENCH_VALIDATE=1 for top-1/top-5 of both MobileNetV2 files x both resize modes)\n');
}
