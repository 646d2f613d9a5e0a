/**
 * Gram matrices of row sets: the one product behind every correlation-type RDM (rows centred and normalised first,
 * so G[i][j] is the correlation). Tight loops over Float64Array, blocked over features so a block of all rows stays
 * in cache; four columns of the output at a time so each loaded value of row i is used four times.
 */

const BLOCK = 512;

import type { ArenaSlice, GramFn, GramModule } from '../core/gram.js';

/** The Gram contract lives on the ground floor (core/gram.ts) so compute/'s tfjs product needs no analysis/ import. */
export type { Arena, ArenaSlice, GramFn, GramInput, GramModule } from '../core/gram.js';

export const JS_GRAM_BACKEND = 'js-f64';

/** The module at `moduleUrl` (a file: URL or specifier). */
export async function loadGramModule(moduleUrl: string): Promise<GramModule> {
  return (await import(moduleUrl)) as GramModule;
}

/** The JS product, or the one built by the module at `moduleUrl`, in this thread (inside `slice` when given). */
export async function loadGram(moduleUrl?: string, slice?: ArenaSlice): Promise<GramFn> {
  if (!moduleUrl) return gram;
  return (await loadGramModule(moduleUrl)).createGram(slice);
}

/** The backend name a gram function records in provenance. */
export function gramBackend(fn: GramFn): string {
  return fn.backend ?? JS_GRAM_BACKEND;
}

/**
 * `X [n x p]` row-major (Float32Array or Float64Array) -> `G [n x n]` with G[i][j] = sum_k X[i,k] X[j,k],
 * accumulated in float64, symmetric and full. Register blocks of 2 rows x 4 rows (8 accumulators) over feature
 * blocks of 512: measured ~2x faster than one dot product at a time in V8.
 */
export function gram(X: Float64Array | Float32Array, n: number, p: number): Float64Array {
  const g = new Float64Array(n * n);
  const n2 = n - (n % 2);
  for (let k0 = 0; k0 < p; k0 += BLOCK) {
    const k1 = Math.min(p, k0 + BLOCK);
    for (let i = 0; i < n2; i += 2) {
      const a0 = i * p;
      const a1 = a0 + p;
      let j = i;
      for (; j + 3 < n; j += 4) {
        const b0 = j * p;
        const b1 = b0 + p;
        const b2 = b1 + p;
        const b3 = b2 + p;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (let k = k0; k < k1; k++) {
          const u = X[a0 + k]!;
          const w = X[a1 + k]!;
          const c0 = X[b0 + k]!;
          const c1 = X[b1 + k]!;
          const c2 = X[b2 + k]!;
          const c3 = X[b3 + k]!;
          s00 += u * c0; s01 += u * c1; s02 += u * c2; s03 += u * c3;
          s10 += w * c0; s11 += w * c1; s12 += w * c2; s13 += w * c3;
        }
        const r0 = i * n + j;
        const r1 = r0 + n;
        g[r0] += s00; g[r0 + 1] += s01; g[r0 + 2] += s02; g[r0 + 3] += s03;
        g[r1] += s10; g[r1 + 1] += s11; g[r1 + 2] += s12; g[r1 + 3] += s13;
      }
      for (; j < n; j++) {
        const b = j * p;
        let s0 = 0;
        let s1 = 0;
        for (let k = k0; k < k1; k++) {
          const c = X[b + k]!;
          s0 += X[a0 + k]! * c;
          s1 += X[a1 + k]! * c;
        }
        g[i * n + j] += s0;
        g[(i + 1) * n + j] += s1;
      }
    }
    if (n2 < n) {
      // last row of an odd n: only its diagonal is in the upper triangle
      const a = n2 * p;
      let s = 0;
      for (let k = k0; k < k1; k++) s += X[a + k]! * X[a + k]!;
      g[n2 * n + n2] += s;
    }
  }
  // row i+1 of each pair also got (i+1, i), which is (i, i+1) again: the upper triangle (j >= i) is complete
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i]!;
  return g;
}

/** Upper triangle without diagonal of a square `[n x n]` matrix, row-major (SciPy pdist order). */
export function upperTriangle(sq: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[t++] = sq[i * n + j]!;
  return out;
}

/** Square symmetric `[n x n]` with zero diagonal from a pdist-order vector of length n(n-1)/2. */
export function squareForm(v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      out[i * n + j] = v[t]!;
      out[j * n + i] = v[t]!;
      t++;
    }
  }
  return out;
}

/** n from a vector length n(n-1)/2, or -1 when the length is not triangular. */
export function stimuliFromVectorLength(len: number): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * len)) / 2);
  return (n * (n - 1)) / 2 === len ? n : -1;
}
