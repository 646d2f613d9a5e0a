/**
 * What the claims and grid figures take: the generated result types of StudyClaims and StudyGrids
 * (generated/graphql.ts), enums as the API sends them (HOLDS / FAILS / NOT_COMPUTABLE). A grid cell's Fig. 5 points
 * are reshaped into the similarity, difference and trend views the Fig. 5 figures draw (multi-loaders.ts toCell).
 */
import type * as G from './generated/graphql.js';
import type { DifferenceView, SimilarityView, TrendView } from './types.js';

export type ClaimStatus = G.ClaimStatus;
export type ClaimSetView = G.StudyClaimsQuery['studies'][number]['claims'];
export type ClaimView = ClaimSetView['claims'][number];
export type ClaimNumberView = ClaimView['used'][number];

type GridCell = NonNullable<G.StudyGridsQuery['studies'][number]['grid']>['cells'][number];

/** One convention-grid cell: its choice, and (when computed) its claims and Fig. 5. */
export type GridCellView = Pick<GridCell, 'dissimilarity' | 'comparison' | 'draws' | 'studyConvention' | 'computed' | 'claims'> & {
  readonly layers: readonly { readonly name: string; readonly ordinal: number }[];
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  readonly trends: readonly TrendView[];
};

export interface StudyGridView {
  readonly study: string;
  readonly network: string;
  readonly cells: readonly GridCellView[];
}
