import type { LabelledMatrix } from '../../core/matrix.js';
import type { StudyDefinition } from '../../stimuli/definition.js';
import type { JsonValue } from '../../store/types.js';
import type { DifferenceRecord, EncodingRecord, PowerRecord, RdmRecord, RoiName, SimilarityRecord, Source, StimulusKind, TrendRecord } from '../model.js';
import { SIMILARITY_PAIRS } from '../model.js';
import { defineStage, type Stage } from '../stage.js';
import type { PipelineDeps } from './deps.js';
import { activationPatterns, type ActivationsPayload } from './network-stages.js';
import { BRAIN_KINDS, roiPatterns, roisOf, selectedOf, subjectOf, type BrainPayload, type SelectionPayload } from './brain-stages.js';

/**
 * Analysis stages (paper sections 5 and 6): RDMs, RE-AN / RE-AI similarity with subsampling intervals and
 * permutation nulls, the trend over layers, encoding models and the power analysis. Each calls analysis/
 * through PipelineDeps and stores its records as JSON (they are small) and draw distributions as float parts.
 */

export type RdmPayload = { readonly records: JsonValue };

const STIMULUS_ORDER: readonly StimulusKind[] = ['RE', 'AN', 'AI', 'AI_CONTROL'];

function rdmRecords(deps: PipelineDeps, source: Source, method: string, patterns: Partial<Record<StimulusKind, LabelledMatrix>>): RdmRecord[] {
  return STIMULUS_ORDER.filter((k) => patterns[k]).map((kind) => {
    const m = patterns[kind]!;
    return { source, stimulusKind: kind, method, stimulusIds: m.rowIds.map((id) => (kind === 'RE' ? id : `${kind}-${id.slice(3)}`)), vector: Array.from(deps.rdm(m, method)) };
  });
}

export function layerRdmStage(study: StudyDefinition, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>) {
  return defineStage({
    kind: 'rdm.layer', version: '1', label: `rdm ${layer}`, params: { layer, method: study.analysis.rdmMethod }, inputs: { acts },
    compute: async ({ acts: a }, p): Promise<RdmPayload> => {
      const patterns = Object.fromEntries(a.meta.kinds.map((k) => [k, activationPatterns(a, k)!]));
      return { records: rdmRecords(deps, { kind: 'layer', layer }, p.method, patterns) as unknown as JsonValue };
    },
  });
}

export function roiRdmStage(study: StudyDefinition, deps: PipelineDeps, brain: Stage<BrainPayload>, index: number, selection: Stage<SelectionPayload>) {
  return defineStage({
    kind: 'rdm.roi', version: '1', label: `rdm subject ${index + 1}`, params: { subject: index, method: study.analysis.rdmMethod }, inputs: { brain, selection },
    compute: async ({ brain: b, selection: sel }, p): Promise<RdmPayload> => {
      const s = subjectOf(b, index);
      const records = roisOf(sel).flatMap((roi) => {
        const idx = selectedOf(sel, roi);
        const patterns = Object.fromEntries(BRAIN_KINDS.map((k) => [k, roiPatterns(s, idx, k)]));
        return rdmRecords(deps, { kind: 'roi', subject: s.meta.id, roi }, p.method, patterns);
      });
      return { records: records as unknown as JsonValue };
    },
  });
}

export type SimilarityPayload = {
  readonly records: JsonValue;
  readonly differences: JsonValue;
  readonly [draws: string]: unknown;
};

function similarityOptions(study: StudyDefinition) {
  const a = study.analysis;
  return { rdmMethod: a.rdmMethod, comparison: a.comparison, draws: a.draws, fraction: a.fraction, seed: a.seed };
}

async function similarityOf(deps: PipelineDeps, study: StudyDefinition, source: Source, patterns: Partial<Record<StimulusKind, LabelledMatrix>>, parts: Record<string, Float64Array>, prefix: string) {
  const r = await deps.similarity({ source, patterns: patterns as never }, similarityOptions(study));
  for (const d of r.distributions) {
    parts[`${prefix}${d.pair}.draws`] = d.draws;
    parts[`${prefix}${d.pair}.nulls`] = d.nulls;
  }
  parts[`${prefix}difference.draws`] = r.differenceDraws;
  return r;
}

export function layerSimilarityStage(study: StudyDefinition, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>) {
  return defineStage({
    kind: 'similarity.layer', version: '1', label: `similarity ${layer}`, params: { layer, ...similarityOptions(study) }, inputs: { acts },
    compute: async ({ acts: a }): Promise<SimilarityPayload> => {
      const patterns = Object.fromEntries(a.meta.kinds.map((k) => [k, activationPatterns(a, k)!]));
      const parts: Record<string, Float64Array> = {};
      const r = await similarityOf(deps, study, { kind: 'layer', layer }, patterns, parts, '');
      return { records: r.similarities as unknown as JsonValue, differences: [r.difference] as unknown as JsonValue, ...parts };
    },
  });
}

