/**
 * What the figure functions take: the generated result types of the operations (generated/graphql.ts, from
 * schema/schema.graphql and schema/operations by `npm run codegen`), reduced to the fields a figure draws. So an
 * operation that stops selecting a field a figure draws, or a schema type that changes, fails the site's type
 * check (tests/site/typecheck.test.ts). Three things the site reshapes, each by one named adapter in api.ts: a
 * source as a tagged union (toSource), NaN where JSON carries null (nanForNull), a trend's direction in words.
 */
import type * as G from './generated/graphql.js';

export type { Hemisphere, RoiName, SimilarityPair, StimulusKind } from './generated/graphql.js';

/** The node type of a connection in a generated result type. */
export type NodeOf<C> = C extends { readonly nodes: ReadonlyArray<infer N> } ? N : never;

/** What a record was computed from: the API's {kind: LAYER | ROI, layer, subject, roi} as a tagged union. */
export type Source =
  | { readonly kind: 'layer'; readonly layer: string }
  | { readonly kind: 'roi'; readonly subject: string; readonly roi: G.RoiName };

/** The numbers of a similarity, as every operation selecting one returns them. */
export type SimilarityFields = Pick<NodeOf<G.Fig3SimilarityQuery['similarities']>, 'pair' | 'value' | 'ciLow' | 'ciHigh' | 'p'>;
export type SimilarityView = SimilarityFields & { readonly source: Source };
export type DifferenceFields = Pick<NodeOf<G.Fig3SimilarityQuery['differences']>, 'value' | 'ciLow' | 'ciHigh' | 'p'>;
export type DifferenceView = DifferenceFields & { readonly source: Source };
export type TrendFields = Pick<G.Fig5LayersQuery['trends'][number], 'pair' | 'layers' | 'tau' | 'z' | 'p' | 'direction'>;
export type TrendView = Omit<TrendFields, 'direction'> & { readonly direction: Lowercase<G.TrendDirection> };
export type EncodingView = Pick<NodeOf<G.Fig6EncodingQuery['encoding']>, 'subject' | 'roi' | 'layer' | 'testKind' | 'r' | 'ciLow' | 'ciHigh' | 'p'>;
export type RdmFields = Pick<NodeOf<G.Fig2RdmsQuery['rdms']>, 'stimulusKind' | 'method' | 'stimulusIds' | 'vector'>;
/** An RDM; `vector` has NaN where the API sent null (a constant pattern's undefined correlation). */
export type RdmView = Omit<RdmFields, 'vector'> & { readonly source: Source; readonly vector: readonly number[] };
export type SearchlightFields = Pick<NodeOf<G.Fig4SearchlightQuery['searchlight']>, 'subject' | 'hemisphere' | 'pair' | 'radiusMm' | 'x' | 'y' | 'roi' | 'values'>;
/** A searchlight map; `values` has NaN where the API sent null (a vertex without a value). */
export type SearchlightView = Omit<SearchlightFields, 'values'> & { readonly values: readonly number[] };
export type PowerView = Pick<G.PowerQuery['power'][number], 'roi' | 'nSubjects' | 'dz' | 'power' | 'minN'>;
/** A stimulus; `imageUrl` is where the service serves its PNG. */
export type StimulusView = Pick<NodeOf<G.Fig1StimuliQuery['stimuli']>, 'id' | 'kind' | 'sourceId' | 'group' | 'classLabel' | 'targetLabel' | 'humanLabel' | 'top' | 'imageUrl'>;

/** A flattened cortical patch: vertex positions (mm) and ROI labels of one subject x hemisphere (Fig. 2A). */
export type RoiPatchView = Pick<SearchlightView, 'subject' | 'hemisphere' | 'x' | 'y' | 'roi'>;

/** Labels of the similarity pairs as the paper writes them. */
export const PAIR_LABEL = { RE_AN: 'RE-AN', RE_AI: 'RE-AI', RE_AI_CONTROL: 'RE-AI (control)' } as const satisfies Record<G.SimilarityPair, string>;

/** Bar colours: the paper's blue (RE-AN) and red (RE-AI), chosen light vs dark so they differ in greyscale. */
export const PAIR_COLOR = { RE_AN: '#9ecae1', RE_AI: '#a50f15', RE_AI_CONTROL: '#fb6a4a' } as const satisfies Record<G.SimilarityPair, string>;
