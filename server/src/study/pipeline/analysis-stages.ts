import type { LabelledMatrix } from '../../core/matrix.js';
import type { StudyDefinition } from '../definition/definition.js';
import type { JsonValue } from '../../store/types.js';
import type { RoiName, Source, StimulusKind } from '../../domain/vocabulary.js';
import type { DifferenceRecord, PowerRecord, RdmRecord, SimilarityRecord, TrendRecord } from '../../domain/records.js';
import { SIMILARITY_PAIRS, STIMULUS_KINDS } from '../../domain/vocabulary.js';
import { analysedLayers } from '../../domain/layer-role.js';
import { relatedStimulusId, STIMULUS_IDS, type StimulusIdCodec } from '../../domain/stimulus-id.js';
import { subjectParam } from './subject-param.js';
import { defineStage, type Stage } from '../stage.js';
import type { PipelineDeps } from './deps.js';
import type { SimilarityOptions } from '../../analysis/similarity.js';
import { activationPatterns, type ActivationsPayload } from './network-stages.js';
import { BRAIN_KINDS, roiPatterns, roisOf, selectedOf, subjectOf, type BrainPayload, type SelectionPayload } from './brain-stages.js';

/**
 * Analysis stages (paper sections 5 and 6): RDMs, RE-AN / RE-AI similarity with subsampling intervals and
 * permutation nulls, the trend over layers, encoding models and the power analysis. Each calls analysis/
 * through PipelineDeps and stores its records as JSON (they are small) and draw distributions as float parts.
 */

export type RdmPayload = { readonly records: JsonValue };

