import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../core/hash.js';
import { loadBatch, type ResizeMode } from '../core/image.js';
import { noProgress, type ProgressFn } from '../core/progress.js';
import { imageNetClasses } from './classes.js';

/** Photos decoded per chunk (bounds memory: 50 x 224 x 224 x 3 floats = 30 MB). */
const CHUNK = 50;

/**
 * The photos I_mean is estimated from (paper Eq. 1: "the grand average of all images in ImageNet"; here the 1000
 * sample photos, one per class, in class order) and a checksum over their bytes, which belongs in the key of
 * any artifact built from the mean.
 */
export function meanSource(imagesDir: string): { files: string[]; checksum: string } {
  const files = imageNetClasses().map((c) => join(imagesDir, c.file));
  const sums = files.map((f) => sha256(readFileSync(f)));
  return { files, checksum: sha256(sums.join('\n')) };
}

/**
 * Mean image [size x size x 3] (pixel levels 0..255, float) of the given photos, each preprocessed exactly as the
 * RE images are (same size, same resize mode). Sums run in float64 in file order, so the result is the same bytes
 * on every run.
 */
export async function imageNetMean(files: readonly string[], size: number, mode: ResizeMode, onProgress: ProgressFn = noProgress): Promise<Float32Array> {
  const per = size * size * 3;
  const sum = new Float64Array(per);
  for (let s = 0; s < files.length; s += CHUNK) {
    const batch = await loadBatch(files.slice(s, s + CHUNK), size, mode);
    for (let i = 0; i < batch.n; i++) {
      const off = i * per;
      for (let k = 0; k < per; k++) sum[k]! += batch.data[off + k]!;
    }
    onProgress({ stage: 'imagenet-mean', done: Math.min(s + CHUNK, files.length), total: files.length });
  }
  const mean = new Float32Array(per);
  for (let k = 0; k < per; k++) mean[k] = sum[k]! / files.length;
  return mean;
}
