import type { LabelledMatrix } from '../../core/matrix.js';
import { DomainError } from '../../core/errors.js';
import { ROI_NAMES, type RoiName, type SimilarityPair, type StimulusKind } from '../../domain/vocabulary.js';
import { mergeEncodingResults } from '../../analysis/encoding/encoding-parallel.js';
import type { EncodingComparison } from '../../analysis/encoding/encoding-stats.js';
import type { EncodingRecord } from '../../domain/records.js';
import type { JsonValue } from '../../store/types.js';
import { defineStage, type AnyStage, type Stage } from '../stage.js';
import { layerSimilarityStage, similarityOf, similarityOptions, type EncodingPayload } from './analysis-stages.js';
import { roiPatterns, roisOf, selectedOf, subjectOf, type BrainPayload, type SelectionPayload } from './brain-stages.js';
import type { PipelineDeps } from './deps.js';
import type { Pipeline } from './graph.js';
import { activationPatterns, type ActivationsPayload } from './network-stages.js';
import { subjectParam } from './subject-param.js';

/**
 * How a distributed run (queue/) cuts its large stages into jobs: a layer's similarity into blocks of draws, a
 * layer's encoding models into one job per subject x ROI. The blocks are artifacts of their own kinds; the merge
 * is the unsplit stage itself (same kind, version, params and inputs, so the same key) with a compute that reads
 * the blocks instead of redoing their work, and yields the unsplit payload bit for bit: every similarity draw has
 * its own seeded stream (analysis/similarity-draws.ts drawRng), and every encoding source its own (per-source
 * streams, analysis/encoding/encoding-parallel.ts), so results do not depend on the split. The embedded run never
 * builds these stages: its graph, keys and artifacts are untouched.
 */
export interface Split {
  /** The stage the blocks merge into, as the pipeline has it. */
  readonly whole: AnyStage;
  /** Blocks in merge order. */
  readonly blocks: readonly AnyStage[];
  /** `whole` computed from its blocks, resolving each through `read` (the store, or computing it when missing). */
  merged(read: (block: AnyStage) => Promise<object>): AnyStage;
}

export interface SplitOptions {
  /** Draws per similarity block (a layer with this many draws or fewer is one job). */
  readonly blockDraws: number;
}

type BlockPayload = { readonly meta: { readonly from: number; readonly to: number; readonly pairs: readonly SimilarityPair[] }; readonly [part: string]: unknown };

/** Draws from..to-1 of one layer's similarity: each pair's draws and nulls. */
export function similarityBlockStage(p: Pipeline, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>, from: number, to: number) {
  return defineStage({
    kind: 'similarity.block', version: '1', label: `similarity ${layer} draws ${from}-${to}`, params: { layer, ...similarityOptions(p.study), from, to }, inputs: { acts },
    compute: async ({ acts: a }, _p, ctx): Promise<BlockPayload> => {
      const patterns = Object.fromEntries(a.meta.kinds.map((k) => [k, activationPatterns(a, k)!]));
      const parts: Record<string, Float64Array> = {};
      const r = await similarityOf(deps, p.study, { kind: 'layer', layer }, patterns, parts, '', (done, total) => ctx.progress(done, total, 'draws'), { drawRange: { from, to } });
      ctx.provenance({ gramBackend: r.gramBackend });
      const out: Record<string, unknown> = { meta: { from, to, pairs: r.distributions.map((d) => d.pair) } };
      for (const d of r.distributions) {
        out[`${d.pair}.draws`] = d.draws;
        out[`${d.pair}.nulls`] = d.nulls;
      }
      return out as BlockPayload;
    },
  });
}

/** Every block's draws of each pair, concatenated in draw order (blocks cover 0..draws without gaps). */
export function concatBlocks(blocks: readonly BlockPayload[], draws: number): { sims: Float64Array[]; nulls: Float64Array[] } {
  const pairs = blocks[0]!.meta.pairs;
  const join = (suffix: string): Float64Array[] => pairs.map((pair) => {
    const out = new Float64Array(draws);
    let at = 0;
    for (const b of blocks) {
      if (b.meta.from !== at) throw new DomainError('CORRUPT_ARTIFACT', `similarity blocks do not tile the draws: a block starts at ${b.meta.from}, expected ${at}`);
      out.set(b[`${pair}.${suffix}`] as Float64Array, at);
      at = b.meta.to;
    }
    if (at !== draws) throw new DomainError('CORRUPT_ARTIFACT', `similarity blocks end at draw ${at}, not ${draws}`);
    return out;
  });
  return { sims: join('draws'), nulls: join('nulls') };
}

