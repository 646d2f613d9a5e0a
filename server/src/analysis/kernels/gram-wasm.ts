import { gram as jsGram, type Arena, type ArenaSlice, type GramFn, type GramInput } from '../gram.js';
import type { GramRankIndex } from '../../core/gram.js';
import { GRAM_WAT } from './gram-wasm.wat.js';

/**
 * The similarity draws' kernels as WebAssembly (analysis/kernels/gram-wasm.wat.ts, assembled here by wabt: no
 * committed binary), injectable by URL like compute/gram-tfjs.ts (analysis/ imports neither):
 * - the exact float64 Gram product (f64x2 SIMD). For integer inputs whose partial sums stay below 2^53 (the draws'
 *   doubled centred ranks) its result equals the JS product bit for bit; for other float32 inputs it agrees to
 *   float64 rounding; float64 inputs other than its own input buffer go to the JS product;
 * - over an arena (createArena: one shared memory holding the rank indexes, read in place by every thread), the
 *   subset rank pass too (`ranks`, the same values as subset-ranks.ts).
 *
 * `input(n, p)` hands out a float64 buffer inside the kernel's memory so the rank pass writes the rows where the
 * product reads them (no copy per product; the ranks are integers, exact either way, and float64 rows spare the
 * product a widening per use); a float32 X is copied in, widened and padded.
 */
export const GRAM_BACKEND = 'wasm-simd-f64';

/** The part of the WebAssembly API used here (the ES2023 lib has no WebAssembly types; Node has the global). */
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports?: object): Promise<{ readonly exports: object }>;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernel {
  gram(x: number, n: number, p: number, stride: number, g: number): void;
  ranks(order: number, gs: number, rankPos: number, rows: number, cols: number, kept: number, m: number, out: number, stride: number, scratch: number): void;
}

const PAGE = 65536;
const MAX_PAGES = 65536;

let compiled: Promise<object> | undefined;

/** Assembles the WAT once per thread (wabt's own start-up is ~100 ms; a layer's draws then reuse the module). */
function kernelModule(): Promise<object> {
  compiled ??= (async () => {
    const wabt = await (await import('wabt')).default();
    const parsed = wabt.parseWat('gram.wat', GRAM_WAT, { simd: true, bulk_memory: true, threads: true });
    try {
      const { buffer } = parsed.toBinary({});
      return wasm.compile(buffer);
    } finally {
      parsed.destroy();
    }
  })();
  return compiled;
}

const pad4 = (n: number): number => (n + 3) & ~3;
const align = (b: number): number => (b + 63) & ~63;
/** Row stride in floats: even (the kernel reads feature pairs) with one zero slot when p is odd. */
const strideOf = (p: number): number => p + (p & 1);

/** Byte layout of one thread's product buffers, from `base`: G float64 [nPad x nPad], then X float64. */
function layout(base: number, n: number, p: number) {
  const nPad = pad4(n);
  const stride = strideOf(p);
  const x = align(base + nPad * nPad * 8);
  return { nPad, stride, g: base, x, end: align(x + (nPad * stride + 4) * 8) };
}

/** The rank pass's kept flags (u8) and scratch (float32) for `cols` units, at the end of a slice. */
const rankBytes = (cols: number): number => align(cols) + align(cols * 4) + 192;

/** Bytes of one thread's slice for `[n x p]` rank rows (draws of fewer units fit in it too). */
export function threadBytes(n: number, p: number): number {
  return layout(0, n, p).end + rankBytes(p);
}

/** A shared memory of at least `bytes` (fixed size: shared memories must not grow under other threads' views). */
export function createArena(bytes: number): Arena {
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES) throw new RangeError(`wasm arena of ${bytes} bytes exceeds 4 GiB`);
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  return { memory, buffer: memory.buffer };
}

export async function createGram(slice?: ArenaSlice): Promise<GramFn> {
  const memory = slice ? (slice.memory as WasmMemory) : new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const instance = await wasm.instantiate(await kernelModule(), { env: { memory } });
  const k = instance.exports as unknown as Kernel;
  const base = slice?.offset ?? 0;
  let at = layout(base, 0, 0);
  let shape = { n: -1, p: -1 };
  let view: Float64Array | undefined;
  /** The layout for `[n x p]` rows, growing an own memory if needed. */
  const ensure = (n: number, p: number): Float64Array => {
    if (view && shape.n === n && shape.p === p && view.buffer === memory.buffer) return view;
    at = layout(base, n, p);
    if (slice && at.end > slice.offset + slice.bytes) throw new RangeError(`gram-wasm: [${n} x ${p}] needs ${at.end - base} bytes, the slice has ${slice.bytes}`);
    const have = memory.buffer.byteLength;
    if (at.end > have) memory.grow(Math.ceil((at.end - have) / PAGE));
    view = new Float64Array(memory.buffer, at.x, at.nPad * at.stride + 4);
    view.fill(0);
    shape = { n, p };
    return view;
  };
  const fn = (X: Float32Array | Float64Array, n: number, p: number): Float64Array => {
    const inPlace = X === view && shape.n === n && shape.p === p && X.buffer === memory.buffer;
    // other float64 rows (never the draws' ranks) would be summed in another order than the JS product's, so they take it
    if (!inPlace && !(X instanceof Float32Array)) return jsGram(X, n, p);
    if (!inPlace) {
      const x = ensure(n, p);
      const stride = at.stride;
      for (let i = 0; i < n; i++) {
        x.set(X.subarray(i * p, (i + 1) * p), i * stride);
        if (stride > p) x[i * stride + p] = 0;
      }
      x.fill(0, n * stride);
    }
    k.gram(at.x, at.nPad, p, at.stride, at.g);
    const sq = new Float64Array(memory.buffer, at.g, at.nPad * at.nPad);
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = sq[i * at.nPad + j]!;
        g[i * n + j] = v;
        g[j * n + i] = v;
      }
    }
    return g;
  };
  const input = (n: number, p: number): GramInput => ({ data: ensure(n, p), stride: strideOf(p) });
  const ranks = (index: GramRankIndex, kept: Uint8Array, m: number, out: GramInput): void => {
    if (!slice || out.data !== view || out.stride !== at.stride || index.rows !== shape.n) throw new RangeError("gram-wasm ranks: out is not this kernel's input buffer");
    const keptAt = align(slice.offset + slice.bytes - rankBytes(index.cols));
    const scratchAt = align(keptAt + index.cols);
    if (keptAt < at.end) throw new RangeError(`gram-wasm ranks: ${index.cols} units do not fit the slice of ${slice.bytes} bytes`);
    new Uint8Array(memory.buffer, keptAt, index.cols).set(kept.subarray(0, index.cols));
    k.ranks(index.order.byteOffset, index.groupStart.byteOffset, index.rankPos.byteOffset, index.rows, index.cols, keptAt, m, at.x, at.stride, scratchAt);
  };
  return Object.assign(fn, { backend: GRAM_BACKEND, input, ...(slice ? { ranks } : {}) });
}
