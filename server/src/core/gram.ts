/**
 * A Gram product `X [n x p]` row-major -> `G [n x n]` (the contract of analysis/gram.ts `gram`). Injectable so a
 * faster backend (analysis/kernels/gram-wasm.ts: exact WebAssembly SIMD; compute/gram-tfjs.ts: a float32 tfjs
 * matMul) can replace the JS product without analysis/ importing tfjs, and without compute/ importing analysis/.
 * `backend` names it for provenance (the JS one is 'js-f64').
 */
export type GramFn = ((X: Float64Array | Float32Array, n: number, p: number) => Float64Array) & {
  readonly backend?: string;
  /**
   * A buffer in the product's own memory (e.g. a WebAssembly kernel's) for `[n x p]` rows `stride` floats apart,
   * zero between p and stride (the writer keeps it so); passing it back as X skips the copy-in. Absent: X is any
   * contiguous `[n x p]` array.
   */
  readonly input?: (n: number, p: number) => GramInput;
  /**
   * analysis/subset-ranks.ts `subsetCentredRanks` in the kernel (same values), writing into `out` from `input`.
   * Present only on a product created over an arena slice; the index must live in that arena, and hold no NaN row
   * (the caller falls back to the JS pass, which propagates NaN, for those).
   */
  readonly ranks?: (index: GramRankIndex, kept: Uint8Array, m: number, out: GramInput) => void;
};

/** The part of analysis/subset-ranks.ts `RankIndex` a rank kernel reads (structural, so core imports nothing). */
export interface GramRankIndex {
  readonly rows: number;
  readonly cols: number;
  readonly order: Int32Array;
  readonly groupStart: Uint8Array;
  readonly rankPos: Int32Array;
}

/**
 * See GramFn.input: `data` holds at least rows * stride + 1 values (one slot of slack after the last row); float32 or
 * float64 as the product reads best (the ranks written into it are integers, exact in either).
 */
export interface GramInput {
  readonly data: Float32Array | Float64Array;
  readonly stride: number;
}

/**
 * A shared linear memory that a kernel addresses directly: the rank indexes are built into it once and every
 * thread's kernel reads them in place (no copy per worker).
 */
export interface Arena {
  /** Cloneable to worker threads (e.g. a shared WebAssembly.Memory). */
  readonly memory: unknown;
  readonly buffer: SharedArrayBuffer;
}

/** One thread's private bytes [offset, offset + bytes) of an arena, for the kernel's own buffers. */
export interface ArenaSlice {
  readonly memory: unknown;
  readonly offset: number;
  readonly bytes: number;
}

/** What a gram module (given by URL, so worker threads can load it themselves) exports. */
export interface GramModule {
  /** With a slice, the product works inside that arena (and may offer `ranks`); without, in memory of its own. */
  createGram(slice?: ArenaSlice): Promise<GramFn>;
  /** Kernels that read rank indexes in place offer an arena of `bytes` ... */
  createArena?(bytes: number): Arena;
  /** ... and say how many bytes one thread's slice needs for `[n x p]` rank rows. */
  threadBytes?(n: number, p: number): number;
}
