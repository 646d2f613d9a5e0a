/**
 * Constructed results for the claims tests: `paperLike()` is a study where every claim of the registry holds, built
 * from the paper's own figure values where they are consistent with its text (Fig. 3, the encoding counts) and
 * from a plain decreasing / increasing pair over layers for Fig. 5 (the paper's Fig. 5 RE-AI values do not
 * decline, digest 9.13). Tests change one thing and check that the claim then fails.
 */
import type { EncodingComparison } from '../../../server/src/analysis/encoding/encoding-stats.js';
import type { ClaimInputs } from '../../../server/src/analysis/claims/types.js';
import { PAPER_FIG3, PAPER_POWER } from '../../../server/src/analysis/claims/paper.js';
import type {
  DifferenceRecord, EncodingRecord, LayerRecord, PowerRecord, RoiName, SearchlightMap, SimilarityPair, SimilarityRecord, Source, StimulusRecord,
} from '../../../server/src/analysis/claims/records.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** ClaimInputs with mutable lists and records, so that a test can change one number. */
export interface Inputs extends ClaimInputs {
  layers: Mutable<LayerRecord>[];
  stimuli: Mutable<StimulusRecord>[];
  similarities: Mutable<SimilarityRecord>[];
  differences: Mutable<DifferenceRecord>[];
  power: Mutable<PowerRecord>[];
  searchlight: Mutable<SearchlightMap>[];
  encoding: Mutable<EncodingRecord>[];
  encodingComparisons: Mutable<EncodingComparison>[] | null;
}

export const LAYER_NAMES = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8'];
/** RE-AI declining, RE-AN rising over layers 1..8 and staying below RE-AI through layer 7; reversed at the output. */
export const FIG5 = {
  reAi: [0.9, 0.85, 0.8, 0.75, 0.7, 0.66, 0.62, 0.58],
  reAn: [0.0, 0.02, 0.2, 0.25, 0.3, 0.45, 0.5, 0.6],
  output: { reAn: 0.55, reAi: 0.15 },
};

function layer(name: string, ordinal: number): LayerRecord {
  return { name, ordinal, activation: 'post-relu', units: 100, shape: [100], description: name };
}

export function sim(source: Source, pair: SimilarityPair, value: number, p: number): Mutable<SimilarityRecord> {
  return { source, pair, rdmMethod: 'one_minus_spearman', comparison: 'spearman', value, ciLow: value - 0.05, ciHigh: value + 0.05, p, null: { mean: 0, sd: 0.05, q95: 0.08, draws: 1000 } };
}

export function diff(source: Source, value: number, p: number, ci = 0.05): Mutable<DifferenceRecord> {
  return { source, value, ciLow: value - ci, ciHigh: value + ci, p };
}

function stimuli(): Mutable<StimulusRecord>[] {
  const out: Mutable<StimulusRecord>[] = [];
  for (let i = 0; i < 40; i++) {
    const base = { sourceId: `RE-c${i}`, group: 'dogs', classIndex: i, classLabel: `class ${i}`, humanLabel: `class ${i}`, generation: null, metrics: null, imageSha256: '' };
    out.push({ ...base, id: `RE-c${i}`, kind: 'RE', targetIndex: null, targetLabel: null, top: [{ index: i, label: '', probability: 0.995 }] });
    out.push({ ...base, id: `AN-c${i}`, kind: 'AN', targetIndex: null, targetLabel: null, humanLabel: 'noise', top: [{ index: i, label: '', probability: 0.999 }] });
    out.push({ ...base, id: `AI-c${i}`, kind: 'AI', targetIndex: 500 + i, targetLabel: 'wrong', top: [{ index: 500 + i, label: '', probability: 0.6 }] });
  }
  return out;
}

const SUBJECTS = ['Sub1', 'Sub2', 'Sub3'];
const ROIS: RoiName[] = ['V1', 'V2', 'V3', 'V4', 'LO'];

