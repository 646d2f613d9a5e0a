import { gram as jsGram, type GramFn, type GramInput } from '../analysis/gram.js';
import { GRAM_WAT } from './gram-wasm.wat.js';

/**
 * The exact float64 Gram product of the similarity draws as a WebAssembly SIMD kernel (compute/gram-wasm.wat.ts,
 * assembled here by wabt: no committed binary), injectable by URL like compute/gram-tfjs.ts (analysis/ imports
 * neither). For integer inputs whose partial sums stay below 2^53 (the draws' doubled centred ranks) its result
 * equals the JS product bit for bit; for other float32 inputs it agrees to float64 rounding; float64 inputs go to
 * the JS product.
 *
 * `input(n, p)` hands out a float32 buffer inside the kernel's memory so the rank pass writes the rows where the
 * kernel reads them (no copy per product); any other X is copied in, padded.
 */
export const GRAM_BACKEND = 'wasm-simd-f64';

/** The part of the WebAssembly API used here (the ES2023 lib has no WebAssembly types; Node has the global). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports?: object): Promise<{ readonly exports: object }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernel {
  readonly memory: WasmMemory;
  gram(x: number, n: number, p: number, stride: number, g: number): void;
}

let compiled: Promise<object> | undefined;

/** Assembles the WAT once per thread (wabt's own start-up is ~100 ms; a layer's draws then reuse the module). */
function kernelModule(): Promise<object> {
  compiled ??= (async () => {
    const wabt = await (await import('wabt')).default();
    const parsed = wabt.parseWat('gram.wat', GRAM_WAT, { simd: true, bulk_memory: true });
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
/** Row stride in floats: even (the kernel reads feature pairs) with one zero slot when p is odd. */
const strideOf = (p: number): number => p + (p & 1);

export async function createGram(): Promise<GramFn> {
  const instance = await wasm.instantiate(await kernelModule());
  const k = instance.exports as unknown as Kernel;
  // layout: G [nPad x nPad] float64 at 0, then X [nPad x stride] float32 (+ slack for the rank pass's gather)
  let shape = { n: -1, p: -1 };
  let xOffset = 0;
  let view: Float32Array | undefined;
  const ensure = (n: number, p: number): Float32Array => {
    if (view && shape.n === n && shape.p === p && view.buffer === k.memory.buffer) return view;
    const nPad = pad4(n);
    const stride = strideOf(p);
    xOffset = (nPad * nPad * 8 + 15) & ~15;
    const bytes = xOffset + (nPad * stride + 4) * 4;
    const have = k.memory.buffer.byteLength;
    if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
    view = new Float32Array(k.memory.buffer, xOffset, nPad * stride + 4);
    view.fill(0);
    shape = { n, p };
    return view;
  };
  const fn = (X: Float32Array | Float64Array, n: number, p: number): Float64Array => {
    // the kernel reads float32; float64 rows (never the draws' ranks) would be rounded, so they take the JS product
    if (!(X instanceof Float32Array)) return jsGram(X, n, p);
    const nPad = pad4(n);
    const stride = strideOf(p);
    const inPlace = X === view && shape.n === n && shape.p === p && X.buffer === k.memory.buffer;
    if (!inPlace) {
      const x = ensure(n, p);
      for (let i = 0; i < n; i++) {
        x.set(X.subarray(i * p, (i + 1) * p), i * stride);
        if (stride > p) x[i * stride + p] = 0;
      }
      x.fill(0, n * stride);
    }
    k.gram(xOffset, nPad, p, stride, 0);
    const sq = new Float64Array(k.memory.buffer, 0, nPad * nPad);
    const g = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = sq[i * nPad + j]!;
        g[i * n + j] = v;
        g[j * n + i] = v;
      }
    }
    return g;
  };
  const input = (n: number, p: number): GramInput => {
    const data = ensure(n, p);
    return { data, stride: strideOf(p) };
  };
  return Object.assign(fn, { backend: GRAM_BACKEND, input });
}
