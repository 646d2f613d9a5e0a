import { DEFAULT_CLAIM_OPTIONS, evaluateClaims } from '../analysis/claims/registry.js';
import type { ClaimEvaluation, ClaimInputs, ClaimOptions } from '../analysis/claims/types.js';
import type { EncodingComparison } from '../analysis/encoding/encoding-stats.js';
import { unknownName } from '../core/errors.js';
import type { AccuracyReading, EncodingFamily, SimilarityRecord } from './model.js';
import type { StudyService } from './service.js';
import { PipelineStudyService } from './study-service.js';

/**
 * The paper's claims evaluated on a study (issue 11, item 5): gathers the records each claim reads from the
 * StudyService (computing what the store lacks, as every read does) and runs the registry of
 * analysis/claims. The same evaluation runs per convention-grid cell (grid-service.ts).
 */

/** The claims of one set of results, with the conventions that produced them. */
export interface ClaimSet {
  readonly study: string;
  readonly network: string;
  /** RDM dissimilarity and RDM comparison of the similarities the claims read. */
  readonly dissimilarity: string;
  readonly comparison: string;
  /** Subsampling draws (and permutations) behind every similarity p and interval. */
  readonly draws: number;
  readonly encodingFamily: EncodingFamily;
  readonly encodingReading: AccuracyReading;
  readonly claims: readonly ClaimEvaluation[];
}

/** Refuses a study id the service does not serve, naming the ones it does (today one study per service). */
export async function requireServedStudy(study: StudyService, id: string | null | undefined): Promise<string> {
  const served = (await study.summary()).id;
  if (id != null && id !== served) throw unknownName('UNKNOWN_STUDY', 'study', id, [served]);
  return served;
}

/**
 * AI-vs-AN encoding comparisons: stored beside the encoding records but not part of the StudyService interface;
 * read from the pipeline when the service is the pipeline's, null otherwise (the claim is then not computable).
 */
export async function encodingComparisons(study: StudyService): Promise<EncodingComparison[] | null> {
  if (!(study instanceof PipelineStudyService)) return null;
  const parts = await Promise.all([...study.pipeline.encodings.values()].map((s) => study.part(s, 'comparisons')));
  return parts.flatMap((p) => p as EncodingComparison[]);
}

/** Everything the claims read that does not depend on the RDM convention (shared by every grid cell). */
export async function sharedClaimInputs(study: StudyService): Promise<Omit<ClaimInputs, 'similarities' | 'differences' | 'power' | 'searchlight'>> {
  const [layers, stimuli, encoding, comparisons] = await Promise.all([study.layers(), study.stimuli(), study.encoding(), encodingComparisons(study)]);
  return { layers, stimuli, encoding, encodingComparisons: comparisons };
}

export async function studyClaimInputs(study: StudyService): Promise<ClaimInputs> {
  const [shared, similarities, differences, power, searchlight] = await Promise.all([sharedClaimInputs(study), study.similarities(), study.differences(), study.power(), study.searchlight()]);
  return { ...shared, similarities, differences, power, searchlight };
}

/** The conventions recorded on the similarities themselves (each record names its method, comparison and draws). */
export function conventionOf(similarities: readonly SimilarityRecord[], fallback: { rdmMethod: string; comparison: string; draws: number }): { dissimilarity: string; comparison: string; draws: number } {
  const r = similarities[0];
  return r ? { dissimilarity: r.rdmMethod, comparison: r.comparison, draws: r.null.draws } : { dissimilarity: fallback.rdmMethod, comparison: fallback.comparison, draws: fallback.draws };
}

export function claimSet(meta: { study: string; network: string }, inputs: ClaimInputs, convention: { dissimilarity: string; comparison: string; draws: number }, options: ClaimOptions = {}): ClaimSet {
  const claims = evaluateClaims(inputs, options);
  return {
    ...meta, ...convention,
    encodingFamily: options.encodingFamily ?? DEFAULT_CLAIM_OPTIONS.encodingFamily, encodingReading: options.encodingReading ?? DEFAULT_CLAIM_OPTIONS.encodingReading,
    claims,
  };
}

/** The claims on the study as served (its own RDM convention). */
export async function studyClaims(study: StudyService, options: ClaimOptions = {}): Promise<ClaimSet> {
  const [summary, inputs] = await Promise.all([study.summary(), studyClaimInputs(study)]);
  const analysis = (JSON.parse(summary.parameters) as { analysis: { rdmMethod: string; comparison: string; draws: number } }).analysis;
  return claimSet({ study: summary.id, network: summary.network }, inputs, conventionOf(inputs.similarities, analysis), options);
}
