import { DomainError } from '../../core/errors.js';
import type { ImageBatch } from '../../networks/types.js';

/** Rounds and clips float pixels into integral [0, 255] values in place; returns the array. */
export function quantizeInPlace(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i]!);
    x[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return x;
}

export function toUint8(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]!; // values are already integral in [0, 255]
  return out;
}

/** A batch of the listed images, each [pixels] long, copied into one contiguous NHWC array. */
export function batchOf(images: readonly Float32Array[], height: number, width: number): ImageBatch {
  const per = height * width * 3;
  const data = new Float32Array(images.length * per);
  images.forEach((img, i) => data.set(img, i * per));
  return { n: images.length, height, width, data };
}

/** Image i of a batch as a view [H*W*3]. */
export function imageOf(batch: ImageBatch, i: number): Float32Array {
  const per = batch.height * batch.width * 3;
  return batch.data.subarray(i * per, (i + 1) * per);
}

export function checkInputs(re: ImageBatch, classes: Int32Array, targets: Int32Array, mean: Float32Array, inputSize: number): void {
  if (re.height !== inputSize || re.width !== inputSize) {
    throw new DomainError('SHAPE_MISMATCH', `RE images are ${re.height}x${re.width}, the network takes ${inputSize}x${inputSize}`);
  }
  const per = re.height * re.width * 3;
  if (re.data.length !== re.n * per) throw new DomainError('SHAPE_MISMATCH', `RE batch needs ${re.n * per} values, got ${re.data.length}`);
  if (classes.length !== re.n || targets.length !== re.n) {
    throw new DomainError('SHAPE_MISMATCH', `${re.n} images but ${classes.length} classes and ${targets.length} targets`);
  }
  if (mean.length !== per) throw new DomainError('SHAPE_MISMATCH', `mean image has ${mean.length} values, expected ${per}`);
}
