import type { AccuracyReading } from '../../study/model.js';

/**
 * Prediction accuracy of an encoding model (paper-digest 6; numerics.md): Pearson r between predicted and measured
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