/** Encoding models of one layer for one subject and ROI (empty when the subject's selection lacks the ROI). */
export function encodingBlockStage(p: Pipeline, deps: PipelineDeps, layer: string, acts: Stage<ActivationsPayload>, brain: Stage<BrainPayload>, index: number, selection: Stage<SelectionPayload>, roi: RoiName) {
  const a = p.study.analysis;
  const subject = subjectParam(p.study, index);
  return defineStage({
    kind: 'encoding.block', version: '1', label: `encoding ${layer} ${subject} ${roi}`,
    params: { layer, subject, roi, encoding: (a.encoding ?? null) as JsonValue, seed: a.seed, draws: a.draws, permutations: a.permutations, fraction: a.fraction },
    inputs: { acts, brain, selection },
    compute: async ({ acts: x, brain: b, selection: sel }, _p, ctx): Promise<EncodingPayload> => {
      if (!roisOf(sel).includes(roi)) return { records: [], comparisons: [] };
      const f = (k: StimulusKind): LabelledMatrix => {
        const m = activationPatterns(x, k);
        if (!m) throw new Error(`activations of ${layer} lack ${k}`);
        return m;
      };
      const s = subjectOf(b, index);
      const idx = selectedOf(sel, roi);
      const source = { subject: s.meta.id, roi, responses: { RE: roiPatterns(s, idx, 'RE'), AN: roiPatterns(s, idx, 'AN'), AI: roiPatterns(s, idx, 'AI') } };
      const out = await deps.encoding({ layer, features: { RE: f('RE'), AN: f('AN'), AI: f('AI') }, sources: [source] }, a, (e) => ctx.progress(e.done, e.total, e.detail));
      return { records: out.records as unknown as JsonValue, comparisons: out.comparisons as JsonValue };
    },
  });
}

/** The splits of a pipeline's similarity and encoding stages, by the whole stage. */
export function pipelineSplits(p: Pipeline, deps: PipelineDeps, opts: SplitOptions): Map<AnyStage, Split> {
  if (!Number.isInteger(opts.blockDraws) || opts.blockDraws < 1) throw new DomainError('BAD_USER_INPUT', `draws per block must be a positive integer, got '${opts.blockDraws}'`);
  const out = new Map<AnyStage, Split>();
  const draws = p.study.analysis.draws;
  if (draws > opts.blockDraws) {
    for (const [layer, whole] of p.layerSimilarities) {
      const acts = p.activations.get(layer)!;
      const blocks: AnyStage[] = [];
      for (let from = 0; from < draws; from += opts.blockDraws) blocks.push(similarityBlockStage(p, deps, layer, acts, from, Math.min(draws, from + opts.blockDraws)));
      out.set(whole, {
        whole, blocks,
        merged: (read) => layerSimilarityStage(p.study, deps, layer, acts, async () => ({
          givenDraws: concatBlocks((await Promise.all(blocks.map(read))) as BlockPayload[], draws),
        })),
      });
    }
  }
  const families = ((p.study.analysis.encoding ?? {}) as { families?: readonly string[] }).families ?? ['ROMP', 'RIDGE'];
  for (const [layer, whole] of p.encodings) {
    const acts = p.activations.get(layer)!;
    // Subjects in the unsplit stage's order, each subject's ROIs in ROI_NAMES order (roisOf's): its source order.
    const blocks = p.selections.flatMap((sel, i) => ROI_NAMES.map((roi) => encodingBlockStage(p, deps, layer, acts, p.brain, i, sel, roi)));
    out.set(whole, {
      whole, blocks,
      merged: (read) => ({
        ...whole,
        compute: async (): Promise<EncodingPayload> => {
          const parts = (await Promise.all(blocks.map(read))) as EncodingPayload[];
          const r = mergeEncodingResults(parts.map((b) => ({ records: b.records as unknown as EncodingRecord[], comparisons: b.comparisons as unknown as EncodingComparison[] })), families);
          return { records: r.records as unknown as JsonValue, comparisons: r.comparisons as unknown as JsonValue };
        },
      }),
    });
  }
  return out;
}
