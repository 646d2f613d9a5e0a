/**
 * One similarity draw against its hardware bound, measured in the same run (issue 14; house style 19): the bound
 * is kinds x (float32 Gram of the draw's `[40 x m]` rank rows with NumPy's BLAS on one thread) plus a streaming
 * pass over the bytes the rank pass must at least move (the index read once: 9 bytes per unit and row; the rank
 * rows written and read back once: 2 x 4 bytes per kept unit and row), the faster of NumPy's copy and a JS pass.
 * The bound with NumPy's float64 product beside it is the exact one: the draws' products must be exact (integer
 * ranks whose products reach 2^36, beyond float32's 24-bit significand), and for them float64 is exact
 * (docs/performance.md). Beside it: the draw with the WebAssembly kernels (analysis/kernels/gram-wasm.ts, over an
 * arena as in the pipeline) and with the JS ones, and per kind the rank pass and the Gram product of each. The rank
 * passes draw a new kept set for every repetition (outside the timing): with one set, the branch predictor learns
 * it and the figure flatters the pass. Best of `reps`, in CPU time of the
 * process on both sides (the machine is shared: a wall time also counts the time spent waiting for a core, which
 * differs between the two processes), the whole draw in wall time too.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../server/src/core/matrix.js';
import { Rng } from '../server/src/core/rng.js';
import { gram as jsGram } from '../server/src/analysis/gram.js';
import { prepareProblem, runDraws } from '../server/src/analysis/similarity-draws.js';
import { buildRankIndex, keptFlags, rankIndexBytes, subsetCentredRanks } from '../server/src/analysis/subset-ranks.js';
import { createArena, createGram, threadBytes } from '../server/src/analysis/kernels/gram-wasm.js';

const PY = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../bench/draw_bound.py');

/** Best CPU time of `f` in ms (the wall time of that best run in `wall`); `before(r)` runs untimed before each run. */
function timed(reps: number, f: () => void, before?: (r: number) => void): { cpu: number; wall: number } {
  before?.(-1);
  f();
  const b = { cpu: Infinity, wall: Infinity };
  for (let r = 0; r < reps; r++) {
    before?.(r);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    b.cpu = Math.min(b.cpu, (c.user + c.system) / 1000);
    b.wall = Math.min(b.wall, t);
  }
  return b;
}

const best = (reps: number, f: () => void, before?: (r: number) => void): number => timed(reps, f, before).cpu;

/** A JS streaming pass: read `bytes / 2`, write `bytes / 2` (float64 words). */
function jsStream(bytes: number, reps: number): number {
  const src = new Float64Array(Math.floor(bytes / 16)).fill(1);
  const dst = new Float64Array(src.length);
  return best(reps, () => dst.set(src));
}

