import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { argsort } from './rank.js';

/**
 * Ranks of a unit subset without re-sorting (docs/paper-digest.md 5.2: 1000 draws of 80 % of units, the Spearman RDM
 * recomputed per draw). Each stimulus row is sorted once over all units; a draw then walks that order, skipping the
 * units it dropped, and hands out average-tie ranks among the kept ones: O(units) per row per draw instead of
 * O(units log units). ReLU layers have huge tie groups (zeros), so ties are tracked exactly.
 *
 * NaN propagates (rank.ts): a row whose kept units include a NaN gets all-NaN ranks in that draw, so its RDM
 * entries are NaN, as SciPy gives for the same subset; a NaN unit that the draw drops does not matter.
 */
export interface RankIndex {
  readonly rows: number;
  readonly cols: number;
  /** `[rows x cols]`: per row, unit indices in increasing value order. */
  readonly order: Int32Array;
  /** `[rows x cols]`: 1 where a sorted position starts a new tie group. */
  readonly groupStart: Uint8Array;
  /** `[rows x cols]`: per row, the sorted position of each unit (the inverse of `order`). */
  readonly rankPos: Int32Array;
  /** `[rows]`: per row, the sorted position where the NaN values start (argsort puts NaN last); cols when none. */
  readonly nanFrom: Int32Array;
}

/** Where an index's arrays go: `bytes` at `byteOffset` of `buffer` (e.g. inside a kernel's shared arena). */
export type IndexAlloc = (bytes: number) => { readonly buffer: ArrayBufferLike; readonly byteOffset: number };

/** Bytes of one index over `[rows x cols]` through an IndexAlloc (int32 order and rankPos, u8 groupStart, int32 nanFrom). */
export const rankIndexBytes = (rows: number, cols: number): number => rows * cols * 9 + rows * 4;

const ownBuffers = (shared: boolean): IndexAlloc => (bytes) => ({ buffer: shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), byteOffset: 0 });

/**
 * Sorts every row of `m [rows x cols]` once. Buffers may be SharedArrayBuffer-backed for worker threads (`true`),
 * or placed by an allocator.
 */
export function buildRankIndex(m: Matrix, shared: boolean | IndexAlloc = false): RankIndex {
  const { rows, cols, data } = m;
  const n = rows * cols;
  const alloc = typeof shared === 'function' ? shared : ownBuffers(shared);
  const ob = alloc(n * 4);
  const order = new Int32Array(ob.buffer, ob.byteOffset, n);
  const rb = alloc(n * 4);
  const rankPos = new Int32Array(rb.buffer, rb.byteOffset, n);
  const gb = alloc(n);
  const groupStart = new Uint8Array(gb.buffer, gb.byteOffset, n);
  const fb = alloc(rows * 4);
  const nanFrom = new Int32Array(fb.buffer, fb.byteOffset, rows).fill(cols);
  for (let i = 0; i < rows; i++) {
    const rowData = data.subarray(i * cols, (i + 1) * cols);
    const o = argsort(rowData);
    order.set(o, i * cols);
    let prev = NaN;
    for (let s = 0; s < cols; s++) {
      const v = rowData[o[s]!]!;
      if (v !== v && nanFrom[i] === cols) nanFrom[i] = s;
      groupStart[i * cols + s] = s === 0 || v !== prev ? 1 : 0;
      rankPos[i * cols + o[s]!] = s;
      prev = v;
    }
  }
  return { rows, cols, order, groupStart, rankPos, nanFrom };
}

/**
 * Kept-unit flags of `rng.sample(cols, k)` (core/rng.ts) without building and sorting the sample: the same partial
 * Fisher-Yates over the same stream, so the same set (and the same state of `rng` afterwards). Sorting 160k
 * indices per draw cost more than a block_0 Gram product. `pool` holds `cols` int32 (reused across draws).
 */
export function sampleFlags(rng: Rng, cols: number, k: number, kept: Uint8Array, pool: Int32Array): void {
  if (k > cols || k < 0) throw new RangeError(`cannot draw ${k} of ${cols} without replacement`);
  for (let i = 0; i < cols; i++) pool[i] = i;
  kept.fill(0, 0, cols);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(cols - i);
    const t = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = t;
    kept[t] = 1;
  }
}

/**
 * Kept-unit flags of a draw: `kept[u]` = 1 when unit u is kept. The compact column order of a draw's rank rows is
 * increasing unit order (any order shared by all rows and kinds gives the same Gram products). Returns the number
 * kept.
 */
export function keptFlags(keep: Int32Array, cols: number, kept: Uint8Array): number {
  kept.fill(0, 0, cols);
  for (let t = 0; t < keep.length; t++) kept[keep[t]!] = 1;
  return keep.length;
}

/**
 * Fills `out [rows x m]` (compact: kept units in increasing unit order; rows `stride` >= m floats apart, zeros
 * between; `out` needs rows * stride + 1 elements) with doubled centred average-tie ranks
 * 2r - (m + 1) of the kept units: integers, so exact in float32, and proportional to centred ranks (the scale
 * cancels in a correlation). `scratch` holds `cols` values.
 *
 * Two passes per row, so that neither scatters into a large array: (1) walk the sorted order reading the kept
 * flags (a byte per unit: a small, cache-resident table) and write each sorted position's rank to `scratch`
 * sequentially; (2) walk the units in order and gather `scratch[rankPos[u]]` for the kept ones (sequential
 * reads of rankPos, sequential writes). Measured ~2x faster than scattering through an Int32 position table.
 */
export function subsetCentredRanks(index: RankIndex, kept: Uint8Array, m: number, out: Float32Array | Float64Array, scratch: Float32Array, stride = m): void {
  const { rows, cols, order, groupStart, rankPos, nanFrom } = index;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    if (nanFrom[i]! < cols) {
      let keptNaN = 0;
      for (let s = nanFrom[i]!; s < cols; s++) keptNaN += kept[order[base + s]!]!;
      if (keptNaN > 0) {
        out.fill(NaN, i * stride, i * stride + m);
        if (stride > m) out.fill(0, i * stride + m, (i + 1) * stride);
        continue;
      }
    }
    let below = 0; // kept units in earlier groups
    let s = 0;
    while (s < cols) {
      let e = s + 1;
      while (e < cols && groupStart[base + e] === 0) e++;
      if (e === s + 1) {
        // branch-free: a dropped unit's slot gets a value nobody reads (kept flags are random, so a branch on them
        // mispredicts often)
        scratch[s] = 2 * below + 1 - m; // rank below+1, doubled and centred
        below += kept[order[base + s]!]!;
      } else {
        let c = 0;
        for (let q = s; q < e; q++) c += kept[order[base + q]!]!;
        // average rank of the group among kept: below + (c + 1) / 2; doubled and centred: 2 below + c - m
        scratch.fill(2 * below + c - m, s, e);
        below += c;
      }
      s = e;
    }
    // branch-free gather: a dropped unit writes the next slot, which the next kept unit (or the next row, or the
    // one element of slack after the last row) overwrites
    let t = i * stride;
    for (let u = 0; u < cols; u++) {
      out[t] = scratch[rankPos[base + u]!]!;
      t += kept[u]!;
    }
    // a padded row (stride > m, see GramFn.input) keeps zeros after its m ranks, the gather's spill included
    if (stride > m) out.fill(0, i * stride + m, (i + 1) * stride);
  }
}

/** Whether any row of the index holds a NaN (the kernels' rank pass does not handle them: see core/gram.ts). */
export const hasNanRows = (index: RankIndex): boolean => index.nanFrom.some((f) => f < index.cols);
