import { DomainError } from '../../core/errors.js';
import { alignRows, type LabelledMatrix, type Matrix } from '../../core/matrix.js';
import { pick } from '../../core/registry.js';
import { Rng } from '../../core/rng.js';
import type { AccuracyReading, EncodingFamily, RoiName } from '../../domain/vocabulary.js';
import type { EncodingRecord } from '../../domain/records.js';
import { interval95, pAbsGreaterEqual } from '../percentile.js';
import { accuracyScores, nanMean, permutedAccuracy } from './accuracy.js';
import { ENCODING_FAMILY_FNS, type FamilyOptions } from './families.js';

/**
 * Encoding statistics of one network layer for many subject x ROI sources (docs/paper-digest.md 6; Fig. 6). Per vertex a
 * model is trained on the 40 RE images and predicts the AN and AI responses. Every source's vertices are fitted in
 * one call per family (targets are independent; the features are streamed once for all of them).
 * - r: mean accuracy over all vertices (ACROSS_IMAGES) or images (ACROSS_VERTICES), see accuracy.ts;
 * - interval: 95 % percentile interval over `draws` subsamples of `fraction` of the source's vertices;
 * - p: image labels of the measured responses shuffled `permutations` times (no refit: the models never saw AN/AI),
 *   two-sided on |r| (the paper's significant AN models include negative r): (1 + #{|null| >= |r|}) / (1 + perms);
 * - AI > AN: the same vertex subsets for both, p = (1 + #{draws with r_AI - r_AN <= 0}) / (1 + draws).
 */
export interface EncodingLayerInput {
  readonly layer: string;
  /** `[40 x units]` activations per kind, rows labelled by category (aligned to RE's ids). */
  readonly features: { readonly RE: LabelledMatrix; readonly AN: LabelledMatrix; readonly AI: LabelledMatrix };
}

export interface EncodingSourceInput {
  readonly subject: string;
  readonly roi: RoiName;
  /** `[40 x vertices]` responses per kind (trials averaged), rows labelled by category. */
  readonly responses: { readonly RE: LabelledMatrix; readonly AN: LabelledMatrix; readonly AI: LabelledMatrix };
}

export interface EncodingOptions extends FamilyOptions {
  readonly families?: readonly EncodingFamily[];
  readonly readings?: readonly AccuracyReading[];
  readonly draws?: number;
  readonly permutations?: number;
  readonly fraction?: number;
  readonly seed?: number;
}

export interface EncodingComparison {
  readonly subject: string;
  readonly roi: RoiName;
  readonly layer: string;
  readonly family: EncodingFamily;
  readonly reading: AccuracyReading;
  /** r_AI - r_AN on all vertices, its 95 % interval over the draws, and the one-sided p of AI > AN. */
  readonly difference: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly p: number;
}

export interface EncodingResult {
  readonly records: EncodingRecord[];
  readonly comparisons: EncodingComparison[];
}

const TEST_KINDS = ['AN', 'AI'] as const;

export function encodingStatistics(layer: EncodingLayerInput, sources: readonly EncodingSourceInput[], options: EncodingOptions = {}): EncodingResult {
  const families = options.families ?? (['ROMP', 'RIDGE'] as const);
  const prep = prepareEncoding(layer, sources);
  const predictions = families.map((family) => familyPredictions(prep.features, prep.responses, family, options));
  return encodingFromPredictions(layer.layer, sources, prep, families, predictions, options);
}

/** The RE, AN and AI features aligned to RE's ids, and every source's RE responses side by side. */
export interface PreparedEncoding {
  readonly ids: readonly string[];
  readonly features: { readonly RE: LabelledMatrix; readonly AN: LabelledMatrix; readonly AI: LabelledMatrix };
  /** `[n x sum(vertices)]`, sources in order. */
  readonly responses: Matrix<Float64Array>;
  readonly widths: readonly number[];
  /** Per source, the AN and AI responses aligned to RE's ids. */
  readonly measured: readonly { readonly AN: LabelledMatrix; readonly AI: LabelledMatrix }[];
}

export function prepareEncoding(layer: EncodingLayerInput, sources: readonly EncodingSourceInput[]): PreparedEncoding {
  const ids = layer.features.RE.rowIds;
  const n = ids.length;
  const features = { RE: layer.features.RE, AN: alignRows(layer.features.AN, ids), AI: alignRows(layer.features.AI, ids) };
  // all sources' RE responses side by side: [n x sum(vertices)]
  const widths = sources.map((s) => s.responses.RE.cols);
  const total = widths.reduce((a, b) => a + b, 0);
  const yRe = new Float64Array(n * total);
  let off = 0;
  const measured = sources.map((s, k) => {
    const re = alignRows(s.responses.RE, ids);
    const w = widths[k]!;
    for (const kind of TEST_KINDS) {
      if (s.responses[kind].cols !== w) throw new DomainError('SHAPE_MISMATCH', `${s.subject}/${s.roi}: ${kind} has ${s.responses[kind].cols} vertices, RE has ${w}`);
    }
    for (let i = 0; i < n; i++) for (let v = 0; v < w; v++) yRe[i * total + off + v] = re.data[i * w + v]!;
    off += w;
    return { AN: alignRows(s.responses.AN, ids), AI: alignRows(s.responses.AI, ids) };
  });
  return { ids, features, responses: { rows: n, cols: total, data: yRe }, widths, measured };
}

