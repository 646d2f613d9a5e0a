import { Rng } from '../../core/rng.js';
import type { ImageBatch } from '../../networks/types.js';

/**
 * Synthetic stimuli for tests, the benchmark and CLI runs without a stimulus store. None of them comes from the
 * network: AN-like and AI-like images only mimic the pixel statistics the paper describes (§1.2-1.4), which is all
 * the simulated cortex can see anyway.
 */

/** ImageNet mean colour (RGB, 0..255), the starting point of the paper's AN images. */
export const IMAGENET_MEAN_RGB = [123.68, 116.78, 103.94] as const;

/**
 * A sinusoidal grating in a circular aperture on mid-grey: `[size x size x 3]`. Positions and radius in degrees of
 * a `fieldDeg`-wide image (x right, y up from the centre); `cpd` cycles per degree; orientation of the stripes'
 * normal in radians; contrast 0..1.
 */
export function gratingImage(o: {
  size: number; fieldDeg: number; cx: number; cy: number; radius: number; cpd: number; orientation?: number; contrast?: number; phase?: number;
}): Float32Array {
  const out = new Float32Array(o.size * o.size * 3);
  const th = o.orientation ?? 0;
  const c = o.contrast ?? 1;
  for (let r = 0; r < o.size; r++) {
    const y = ((o.size / 2 - (r + 0.5)) / o.size) * o.fieldDeg;
    for (let q = 0; q < o.size; q++) {
      const x = (((q + 0.5) - o.size / 2) / o.size) * o.fieldDeg;
      const inside = (x - o.cx) ** 2 + (y - o.cy) ** 2 <= o.radius * o.radius;
      const v = inside ? 127.5 * (1 + c * Math.cos(2 * Math.PI * o.cpd * (x * Math.cos(th) + y * Math.sin(th)) + (o.phase ?? 0))) : 127.5;
      out.fill(v, (r * o.size + q) * 3, (r * o.size + q) * 3 + 3);
    }
  }
  return out;
}

/** An AN-like image: the ImageNet mean plus high-frequency coloured noise (per-pixel, per-channel, minus its 3x3 mean). */
export function anLikeImage(size: number, seed: number | string, amplitude = 60): Float32Array {
  const rng = new Rng(seed);
  const raw = new Float32Array(size * size * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = rng.normal();
  const out = new Float32Array(raw.length);
  for (let r = 0; r < size; r++) {
    for (let q = 0; q < size; q++) {
      for (let ch = 0; ch < 3; ch++) {
        let m = 0;
        let n = 0;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dq = -1; dq <= 1; dq++) {
            const rr = r + dr;
            const qq = q + dq;
            if (rr < 0 || qq < 0 || rr >= size || qq >= size) continue;
            m += raw[(rr * size + qq) * 3 + ch]!;
            n++;
          }
        }
        const i = (r * size + q) * 3 + ch;
        out[i] = clip(IMAGENET_MEAN_RGB[ch]! + amplitude * (raw[i]! - m / n));
      }
    }
  }
  return out;
}

/** An AI-like image: `base` plus `steps` accumulated draws of U[-5, 5] noise per pixel and channel, clipped. */
export function aiLikeImage(base: Float32Array, seed: number | string, steps = 5): Float32Array {
  const rng = new Rng(seed);
  const out = Float32Array.from(base);
  for (let s = 0; s < steps; s++) for (let i = 0; i < out.length; i++) out[i] = clip(out[i]! + rng.uniformIn(-5, 5));
  return out;
}

/** Smooth random "natural-like" image (1/f-ish: sum of random blobs and edges), for runs without photos. */
export function blobImage(size: number, seed: number | string): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(size * size * 3);
  const bg = [rng.uniformIn(60, 200), rng.uniformIn(60, 200), rng.uniformIn(60, 200)];
  for (let i = 0; i < size * size; i++) for (let ch = 0; ch < 3; ch++) out[i * 3 + ch] = bg[ch]!;
  const blobs = 12;
  for (let b = 0; b < blobs; b++) {
    const cx = rng.uniform() * size;
    const cy = rng.uniform() * size;
    const rad = (0.04 + 0.2 * rng.uniform()) * size;
    const col = [rng.uniformIn(0, 255), rng.uniformIn(0, 255), rng.uniformIn(0, 255)];
    const stripes = rng.uniform() < 0.5 ? rng.uniformIn(0.05, 0.4) : 0;
    const th = rng.uniform() * Math.PI;
    for (let r = Math.max(0, Math.floor(cy - rad)); r < Math.min(size, Math.ceil(cy + rad)); r++) {
      for (let q = Math.max(0, Math.floor(cx - rad)); q < Math.min(size, Math.ceil(cx + rad)); q++) {
        if ((r - cy) ** 2 + (q - cx) ** 2 > rad * rad) continue;
        const mod = stripes ? 0.5 + 0.5 * Math.cos(stripes * (q * Math.cos(th) + r * Math.sin(th))) : 1;
        for (let ch = 0; ch < 3; ch++) out[(r * size + q) * 3 + ch] = clip(col[ch]! * mod);
      }
    }
  }
  return out;
}

/** Stacks equally sized `[size x size x 3]` images into a batch. */
export function batchOf(images: readonly Float32Array[], size: number): ImageBatch {
  const data = new Float32Array(images.length * size * size * 3);
  images.forEach((im, i) => data.set(im, i * size * size * 3));
  return { n: images.length, height: size, width: size, data };
}

function clip(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}
