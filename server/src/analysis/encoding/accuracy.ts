import type { AccuracyReading } from '../../domain/vocabulary.js';

/**
 * Prediction accuracy of an encoding model (docs/paper-digest.md 6; docs/numerics.md): Pearson r between predicted and measured
 * responses `[images x vertices]`, read two ways the paper allows:
 *   ACROSS_VERTICES: per image, r over the vertices; scores `[images]`;
 *   ACROSS_IMAGES:   per vertex, r over the images; scores `[vertices]`.
 * The accuracy is the mean of the scores, ignoring NaN (a constant prediction, e.g. a model with no atoms, has no r).
 * `rows` maps measured row i to predicted row rows[i] (a permutation for the null; identity by default);
 * `cols` restricts to a vertex subset (the subsampling draws).
 */
export function accuracyScores(
  pred: Float64Array, meas: ArrayLike<number>, images: number, vertices: number, reading: AccuracyReading,
  rows?: ArrayLike<number>, cols?: ArrayLike<number>,
): Float64Array {
  const V = cols ? cols.length : vertices;
  const col = (c: number): number => (cols ? cols[c]! : c);
  const prow = (i: number): number => (rows ? rows[i]! : i);
  if (reading === 'ACROSS_VERTICES') {
    const out = new Float64Array(images);
    for (let i = 0; i < images; i++) {
      const pb = prow(i) * vertices;
      const mb = i * vertices;
      let sp = 0, sm = 0;
      for (let c = 0; c < V; c++) {
        sp += pred[pb + col(c)]!;
        sm += meas[mb + col(c)]!;
      }
      sp /= V;
      sm /= V;
      let spm = 0, spp = 0, smm = 0;
      for (let c = 0; c < V; c++) {
        const a = pred[pb + col(c)]! - sp;
        const b = meas[mb + col(c)]! - sm;
        spm += a * b; spp += a * a; smm += b * b;
      }
      out[i] = spm / Math.sqrt(spp * smm);
    }
    return out;
  }
  const out = new Float64Array(V);
  for (let c = 0; c < V; c++) {
    const v = col(c);
    let sp = 0, sm = 0;
    for (let i = 0; i < images; i++) {
      sp += pred[prow(i) * vertices + v]!;
      sm += meas[i * vertices + v]!;
    }
    sp /= images;
    sm /= images;
    let spm = 0, spp = 0, smm = 0;
    for (let i = 0; i < images; i++) {
      const a = pred[prow(i) * vertices + v]! - sp;
      const b = meas[i * vertices + v]! - sm;
      spm += a * b; spp += a * a; smm += b * b;
    }
    out[c] = spm / Math.sqrt(spp * smm);
  }
  return out;
}

/** Mean ignoring NaN (NaN when every score is NaN). */
export function nanMean(x: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isNaN(x[i]!)) {
      s += x[i]!;
      k++;
    }
  }
  return k === 0 ? NaN : s / k;
}

/**
 * Accuracy under shuffled image labels, fast: permuting images leaves every per-vertex mean and norm over images
 * (ACROSS_IMAGES) and every per-image mean and norm over vertices (ACROSS_VERTICES) unchanged, so both sides are
 * centred and normalised once and each permutation costs one cross product per score. Returns a function of the
 * permutation giving the mean score (NaN-ignoring), equal to nanMean(accuracyScores(..., perm)).
 */
export function permutedAccuracy(
  pred: Float64Array, meas: ArrayLike<number>, images: number, vertices: number, reading: AccuracyReading,
): (perm: ArrayLike<number>) => number {
  const P = Float64Array.from(pred);
  const M = Float64Array.from(meas);
  const across = reading === 'ACROSS_IMAGES';
  // centre and scale to unit norm along the correlation axis
  const lines = across ? vertices : images;
  const len = across ? images : vertices;
  const at = (line: number, k: number): number => (across ? k * vertices + line : line * vertices + k);
  for (const X of [P, M]) {
    for (let l = 0; l < lines; l++) {
      let s = 0;
      for (let k = 0; k < len; k++) s += X[at(l, k)]!;
      s /= len;
      let ss = 0;
      for (let k = 0; k < len; k++) {
        const v = X[at(l, k)]! - s;
        X[at(l, k)] = v;
        ss += v * v;
      }
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : NaN;
      for (let k = 0; k < len; k++) X[at(l, k)] = X[at(l, k)]! * inv;
    }
  }
  return (perm) => {
    let sum = 0;
    let count = 0;
    if (across) {
      const acc = new Float64Array(vertices);
      for (let i = 0; i < images; i++) {
        const pb = perm[i]! * vertices;
        const mb = i * vertices;
        for (let v = 0; v < vertices; v++) acc[v] += P[pb + v]! * M[mb + v]!;
      }
      for (let v = 0; v < vertices; v++) if (!Number.isNaN(acc[v]!)) { sum += acc[v]!; count++; }
    } else {
      for (let i = 0; i < images; i++) {
        const pb = perm[i]! * vertices;
        const mb = i * vertices;
        let r = 0;
        for (let v = 0; v < vertices; v++) r += P[pb + v]! * M[mb + v]!;
        if (!Number.isNaN(r)) { sum += r; count++; }
      }
    }
    return count === 0 ? NaN : sum / count;
  };
}