/** Predicted AN and AI responses `[n x targets]` of one family's models, fitted per target on the RE responses. */
export interface FamilyPredictions {
  readonly AN: Matrix<Float64Array>;
  readonly AI: Matrix<Float64Array>;
}

/**
 * Fits every target (column of `responses`) of one family and predicts AN and AI. Each target's model depends on
 * its own column alone (ROMP's selection and least squares, ridge's LOO alpha), so a column range fitted apart
 * gives the same bits as those columns of one call (encoding-parallel.ts splits vertices this way).
 */
export function familyPredictions(features: PreparedEncoding['features'], responses: Matrix, family: EncodingFamily, options: FamilyOptions): FamilyPredictions {
  const fit = pick(ENCODING_FAMILY_FNS, family, 'encoding family');
  const model = fit(features.RE, responses, options);
  return { AN: model.predict(features.AN), AI: model.predict(features.AI) };
}

/** The statistics of every source from the families' predictions (in `families` order), records as in one call. */
export function encodingFromPredictions(
  layerName: string, sources: readonly EncodingSourceInput[], prep: PreparedEncoding, families: readonly EncodingFamily[],
  predictions: readonly FamilyPredictions[], options: EncodingOptions,
): EncodingResult {
  const readings = options.readings ?? (['ACROSS_IMAGES', 'ACROSS_VERTICES'] as const);
  const draws = options.draws ?? 1000;
  const perms = options.permutations ?? 1000;
  const fraction = options.fraction ?? 0.8;
  const seed = options.seed ?? 0;
  const n = prep.ids.length;
  const { widths, measured } = prep;
  const records: EncodingRecord[] = [];
  const comparisons: EncodingComparison[] = [];
  families.forEach((family, f) => {
    const predAll = predictions[f]!;
    let start = 0;
    sources.forEach((s, k) => {
      const w = widths[k]!;
      const pred = { AN: sliceCols(predAll.AN, start, w), AI: sliceCols(predAll.AI, start, w) };
      start += w;
      for (const reading of readings) {
        const rng = new Rng(`${seed}|${s.subject}|${s.roi}|${layerName}|${family}|${reading}`);
        const subsets = Array.from({ length: draws }, () => rng.sample(w, Math.max(2, Math.round(fraction * w))));
        const permutations = Array.from({ length: perms }, () => rng.permutation(n));
        const drawR = { AN: new Float64Array(draws), AI: new Float64Array(draws) };
        const obs = { AN: 0, AI: 0 };
        for (const kind of TEST_KINDS) {
          const meas = measured[k]![kind].data;
          const scores = accuracyScores(pred[kind], meas, n, w, reading);
          obs[kind] = nanMean(scores);
          // per-vertex scores do not depend on which other vertices are drawn: average the subset's scores
          const sub = new Float64Array(subsets[0]?.length ?? 0);
          subsets.forEach((idx, d) => {
            if (reading === 'ACROSS_IMAGES') {
              for (let q = 0; q < idx.length; q++) sub[q] = scores[idx[q]!]!;
              drawR[kind][d] = nanMean(sub);
            } else {
              drawR[kind][d] = nanMean(accuracyScores(pred[kind], meas, n, w, reading, undefined, idx));
            }
          });
          const permuted = permutedAccuracy(pred[kind], meas, n, w, reading);
          const nulls = permutations.map(permuted);
          const ci = interval95(drawR[kind]);
          records.push({
            subject: s.subject, roi: s.roi, layer: layerName, family, testKind: kind, reading,
            r: obs[kind], ciLow: ci.low, ciHigh: ci.high, p: pAbsGreaterEqual(nulls, obs[kind]), scores: Array.from(scores),
          });
        }
        const diff = drawR.AI.map((v, d) => v - drawR.AN[d]!);
        const dci = interval95(diff);
        let nonPositive = 0;
        for (const v of diff) if (!(v > 0)) nonPositive++;
        comparisons.push({
          subject: s.subject, roi: s.roi, layer: layerName, family, reading,
          difference: obs.AI - obs.AN, ciLow: dci.low, ciHigh: dci.high, p: (1 + nonPositive) / (1 + draws),
        });
      }
    });
  });
  return { records, comparisons };
}

/** Counts significant models (p < alpha) per family, reading and test kind (paper: 113/120 AI, 9/120 AN). */
export function countSignificant(records: readonly EncodingRecord[], alpha = 0.05): Map<string, { significant: number; total: number }> {
  const out = new Map<string, { significant: number; total: number }>();
  for (const r of records) {
    const key = `${r.family}/${r.reading}/${r.testKind}`;
    const c = out.get(key) ?? { significant: 0, total: 0 };
    c.total++;
    if (r.p < alpha) c.significant++;
    out.set(key, c);
  }
  return out;
}

function sliceCols(m: Matrix<Float64Array>, start: number, w: number): Float64Array {
  const out = new Float64Array(m.rows * w);
  for (let i = 0; i < m.rows; i++) out.set(m.data.subarray(i * m.cols + start, i * m.cols + start + w), i * w);
  return out;
}
