/**
 * What the claims and grid figures take: the GraphQL ClaimSet, Claim and GridCell (schema/schema.graphql), enums
 * as the API sends them (HOLDS / FAILS / NOT_COMPUTABLE), reduced to the fields drawn.
 */
import type { DifferenceView, SimilarityView, TrendView } from './types.js';

export type ClaimStatus = 'HOLDS' | 'FAILS' | 'NOT_COMPUTABLE';

export interface ClaimNumberView {
  readonly name: string;
  readonly value: number | null;
  readonly total: number | null;
  readonly note: string | null;
}

export interface ClaimView {
  readonly id: string;
  readonly section: string;
  readonly where: string;
  readonly statement: string;
  readonly test: string;
  readonly status: ClaimStatus;
  readonly detail: string;
  readonly used: readonly ClaimNumberView[];
  readonly paper: readonly ClaimNumberView[];
}

export interface ClaimSetView {
  readonly study: string;
  readonly network: string;
  readonly dissimilarity: string;
  readonly comparison: string;
  readonly draws: number;
  readonly encodingFamily: string;
  readonly encodingReading: string;
  readonly holds: number;
  readonly fails: number;
  readonly notComputable: number;
  readonly claims: readonly ClaimView[];
}

/** One convention-grid cell: its choice, and (when computed) its claims and Fig. 5. */
export interface GridCellView {
  readonly dissimilarity: string;
  readonly comparison: string;
  readonly draws: number;
  readonly studyConvention: boolean;
  readonly computed: boolean;
  /** Per claim id: status (null until computed). */
  readonly claims: { readonly holds: number; readonly fails: number; readonly notComputable: number; readonly claims: readonly Pick<ClaimView, 'id' | 'statement' | 'status' | 'detail'>[] } | null;
  readonly layers: readonly { readonly name: string; readonly ordinal: number }[];
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  readonly trends: readonly TrendView[];
}

export interface StudyGridView {
  readonly study: string;
  readonly network: string;
  readonly cells: readonly GridCellView[];
}