/** One RDM record per kind present, its rows relabelled from the RE source ids to the kind's own stimulus ids. */
export function rdmRecords(
  deps: Pick<PipelineDeps, 'rdm'>, source: Source, method: string, patterns: Partial<Record<StimulusKind, LabelledMatrix>>, ids: StimulusIdCodec = STIMULUS_IDS,
): RdmRecord[] {
  return STIMULUS_KINDS.filter((k) => patterns[k]).map((kind) => {
    const m = patterns[kind]!;
    return { source, stimulusKind: kind, method, stimulusIds: m.rowIds.map((id) => relatedStimulusId(id, kind, ids)), vector: Array.from(deps.rdm(m, method)) };
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
  const subject = subjectParam(study, index);
  return defineStage({
    kind: 'rdm.roi', version: '1', label: `rdm ${subject}`, params: { subject, method: study.analysis.rdmMethod }, inputs: { brain, selection },
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

export function similarityOptions(study: StudyDefinition) {
  const a = study.analysis;
  return { rdmMethod: a.rdmMethod, comparison: a.comparison, draws: a.draws, fraction: a.fraction, seed: a.seed };
}

export async function similarityOf(
  deps: PipelineDeps, study: StudyDefinition, source: Source, patterns: Partial<Record<StimulusKind, LabelledMatrix>>, parts: Record<string, Float64Array>, prefix: string,
  onProgress?: (done: number, total: number) => void, split: SimilaritySplit = {},
) {
  const r = await deps.similarity({ source, patterns: patterns as never }, { ...similarityOptions(study), ...(onProgress ? { onProgress } : {}), ...split });
  for (const d of r.distributions) {
    parts[`${prefix}${d.pair}.draws`] = d.draws;
    parts[`${prefix}${d.pair}.nulls`] = d.nulls;
  }
  parts[`${prefix}difference.draws`] = r.differenceDraws;
  return r;
}

/** A block of draws, or every block's draws to merge (a distributed run: split-stages.ts); default neither. */
export type SimilaritySplit = Pick<SimilarityOptions, 'drawRange' | 'givenDraws'>;

/**
 * `given`: where a distributed run's merge job takes the draws from (its blocks); the stage's kind, params and
 * inputs, hence its key and its payload, are those of the unsplit stage.
 */
export function layerSimilarityStage(study: StudyDefinition, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>, given?: () => Promise<SimilaritySplit>) {
  return defineStage({
    kind: 'similarity.layer', version: '3', label: `similarity ${layer}`, params: { layer, ...similarityOptions(study) }, inputs: { acts },
    compute: async ({ acts: a }, _p, ctx): Promise<SimilarityPayload> => {
      const patterns = Object.fromEntries(a.meta.kinds.map((k) => [k, activationPatterns(a, k)!]));
      const parts: Record<string, Float64Array> = {};
      const r = await similarityOf(deps, study, { kind: 'layer', layer }, patterns, parts, '', (done, total) => ctx.progress(done, total, 'draws'), await given?.());
      // float32 (tfjs) and float64 (JS) Gram products agree to ~1e-5; which one ran is provenance, not key
      ctx.provenance({ gramBackend: r.gramBackend });
      return { records: r.similarities as unknown as JsonValue, differences: [r.difference] as unknown as JsonValue, ...parts };
    },
  });
}

export function roiSimilarityStage(study: StudyDefinition, deps: PipelineDeps, brain: Stage<BrainPayload>, index: number, selection: Stage<SelectionPayload>) {
  const subject = subjectParam(study, index);
  return defineStage({
    kind: 'similarity.roi', version: '3', label: `similarity ${subject}`, params: { subject, ...similarityOptions(study) }, inputs: { brain, selection },
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
        if (i === 0) ctx.provenance({ gramBackend: r.gramBackend });
        records.push(...r.similarities);
        differences.push(r.difference);
        ctx.progress(i + 1, rois.length, roi);
      }
      return { records: records as unknown as JsonValue, differences: differences as unknown as JsonValue, ...parts };
    },
  });
}

export type TrendPayload = { readonly records: JsonValue };

/**
 * Mann-Kendall over the analysed layers (domain/layer-role.ts; the output layer is excluded, as in the paper's
 * text). A pair is tested where at least 3 of those layers have a record; missing layers are skipped.
 */
export function trendStage(deps: PipelineDeps, layers: readonly { name: string; ordinal: number }[], sims: Record<string, Stage<SimilarityPayload>>) {
  const analysed = analysedLayers(layers).map((l) => l.name);
  return defineStage({
    kind: 'trends', version: '2', label: 'trends', params: { layers: analysed }, inputs: sims,
    compute: async (inputs, p): Promise<TrendPayload> => {
      const all = Object.values(inputs as Record<string, SimilarityPayload>).flatMap((s) => s.records as unknown as SimilarityRecord[]);
      const records: TrendRecord[] = deps.trends(all, p.layers, SIMILARITY_PAIRS.filter((pair) => all.some((r) => r.pair === pair)));
      return { records: records as unknown as JsonValue };
    },
  });
}

export type EncodingPayload = { readonly records: JsonValue; readonly comparisons: JsonValue };

/**
 * Encoding models of one layer for every subject and ROI (fit on RE, tested on AN and AI). One stage per layer:
 * analysis/ fits all sources' vertices in one pass over the features.
 */
export function encodingStage(study: StudyDefinition, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>, brain: Stage<BrainPayload>, selections: readonly Stage<SelectionPayload>[]) {
  const a = study.analysis;
  // Inputs named by subject id; read back in the subjects' order (their positions in the brain artifact).
  const names = selections.map((_, i) => `selection.${subjectParam(study, i)}`);
  const sel = Object.fromEntries(selections.map((s, i) => [names[i]!, s]));
  return defineStage({
    kind: 'encoding', version: '2', label: `encoding ${layer}`,
    params: { layer, encoding: (a.encoding ?? null) as JsonValue, seed: a.seed, draws: a.draws, permutations: a.permutations, fraction: a.fraction },
    inputs: { acts, brain, ...sel },
    compute: async (all, _p, ctx): Promise<EncodingPayload> => {
      const inputs = all as unknown as Record<string, unknown> & { acts: ActivationsPayload; brain: BrainPayload };
      const f = (k: StimulusKind): LabelledMatrix => {
        const m = activationPatterns(inputs.acts, k);
        if (!m) throw new Error(`activations of ${layer} lack ${k}`);
        return m;
      };
      const sources = names.flatMap((name, i) => {
        const s = subjectOf(inputs.brain, i);
        const selection = inputs[name] as SelectionPayload;
        return roisOf(selection).map((roi) => {
          const idx = selectedOf(selection, roi);
          return { subject: s.meta.id, roi, responses: { RE: roiPatterns(s, idx, 'RE'), AN: roiPatterns(s, idx, 'AN'), AI: roiPatterns(s, idx, 'AI') } };
        });
      });
      const out = await deps.encoding({ layer, features: { RE: f('RE'), AN: f('AN'), AI: f('AI') }, sources }, a, (e) => ctx.progress(e.done, e.total, e.detail));
      return { records: out.records as unknown as JsonValue, comparisons: out.comparisons as JsonValue };
    },
  });
}

export type PowerPayload = { readonly records: JsonValue };

/** The power stage's inputs: each subject's ROI similarity, named by the subject's id, in the subjects' order. */
export function powerInputs(study: StudyDefinition, sims: readonly Stage<SimilarityPayload>[]): [string, Stage<SimilarityPayload>][] {
  return sims.map((s, i) => [subjectParam(study, i), s]);
}

/** Power of the RE-AI vs RE-AN difference per ROI over the subjects (paper 5.2), subjects in the given order. */
export function powerStage(deps: PipelineDeps, sims: readonly (readonly [string, Stage<SimilarityPayload>])[]) {
  const names = sims.map(([id]) => id);
  return defineStage({
    kind: 'power', version: '2', label: 'power', params: {}, inputs: Object.fromEntries(sims),
    compute: async (inputs): Promise<PowerPayload> => {
      const diffs = names.flatMap((k) => (inputs as Record<string, SimilarityPayload>)[k]!.differences as unknown as DifferenceRecord[]);
      const rois = [...new Set(diffs.map((d) => (d.source.kind === 'roi' ? d.source.roi : null)).filter((r): r is RoiName => r !== null))];
      const records: PowerRecord[] = rois.map((roi) => deps.power(roi, diffs.filter((d) => d.source.kind === 'roi' && d.source.roi === roi).map((d) => d.value)));
      return { records: records as unknown as JsonValue };
    },
  });
}
