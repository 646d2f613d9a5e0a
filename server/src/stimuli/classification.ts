import type { Matrix } from '../core/matrix.js';

/** One class score of a stimulus: ImageNet index 0..999, label, probability. */
export interface ClassScore {
  readonly index: number;
  readonly label: string;
  readonly probability: number;
}

/**
 * The top-k classes of each row of a probability matrix [n x 1000], highest first; ties go to the lower index, so
 * the table is the same on every run.
 */
export function topK(probs: Matrix<Float32Array>, labels: readonly string[], k = 5): ClassScore[][] {
  const out: ClassScore[][] = [];
  for (let r = 0; r < probs.rows; r++) out.push(topKOf(probs.data.subarray(r * probs.cols, (r + 1) * probs.cols), labels, k));
  return out;
}

/** Top-k of one probability vector [1000]. */
export function topKOf(p: ArrayLike<number>, labels: readonly string[], k = 5): ClassScore[] {
  const idx = Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[b]! - p[a]! || a - b);
  return idx.slice(0, k).map((i) => ({ index: i, label: labels[i] ?? `class ${i}`, probability: p[i]! }));
}
