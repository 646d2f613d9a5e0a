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
  if (reading === 'ACROSS_VERTICES') return acrossVerticesSubset(pred, meas, images, vertices, rows, cols ?? Int32Array.from({ length: vertices }, (_, c) => c));
  const V = cols ? cols.length : vertices;
  const out = new Float64Array(V);
  for (let c = 0; c < V; c++) {
    const v = cols ? cols[c]! : c;
    let sp = 0, sm = 0;
    for (let i = 0; i < images; i++) {
      sp += pred[(rows ? rows[i]! : i) * vertices + v]!;
      sm += meas[i * vertices + v]!;
    }
    sp /= images;
    sm /= images;
    let spm = 0, spp = 0, smm = 0;
    for (let i = 0; i < images; i++) {
      const a = pred[(rows ? rows[i]! : i) * vertices + v]! - sp;
      const b = meas[i * vertices + v]! - sm;
      spm += a * b; spp += a * a; smm += b * b;
    }
    out[c] = spm / Math.sqrt(spp * smm);
  }
  return out;
}

/**
 * ACROSS_VERTICES, per image: r over the vertices of `cols` (all of them: the identity), each image's sums in
 * vertex order as one generic loop would, so the same bits. Each sum is a latency-bound chain, and this runs once
 * per draw (the encoding draws' main cost), so four images run side by side.
 */
function acrossVerticesSubset(pred: Float64Array, meas: ArrayLike<number>, images: number, vertices: number, rows: ArrayLike<number> | undefined, cols: ArrayLike<number>): Float64Array {
  const V = cols.length;
  const out = new Float64Array(images);
  let i = 0;
  for (; i + 3 < images; i += 4) {
    const p0 = (rows ? rows[i]! : i) * vertices, p1 = (rows ? rows[i + 1]! : i + 1) * vertices;
    const p2 = (rows ? rows[i + 2]! : i + 2) * vertices, p3 = (rows ? rows[i + 3]! : i + 3) * vertices;
    const m0 = i * vertices, m1 = m0 + vertices, m2 = m1 + vertices, m3 = m2 + vertices;
    let sp0 = 0, sp1 = 0, sp2 = 0, sp3 = 0, sm0 = 0, sm1 = 0, sm2 = 0, sm3 = 0;
    for (let c = 0; c < V; c++) {
      const v = cols[c]!;
      sp0 += pred[p0 + v]!; sp1 += pred[p1 + v]!; sp2 += pred[p2 + v]!; sp3 += pred[p3 + v]!;
      sm0 += meas[m0 + v]!; sm1 += meas[m1 + v]!; sm2 += meas[m2 + v]!; sm3 += meas[m3 + v]!;
    }
    sp0 /= V; sp1 /= V; sp2 /= V; sp3 /= V; sm0 /= V; sm1 /= V; sm2 /= V; sm3 /= V;
    let x0 = 0, x1 = 0, x2 = 0, x3 = 0, pp0 = 0, pp1 = 0, pp2 = 0, pp3 = 0, mm0 = 0, mm1 = 0, mm2 = 0, mm3 = 0;
    for (let c = 0; c < V; c++) {
      const v = cols[c]!;
      const a0 = pred[p0 + v]! - sp0, b0 = meas[m0 + v]! - sm0;
      const a1 = pred[p1 + v]! - sp1, b1 = meas[m1 + v]! - sm1;
      const a2 = pred[p2 + v]! - sp2, b2 = meas[m2 + v]! - sm2;
      const a3 = pred[p3 + v]! - sp3, b3 = meas[m3 + v]! - sm3;
      x0 += a0 * b0; pp0 += a0 * a0; mm0 += b0 * b0;
      x1 += a1 * b1; pp1 += a1 * a1; mm1 += b1 * b1;
      x2 += a2 * b2; pp2 += a2 * a2; mm2 += b2 * b2;
      x3 += a3 * b3; pp3 += a3 * a3; mm3 += b3 * b3;
    }
    out[i] = x0 / Math.sqrt(pp0 * mm0);
    out[i + 1] = x1 / Math.sqrt(pp1 * mm1);
    out[i + 2] = x2 / Math.sqrt(pp2 * mm2);
    out[i + 3] = x3 / Math.sqrt(pp3 * mm3);
  }
  for (; i < images; i++) {
    const pb = (rows ? rows[i]! : i) * vertices;
    const mb = i * vertices;
    let sp = 0, sm = 0;
    for (let c = 0; c < V; c++) {
      sp += pred[pb + cols[c]!]!;
      sm += meas[mb + cols[c]!]!;
    }
    sp /= V;
    sm /= V;
    let spm = 0, spp = 0, smm = 0;
    for (let c = 0; c < V; c++) {
      const a = pred[pb + cols[c]!]! - sp;
      const b = meas[mb + cols[c]!]! - sm;
      spm += a * b; spp += a * a; smm += b * b;
    }
    out[i] = spm / Math.sqrt(spp * smm);
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
      // acc[v] takes the images in order, four per pass over the vertices (one load and store of acc[v] per pass)
      const acc = new Float64Array(vertices);
      let i = 0;
      for (; i + 3 < images; i += 4) {
        const p0 = perm[i]! * vertices, p1 = perm[i + 1]! * vertices, p2 = perm[i + 2]! * vertices, p3 = perm[i + 3]! * vertices;
        const m0 = i * vertices, m1 = m0 + vertices, m2 = m1 + vertices, m3 = m2 + vertices;
        for (let v = 0; v < vertices; v++) {
          let t = acc[v]!;
          t += P[p0 + v]! * M[m0 + v]!;
          t += P[p1 + v]! * M[m1 + v]!;
          t += P[p2 + v]! * M[m2 + v]!;
          t += P[p3 + v]! * M[m3 + v]!;
          acc[v] = t;
        }
      }
      for (; i < images; i++) {
        const pb = perm[i]! * vertices;
        const mb = i * vertices;
        for (let v = 0; v < vertices; v++) acc[v] += P[pb + v]! * M[mb + v]!;
      }
      for (let v = 0; v < vertices; v++) if (!Number.isNaN(acc[v]!)) { sum += acc[v]!; count++; }
    } else {
      // one sequential sum per image (a latency-bound chain): four images side by side
      let i = 0;
      const add = (r: number): void => {
        if (!Number.isNaN(r)) { sum += r; count++; }
      };
      for (; i + 3 < images; i += 4) {
        const p0 = perm[i]! * vertices, p1 = perm[i + 1]! * vertices, p2 = perm[i + 2]! * vertices, p3 = perm[i + 3]! * vertices;
        const m0 = i * vertices, m1 = m0 + vertices, m2 = m1 + vertices, m3 = m2 + vertices;
        let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        for (let v = 0; v < vertices; v++) {
          r0 += P[p0 + v]! * M[m0 + v]!;
          r1 += P[p1 + v]! * M[m1 + v]!;
          r2 += P[p2 + v]! * M[m2 + v]!;
          r3 += P[p3 + v]! * M[m3 + v]!;
        }
        add(r0); add(r1); add(r2); add(r3);
      }
      for (; i < images; i++) {
        const pb = perm[i]! * vertices;
        const mb = i * vertices;
        let r = 0;
        for (let v = 0; v < vertices; v++) r += P[pb + v]! * M[mb + v]!;
        add(r);
      }
    }
    return count === 0 ? NaN : sum / count;
  };
}
