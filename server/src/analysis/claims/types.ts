import type { EncodingComparison } from '../encoding/encoding-stats.js';
import type {
  AccuracyReading, DifferenceRecord, EncodingFamily, EncodingRecord, LayerRecord, PowerRecord, SearchlightMap,
  SimilarityRecord, StimulusRecord,
} from './records.js';

/**
 * The paper's claims as data (issue 11, item 5): each claim states what the paper says, the exact operational
 * test this implementation applies, the paper's own numbers, and evaluates any computed study's results to
 * holds / fails / not_computable with the numbers it used. Pure: records in, verdict out.
 */

export const CLAIM_STATUSES = ['holds', 'fails', 'not_computable'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Which part of the paper a claim comes from. */
export const CLAIM_SECTIONS = ['stimuli', 'brain_rsa', 'cnn_rsa', 'encoding'] as const;
export type ClaimSection = (typeof CLAIM_SECTIONS)[number];

/**
 * One number a verdict rests on, or one of the paper's. `total` is set for counts ("7 of 10"). `value` is null when
 * the study's number is undefined (NaN) or the paper gives only a bound (then `note` says it, e.g. "p < .001").
 */
export interface ClaimNumber {
  readonly name: string;
  readonly value: number | null;
  readonly total?: number;
  readonly note?: string;
}

export interface ClaimResult {
  readonly status: ClaimStatus;
  /** The study's numbers the verdict used; the first is the headline, comparable with `paper[0]`. */
  readonly used: readonly ClaimNumber[];
  /** The paper's numbers for the same quantities (paper-digest.md); the first is the headline. */
  readonly paper: readonly ClaimNumber[];
  /** One sentence: why it holds, fails or cannot be computed. */
  readonly detail: string;
}

/**
 * Every record a claim may read. Missing results are empty lists (a study without brain data has no ROI
 * similarities): the claims that need them are then not_computable, never an error. `encodingComparisons` is null
 * when the study service cannot provide the AI-vs-AN comparisons at all.
 */
export interface ClaimInputs {
  readonly layers: readonly LayerRecord[];
  readonly stimuli: readonly StimulusRecord[];
  /** Layer and ROI similarities of one RDM convention. */
  readonly similarities: readonly SimilarityRecord[];
  readonly differences: readonly DifferenceRecord[];
  readonly power: readonly PowerRecord[];
  /** Searchlight maps (RE-AN and RE-AI per subject and hemisphere); empty where none were computed. */
  readonly searchlight: readonly SearchlightMap[];
  readonly encoding: readonly EncodingRecord[];
  readonly encodingComparisons: readonly EncodingComparison[] | null;
}

/** Choices the claims leave to the caller: which encoding variant stands for the paper's models. */
export interface ClaimOptions {
  /** Default ROMP, the paper's (paper-digest 6). */
  readonly encodingFamily?: EncodingFamily;
  /** Default ACROSS_IMAGES (the paper leaves it open, numerics.md; the figure site's Fig. 6 shows this one first). */
  readonly encodingReading?: AccuracyReading;
}

export type ResolvedClaimOptions = Required<ClaimOptions>;

export interface ClaimDefinition {
  readonly section: ClaimSection;
  /** Where in the paper: figure and page, e.g. "Fig. 3; p. 8". */
  readonly where: string;
  /** The paper's statement, quoted or closely paraphrased from paper-digest.md. */
  readonly statement: string;
  /** The exact operational test, thresholds included. */
  readonly test: string;
  /** The paper's numbers (independent of the study). */
  readonly paper: readonly ClaimNumber[];
  evaluate(inputs: ClaimInputs, options: ResolvedClaimOptions): Omit<ClaimResult, 'paper'>;
}

/** A claim's definition and its verdict on one set of results. */
export interface ClaimEvaluation extends ClaimResult {
  readonly id: string;
  readonly section: ClaimSection;
  readonly where: string;
  readonly statement: string;
  readonly test: string;
}
