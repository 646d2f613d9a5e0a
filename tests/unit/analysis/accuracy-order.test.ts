import { describe, expect, it } from 'vitest';
import { Rng } from '../../../server/src/core/rng.js';
import { accuracyScores, nanMean, permutedAccuracy } from '../../../server/src/analysis/encoding/accuracy.js';
import type { AccuracyReading } from '../../../server/src/domain/vocabulary.js';

/**
 * The accuracy loops run several images side by side (issue 14: the draws' and permutations' sums are latency-bound
 * chains); each image's sums keep their order, so the scores must equal, to the bit, the one-image-at-a-time loop
 * written below as the reference, on image counts that are and are not multiples of 4, with permuted rows, vertex
 * subsets, NaN and constant responses.
 */
function reference(pred: Float64Array, meas: ArrayLike<number>, images: number, vertices: number, reading: AccuracyReading, rows?: ArrayLike<number>, cols?: ArrayLike<number>): Float64Array {
  const V = cols ? cols.length : vertices;
  const col = (c: number): number => (cols ? cols[c]! : c);
  const prow = (i: number): number => (rows ? rows[i]! : i);
  const lines = reading === 'ACROSS_VERTICES' ? images : V;
  const len = reading === 'ACROSS_VERTICES' ? V : images;
  const at = (line: number, k: number): [number, number] => (reading === 'ACROSS_VERTICES' ? [prow(line) * vertices + col(k), line * vertices + col(k)] : [prow(k) * vertices + col(line), k * vertices + col(line)]);
  const out = new Float64Array(lines);
  for (let l = 0; l < lines; l++) {
    let sp = 0, sm = 0;
    for (let k = 0; k < len; k++) {
      const [a, b] = at(l, k);
      sp += pred[a]!;
      sm += meas[b]!;
    }
    sp /= len;
    sm /= len;
    let spm = 0, spp = 0, smm = 0;
    for (let k = 0; k < len; k++) {
      const [a, b] = at(l, k);
      const x = pred[a]! - sp;
      const y = meas[b]! - sm;
      spm += x * y; spp += x * x; smm += y * y;
    }
    out[l] = spm / Math.sqrt(spp * smm);
  }
  return out;
}

function data(seed: number, images: number, vertices: number) {
  const rng = new Rng(seed);
  const pred = Float64Array.from({ length: images * vertices }, () => rng.normal());
  const meas = Float32Array.from({ length: images * vertices }, () => rng.normal() * 3 + 100);
  meas.fill(7, 0, vertices); // image 0: a constant measured row (NaN across vertices)
  pred[vertices + 2] = NaN; // image 1, vertex 2
  for (let i = 0; i < images; i++) pred[i * vertices + 4] = 0.5; // vertex 4: a constant prediction (NaN across images)
  return { rng, pred, meas };
}

describe('accuracy scores, several images per loop', () => {
  for (const [images, vertices] of [[40, 200], [13, 37], [3, 9], [1, 6]] as const) {
    it(`equal the one-image loop to the bit (${images} images x ${vertices} vertices)`, () => {
      const { rng, pred, meas } = data(images * 31 + vertices, images, vertices);
      const perm = rng.permutation(images);
      const cols = rng.sample(vertices, Math.max(2, Math.round(0.8 * vertices)));
      for (const reading of ['ACROSS_VERTICES', 'ACROSS_IMAGES'] as const) {
        for (const [rows, sub] of [[undefined, undefined], [perm, undefined], [undefined, cols], [perm, cols]] as const) {
          const got = accuracyScores(pred, meas, images, vertices, reading, rows, sub);
          expect(Array.from(got)).toEqual(Array.from(reference(pred, meas, images, vertices, reading, rows, sub)));
        }
        // the permutation shortcut centres and normalises first: its own order, checked against its definition
        const viaShortcut = permutedAccuracy(pred, meas, images, vertices, reading)(perm);
        const direct = nanMean(reference(pred, meas, images, vertices, reading, perm));
        if (Number.isNaN(direct)) expect(viaShortcut).toBeNaN();
        else expect(viaShortcut).toBeCloseTo(direct, 12);
      }
    });
  }
});
