import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBatch, type ResizeMode } from '../core/image.js';
import { DomainError } from '../core/errors.js';
import type { ProgressFn } from '../core/progress.js';
import type { Network } from './types.js';

/**
 * The ImageNet sample photos (one per class): files `<wnid>_<label>.JPEG`, which sorted by name follow the class
 * index 0..999. Returns [path, class] pairs. With `limit` < 1000, an evenly spaced subset (class floor(i*1000/limit))
 * so that a quick run still covers the whole label range rather than only the first classes (fish and birds).
 */
export function sampleImages(imagesDir: string, limit = 1000): { file: string; label: number }[] {
  let names: string[];
  try {
    names = readdirSync(imagesDir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  } catch {
    throw new DomainError('NOT_FOUND', `ImageNet sample directory '${imagesDir}' does not exist (set --images-dir)`);
  }
  if (names.length !== 1000) {
    throw new DomainError('BAD_DATA', `${imagesDir} should hold 1000 sample images (one per class), found ${names.length}`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new DomainError('BAD_USER_INPUT', `--limit must be 1..1000, got ${limit}`);
  return Array.from({ length: limit }, (_, i) => {
    const label = Math.floor((i * 1000) / limit);
    return { file: join(imagesDir, names[label]!), label };
  });
}

/** Indices of the k largest values of row `r` of an [n x cols] array, largest first. */
export function topK(probs: Float32Array, cols: number, r: number, k: number): number[] {
  const row = probs.subarray(r * cols, (r + 1) * cols);
  return Array.from(row.keys()).sort((a, b) => row[b]! - row[a]! || a - b).slice(0, k);
}

export interface Accuracy {
  readonly images: number;
  readonly top1: number;
  readonly top5: number;
}

/** Top-1 and top-5 accuracy of `net` over labelled image files, `chunk` images at a time. */
export async function measureAccuracy(net: Network, items: readonly { file: string; label: number }[], mode: ResizeMode, progress?: ProgressFn, chunk = 32): Promise<Accuracy> {
  let top1 = 0;
  let top5 = 0;
  for (let s = 0; s < items.length; s += chunk) {
    const part = items.slice(s, s + chunk);
    const batch = await loadBatch(part.map((p) => p.file), net.spec.inputSize, mode);
    const { probs } = await net.classify(batch);
    part.forEach((p, r) => {
      const top = topK(probs.data, 1000, r, 5);
      if (top[0] === p.label) top1++;
      if (top.includes(p.label)) top5++;
    });
    progress?.({ stage: `validate ${net.spec.name}`, done: s + part.length, total: items.length, detail: `top-1 ${(top1 / (s + part.length) * 100).toFixed(1)} %` });
  }
  return { images: items.length, top1: top1 / items.length, top5: top5 / items.length };
}