function numpyBound(n: number, m: number, bytes: number): { gram: number; gram64: number; stream: number; gramWall: number; streamWall: number } | undefined {
  if (!existsSync(PY) || !existsSync(SCRIPT)) return undefined;
  try {
    const out = execFileSync(PY, [SCRIPT, String(n), String(m), String(bytes)], {
      encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out) as { gram_ms: number; stream_ms: number; gram_cpu_ms: number; stream_cpu_ms: number; gram64_cpu_ms: number };
    return { gram: r.gram_cpu_ms, gram64: r.gram64_cpu_ms, stream: r.stream_cpu_ms, gramWall: r.gram_ms, streamWall: r.stream_ms };
  } catch (e) {
    console.log(`    numpy bound failed: ${(e as Error).message}`);
    return undefined;
  }
}

const ms = (v: number): string => `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`;

/** Prints the per-draw figures of `patterns` (kind 0 is RE) with `fraction` of the units kept. */
export async function drawBoundReport(label: string, patterns: readonly Matrix[], fraction = 0.8, reps = 5): Promise<void> {
  const n = patterns[0]!.rows;
  const p = patterns[0]!.cols;
  const m = Math.max(2, Math.round(fraction * p));
  const kinds = patterns.length;
  // pipeline layout: one arena with the main thread's slice and every kind's index
  const slice = (threadBytes(n, p) + 63) & ~63;
  const arena = createArena(slice + kinds * (rankIndexBytes(n, p) + 192));
  let next = slice;
  const alloc = (bytes: number) => {
    const at = next;
    next = (next + bytes + 63) & ~63;
    return { buffer: arena.buffer, byteOffset: at };
  };
  const wasmProblem = prepareProblem(patterns, 'one_minus_spearman', 'spearman', alloc);
  const jsProblem = { ...wasmProblem, rankIndex: patterns.map((x) => buildRankIndex(x)) };
  const wasm = await createGram({ memory: arena.memory, offset: 0, bytes: slice });

  // per kind, kind 0 (RE): rank pass and Gram of each implementation
  const kept = new Uint8Array(p);
  const drawKept = (r: number): void => void keptFlags(new Rng(r + 2).sample(p, m), p, kept);
  const compact = new Float32Array(n * m + 1);
  const scratch = new Float32Array(p);
  const jsRanks = best(reps, () => subsetCentredRanks(jsProblem.rankIndex[0]!, kept, m, compact, scratch), drawKept);
  const jsProduct = best(reps, () => jsGram(compact, n, m));
  const buf = wasm.input!(n, m);
  const wasmRanks = best(reps, () => wasm.ranks!(wasmProblem.rankIndex![0]!, kept, m, buf), drawKept);
  const wasmProduct = best(reps, () => wasm(buf.data, n, m));
  // whole draws (ranks, Gram, RDMs, comparisons, the label permutation), as a worker runs them; small sources take
  // several draws per timing so that the clock's resolution does not matter
  const per = Math.max(1, Math.min(200, Math.round(2e6 / (kinds * n * p))));
  const wasmT = timed(reps, () => runDraws(wasmProblem, 1, fraction, 0, per, { gram: wasm }));
  const jsT = timed(per > 1 ? reps : 2, () => runDraws(jsProblem, 1, fraction, 0, per));
  const wasmDraw = wasmT.cpu / per;
  const jsDraw = jsT.cpu / per;

  const bytes = kinds * n * (9 * p + 8 * m);
  const np = numpyBound(n, m, bytes);
  const js = jsStream(bytes, reps);
  const stream = Math.min(js, np?.stream ?? Infinity);
  const gramBound = np ? Math.min(np.gram, wasmProduct) : wasmProduct;
  const bound = kinds * gramBound + stream;
  // the exact bound: the fastest float64 product (exact on the draws' integer ranks)
  const exactGram = np ? Math.min(np.gram64, wasmProduct) : wasmProduct;
  const exactBound = kinds * exactGram + stream;
  console.log(`  ${label}: ${kinds} kinds x [${n} x ${m}] of ${p} units`);
  console.log(`    per kind  rank pass: wasm ${ms(wasmRanks)}, js ${ms(jsRanks)};  Gram: wasm-f64 ${ms(wasmProduct)}, js-f64 ${ms(jsProduct)}, numpy-f32 ${np ? ms(np.gram) : 'n/a'}, numpy-f64 ${np ? ms(np.gram64) : 'n/a'}`);
  console.log(`    bound     ${ms(bound)} per draw = ${kinds} x ${ms(gramBound)} Gram + ${ms(stream)} streaming ${(bytes / 1e6).toFixed(0)} MB (numpy copy ${np ? ms(np.stream) : 'n/a'}, js ${ms(js)})`);
  console.log(`    exact     ${ms(exactBound)} per draw = ${kinds} x ${ms(exactGram)} float64 Gram + ${ms(stream)} streaming`);
  console.log(`    per draw  wasm ${ms(wasmDraw)} (${(wasmDraw / bound).toFixed(2)}x bound, ${(wasmDraw / exactBound).toFixed(2)}x exact bound), js ${ms(jsDraw)} (${(jsDraw / bound).toFixed(2)}x bound; wasm ${(jsDraw / wasmDraw).toFixed(2)}x faster)`);
  const wallBound = np ? kinds * np.gramWall + np.streamWall : NaN;
  console.log(`    wall      wasm ${ms(wasmT.wall / per)}, js ${ms(jsT.wall / per)}, numpy bound ${np ? ms(wallBound) : 'n/a'}`);
}
