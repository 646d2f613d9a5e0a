import * as tf from '@tensorflow/tfjs';
import type { GramFn } from '../core/gram.js';
import { initBackend } from './backend.js';

/**
 * Gram products `X X^T` on the tfjs WebAssembly backend (float32), injectable into the similarity draws
 * (analysis/similarity-draws.ts) by URL, since analysis/ never imports tfjs: `createGram()` initialises the
 * backend in the calling thread, so each draw worker has its own.
 *
 * Shape of the work: X is [40 x ~160k] and new every call (ranks of a fresh unit subset). Measured on this machine
 * (2 cores, wasm SIMD, one thread): only a 2-D `[n x k] @ [k x n]` without transpose flags takes XNNPACK's fast
 * path, and it packs its right operand on every call with fresh operands, so one call over all 160k features
 * costs ~125 ms (vs ~28 ms when the operand is reused) and the transposeB form ~380 ms. Features are therefore
 * fed in chunks of CHUNK: each chunk's A = X[:, chunk] and B = A^T are built here (a copy and a blocked
 * transpose), and each chunk's float32 product is summed in float64. The chunks also bound float32 rounding:
 * one float32 sum over 160k products of centred ranks (values up to ~3e5) is off by ~1e-3 of the diagonal;
 * chunked, the agreement with the float64 JS product is within 1e-5 (tests/unit/analysis/gram-tfjs.test.ts).
 */
export const GRAM_BACKEND = 'tfjs-wasm-f32';

/** Features per float32 partial product. */
const CHUNK = 1024;

export async function createGram(): Promise<GramFn> {
  const name = await initBackend('wasm');
  if (name !== 'wasm') throw new Error(`gram-tfjs needs the wasm backend, this thread has '${name}'`);
  let a = new Float32Array(0);
  let b = new Float32Array(0);
  const fn = (X: Float32Array | Float64Array, n: number, p: number): Float64Array => {
    const g = new Float64Array(n * n);
    if (a.length < n * CHUNK) {
      a = new Float32Array(n * CHUNK);
      b = new Float32Array(n * CHUNK);
    }
    for (let k0 = 0; k0 < p; k0 += CHUNK) {
      const kc = Math.min(CHUNK, p - k0);
      for (let i = 0; i < n; i++) a.set(X.subarray(i * p + k0, i * p + k0 + kc), i * kc);
      for (let s0 = 0; s0 < kc; s0 += 256) {
        const s1 = Math.min(kc, s0 + 256);
        for (let i = 0; i < n; i++) {
          const ai = i * kc;
          for (let s = s0; s < s1; s++) b[s * n + i] = a[ai + s]!;
        }
      }
      const y = tf.tidy(() => tf.matMul(tf.tensor2d(a.subarray(0, n * kc), [n, kc]), tf.tensor2d(b.subarray(0, n * kc), [kc, n])));
      const d = y.dataSync();
      y.dispose();
      for (let q = 0; q < n * n; q++) g[q] += d[q]!;
    }
    // (i, j) and (j, i) are separate float32 sums: symmetrise from the upper triangle, as the JS product does
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i]!;
    return g;
  };
  return Object.assign(fn, { backend: GRAM_BACKEND });
}
