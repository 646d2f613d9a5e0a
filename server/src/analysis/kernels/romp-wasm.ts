import type { RompScorer } from '../encoding/romp.js';
import { ROMP_WAT } from './romp-wasm.wat.js';

/**
 * ROMP's scoring round as WebAssembly SIMD (analysis/kernels/romp-wasm.wat.ts, assembled here by wabt: no committed
 * binary), injectable by URL like gram-wasm.ts (the encoding code loads it; nothing imports it statically). The
 * scores are the JS loop's to the bit (the same float64 operations in the same order per feature and target), so a
 * fit with this scorer equals the JS fit: same supports, coefficients and predictions.
 *
 * Candidates: the kernel records only (feature, target) pairs whose score beats the target's current K-th best (or
 * 0), read before each block of BLOCK features; the caller's insert re-checks each against its up-to-date list, so
 * a threshold that is stale within a block only lets more pairs through, never fewer.
 */
export const ROMP_BACKEND = 'wasm-simd-f64';

/** Features per kernel call: thresholds are refreshed between calls (the first call passes nearly everything). */
const BLOCK = 256;
const PAGE = 65536;

interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports?: object): Promise<{ readonly exports: object }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernel {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scores(xnT: number, n: number, k0: number, k1: number, r: number, a4: number, thr: number, cand: number): number;
}

let compiled: Promise<object> | undefined;

function kernelModule(): Promise<object> {
  compiled ??= (async () => {
    const wabt = await (await import('wabt')).default();
    const parsed = wabt.parseWat('romp.wat', ROMP_WAT, { simd: true });
    try {
      return wasm.compile(parsed.toBinary({}).buffer);
    } finally {
      parsed.destroy();
    }
  })();
  return compiled;
}

const align = (b: number): number => (b + 63) & ~63;

export async function createRompScorer(): Promise<RompScorer> {
  const k = (await wasm.instantiate(await kernelModule(), {})).exports as unknown as Kernel;
  let features: Float64Array | undefined;
  let shape = { p: -1, n: -1, targets: -1 };
  /** Byte offsets of the residuals, thresholds and candidates after the features, for up to `targets` targets. */
  const layout = (p: number, n: number, targets: number) => {
    const a4 = (targets + 3) & ~3;
    const rAt = align(p * n * 8);
    const thrAt = align(rAt + n * a4 * 8);
    const candAt = align(thrAt + a4 * 8);
    return { rAt, thrAt, candAt, end: candAt + BLOCK * a4 * 16 };
  };
  return {
    backend: ROMP_BACKEND,
    features(p, n, targets) {
      // every buffer of the fit is reserved here, so no round grows the memory (which would move this view)
      const need = layout(p, n, targets).end;
      const have = k.memory.buffer.byteLength;
      if (need > have) k.memory.grow(Math.ceil((need - have) / PAGE));
      features = new Float64Array(k.memory.buffer, 0, p * n);
      shape = { p, n, targets };
      return features;
    },
    round(R, A, topVal, insert) {
      const { p, n } = shape;
      if (!features || features.buffer !== k.memory.buffer || A > shape.targets) throw new RangeError(`romp-wasm: round of ${A} targets without features() for at least as many`);
      const a4 = (A + 3) & ~3;
      const { rAt, thrAt, candAt } = layout(p, n, A);
      const buf = k.memory.buffer;
      const r = new Float64Array(buf, rAt, n * a4);
      for (let a = 0; a < A; a++) for (let i = 0; i < n; i++) r[i * a4 + a] = R[a * n + i]!;
      for (let a = A; a < a4; a++) for (let i = 0; i < n; i++) r[i * a4 + a] = 0;
      const thr = new Float64Array(buf, thrAt, a4);
      thr.fill(Infinity, A);
      const cand = new DataView(buf, candAt);
      const K = topVal[0]?.length ?? 0;
      for (let k0 = 0; k0 < p; k0 += BLOCK) {
        // insert takes u > tv[K - 1] and u > 0: both, for the kernel's one comparison
        for (let a = 0; a < A; a++) thr[a] = Math.max(topVal[a]![K - 1]!, 0);
        const count = k.scores(0, n, k0, Math.min(p, k0 + BLOCK), rAt, a4, thrAt, candAt);
        for (let c = 0; c < count; c++) insert(cand.getInt32(16 * c + 4, true), cand.getInt32(16 * c, true), cand.getFloat64(16 * c + 8, true));
      }
    },
  };
}