export function paperLike(): Inputs {
  const layers = [...LAYER_NAMES.map((n, i) => layer(n, i + 1)), layer('prob', 9), layer('logits', 0)];
  const similarities: Mutable<SimilarityRecord>[] = [];
  const differences: Mutable<DifferenceRecord>[] = [];
  LAYER_NAMES.forEach((name, i) => {
    const src: Source = { kind: 'layer', layer: name };
    similarities.push(sim(src, 'RE_AN', FIG5.reAn[i]!, i < 2 ? 0.3 : 0.001), sim(src, 'RE_AI', FIG5.reAi[i]!, 0.001));
    differences.push(diff(src, FIG5.reAi[i]! - FIG5.reAn[i]!, i < 7 ? 0.001 : 0.375));
  });
  for (const name of ['prob', 'logits']) {
    const src: Source = { kind: 'layer', layer: name };
    similarities.push(sim(src, 'RE_AN', FIG5.output.reAn, 0.001), sim(src, 'RE_AI', FIG5.output.reAi, 0.2));
    differences.push(diff(src, FIG5.output.reAi - FIG5.output.reAn, 1, 0.15));
  }
  // Fig. 3 as printed, with the text's p-values: RE-AI above the null everywhere, RE-AN in four tests.
  PAPER_FIG3.forEach((r, k) => {
    const src: Source = { kind: 'roi', subject: r.subject, roi: r.roi };
    similarities.push(sim(src, 'RE_AN', r.reAn, k % 4 === 0 ? 0.01 : 0.4), sim(src, 'RE_AI', r.reAi, 0.001));
    differences.push(diff(src, r.reAi - r.reAn, 0.001));
  });
  const power: Mutable<PowerRecord>[] = ROIS.map((roi) => ({ roi, nSubjects: 3, differences: [0.2, 0.25, 0.3], dz: 4, power: PAPER_POWER[roi], minN: 3 }));
  const encoding: Mutable<EncodingRecord>[] = [];
  const encodingComparisons: Mutable<EncodingComparison>[] = [];
  let k = 0;
  for (const subject of SUBJECTS) {
    for (const roi of ROIS) {
      for (const layerName of LAYER_NAMES) {
        const base = { subject, roi, layer: layerName, family: 'ROMP' as const, reading: 'ACROSS_IMAGES' as const, ciLow: 0, ciHigh: 0, scores: [] };
        // 113 of 120 AI models and 9 of 120 AN models significant, as in the paper
        encoding.push({ ...base, testKind: 'AI', r: 0.2, p: k < 113 ? 0.001 : 0.3 });
        encoding.push({ ...base, testKind: 'AN', r: 0.01, p: k < 9 ? 0.01 : 0.5 });
        encodingComparisons.push({ subject, roi, layer: layerName, family: 'ROMP', reading: 'ACROSS_IMAGES', difference: 0.19, ciLow: 0.1, ciHigh: 0.3, p: k === 119 ? 0.11 : 0.001 });
        k++;
      }
    }
  }
  // Searchlight maps: 2 vertices per ROI and hemisphere (and one outside every ROI), RE-AI above RE-AN (Fig. 4).
  const rois: (RoiName | null)[] = [...ROIS.flatMap((r) => [r, r]), null];
  const searchlight: Mutable<SearchlightMap>[] = SUBJECTS.flatMap((subject) => (['LH', 'RH'] as const).flatMap((hemisphere) => (['RE_AN', 'RE_AI'] as const).map((pair) => ({
    subject, hemisphere, pair, radiusMm: 3, vertexIds: rois.map((_, i) => `${hemisphere}${i}`), x: rois.map(() => 0), y: rois.map(() => 0),
    roi: rois, values: rois.map((_, i) => (pair === 'RE_AI' ? 0.3 : 0.02) + 0.01 * (i % 2)),
  }))));
  return { layers, stimuli: stimuli(), similarities, differences, power, searchlight, encoding, encodingComparisons };
}

/** Inputs of a study without brain data: no ROI results, no power, no encoding. */
export function networkOnly(): Inputs {
  const p = paperLike();
  return {
    ...p,
    similarities: p.similarities.filter((r) => r.source.kind === 'layer'),
    differences: p.differences.filter((r) => r.source.kind === 'layer'),
    power: [], searchlight: [], encoding: [], encodingComparisons: [],
  };
}

export function layerSim(inputs: Inputs, layerName: string, pair: SimilarityPair): Mutable<SimilarityRecord> {
  return inputs.similarities.find((r) => r.source.kind === 'layer' && r.source.layer === layerName && r.pair === pair)!;
}

export function layerDiff(inputs: Inputs, layerName: string): Mutable<DifferenceRecord> {
  return inputs.differences.find((r) => r.source.kind === 'layer' && r.source.layer === layerName)!;
}

/** Status and the first `n` used numbers (value and total only), for compact expectations. */
export function head(c: { status: string; used: readonly { value: number | null; total?: number }[] }, n: number): { status: string; used: { value: number | null; total?: number }[] } {
  return { status: c.status, used: c.used.slice(0, n).map((u) => ({ value: u.value, ...(u.total !== undefined ? { total: u.total } : {}) })) };
}