export function roiSimilarityStage(study: StudyDefinition, deps: PipelineDeps, brain: Stage<BrainPayload>, index: number, selection: Stage<SelectionPayload>) {
  return defineStage({
    kind: 'similarity.roi', version: '1', label: `similarity subject ${index + 1}`, params: { subject: index, ...similarityOptions(study) }, inputs: { brain, selection },
    compute: async ({ brain: b, selection: sel }, _p, ctx): Promise<SimilarityPayload> => {
      const s = subjectOf(b, index);
      const records: SimilarityRecord[] = [];
      const differences: DifferenceRecord[] = [];
      const parts: Record<string, Float64Array> = {};
      const rois = roisOf(sel);
      for (const [i, roi] of rois.entries()) {
        const idx = selectedOf(sel, roi);
        const patterns = Object.fromEntries(BRAIN_KINDS.map((k) => [k, roiPatterns(s, idx, k)]));
        const r = await similarityOf(deps, study, { kind: 'roi', subject: s.meta.id, roi }, patterns, parts, `${roi}.`);
        records.push(...r.similarities);
        differences.push(r.difference);
        ctx.progress(i + 1, rois.length, roi);
      }
      return { records: records as unknown as JsonValue, differences: differences as unknown as JsonValue, ...parts };
    },
  });
}

export type TrendPayload = { readonly records: JsonValue };

/** Mann-Kendall over the analysed layers (ordinals 1..8; the output layer is excluded, as in the paper's text). */
export function trendStage(deps: PipelineDeps, layers: readonly { name: string; ordinal: number }[], sims: Record<string, Stage<SimilarityPayload>>) {
  const analysed = layers.filter((l) => l.ordinal <= 8).sort((a, b) => a.ordinal - b.ordinal).map((l) => l.name);
  return defineStage({
    kind: 'trends', version: '1', label: 'trends', params: { layers: analysed }, inputs: sims,
    compute: async (inputs, p): Promise<TrendPayload> => {
      const all = Object.values(inputs as Record<string, SimilarityPayload>).flatMap((s) => s.records as unknown as SimilarityRecord[]);
      const records: TrendRecord[] = SIMILARITY_PAIRS.filter((pair) => all.some((r) => r.pair === pair)).map((pair) => {
        const values = p.layers.map((layer) => all.find((r) => r.pair === pair && r.source.kind === 'layer' && r.source.layer === layer)!.value);
        return deps.trend(pair, p.layers, values);
      });
      return { records: records as unknown as JsonValue };
    },
  });
}

export type EncodingPayload = { readonly records: JsonValue };

/** Encoding models of one subject and layer, for every ROI (fit on RE, tested on AN and AI). */
export function encodingStage(study: StudyDefinition, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>, brain: Stage<BrainPayload>, index: number, selection: Stage<SelectionPayload>) {
  const enc = (study.analysis as Record<string, unknown>).encoding ?? null;
  return defineStage({
    kind: 'encoding', version: '1', label: `encoding subject ${index + 1} ${layer}`,
    params: { subject: index, layer, encoding: enc as JsonValue, seed: study.analysis.seed, draws: study.analysis.draws, fraction: study.analysis.fraction },
    inputs: { acts, brain, selection },
    compute: async ({ acts: a, brain: b, selection: sel }, _p, ctx): Promise<EncodingPayload> => {
      const s = subjectOf(b, index);
      const records: EncodingRecord[] = [];
      const rois = roisOf(sel);
      for (const [i, roi] of rois.entries()) {
        const idx = selectedOf(sel, roi);
        const features: Record<string, LabelledMatrix<Float32Array>> = {};
        const responses: Record<string, LabelledMatrix<Float32Array>> = {};
        for (const k of BRAIN_KINDS) {
          const f = activationPatterns(a, k);
          if (!f) continue;
          const r = roiPatterns(s, idx, k);
          // Align the brain rows to the network rows by source id (house style 7).
          const order = f.rowIds.map((id) => r.rowIds.indexOf(id));
          if (order.some((j) => j < 0)) continue;
          features[k] = f;
          responses[k] = reorderRows(r, order, f.rowIds);
        }
        const rs = await deps.encoding({ subject: s.meta.id, roi, layer, features: features as never, responses: responses as never, rowIds: features.RE!.rowIds }, study.analysis, (e) => ctx.progress(i * 100 + Math.round((e.done / Math.max(1, e.total)) * 100), rois.length * 100, roi));
        records.push(...rs);
      }
      return { records: records as unknown as JsonValue };
    },
  });
}

function reorderRows(m: LabelledMatrix<Float32Array>, order: readonly number[], ids: readonly string[]): LabelledMatrix<Float32Array> {
  const out = new Float32Array(order.length * m.cols);
  order.forEach((j, i) => out.set(m.data.subarray(j * m.cols, (j + 1) * m.cols), i * m.cols));
  return { rows: order.length, cols: m.cols, data: out, rowIds: ids };
}

export type PowerPayload = { readonly records: JsonValue };

/** Power of the RE-AI vs RE-AN difference per ROI over the subjects (paper 5.2). */
export function powerStage(deps: PipelineDeps, sims: Record<string, Stage<SimilarityPayload>>) {
  return defineStage({
    kind: 'power', version: '1', label: 'power', params: {}, inputs: sims,
    compute: async (inputs): Promise<PowerPayload> => {
      const diffs = Object.keys(inputs).sort().flatMap((k) => (inputs as Record<string, SimilarityPayload>)[k]!.differences as unknown as DifferenceRecord[]);
      const rois = [...new Set(diffs.map((d) => (d.source.kind === 'roi' ? d.source.roi : null)).filter((r): r is RoiName => r !== null))];
      const records: PowerRecord[] = rois.map((roi) => deps.power(roi, diffs.filter((d) => d.source.kind === 'roi' && d.source.roi === roi).map((d) => d.value)));
      return { records: records as unknown as JsonValue };
    },
  });
}
