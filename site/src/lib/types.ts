/**
 * What the figure functions take: the result records of server/src/study/model.ts, reduced to the fields a figure
 * draws (the GraphQL operations select those fields; site/src/lib/api.ts adapts the query results to these).
 */
import type {
  DifferenceRecord, EncodingRecord, PowerRecord, RdmRecord, SearchlightMap, SimilarityRecord, StimulusRecord,
  TrendRecord,
} from '../../../server/src/study/model.js';

export type {
  RoiName, Hemisphere, SimilarityPair, StimulusKind, Source, Provenance,
} from '../../../server/src/study/model.js';

export type SimilarityView = Pick<SimilarityRecord, 'source' | 'pair' | 'value' | 'ciLow' | 'ciHigh' | 'p'>;
export type DifferenceView = Pick<DifferenceRecord, 'source' | 'value' | 'ciLow' | 'ciHigh' | 'p'>;
export type TrendView = Pick<TrendRecord, 'pair' | 'layers' | 'tau' | 'z' | 'p' | 'direction'>;
export type EncodingView = Pick<EncodingRecord, 'subject' | 'roi' | 'layer' | 'testKind' | 'r' | 'ciLow' | 'ciHigh' | 'p'>;
export type RdmView = Pick<RdmRecord, 'source' | 'stimulusKind' | 'method' | 'stimulusIds' | 'vector'>;
export type SearchlightView = Pick<SearchlightMap, 'subject' | 'hemisphere' | 'pair' | 'radiusMm' | 'x' | 'y' | 'roi' | 'values'>;
export type PowerView = Pick<PowerRecord, 'roi' | 'nSubjects' | 'dz' | 'power' | 'minN'>;
export type StimulusView = Pick<StimulusRecord, 'id' | 'kind' | 'sourceId' | 'group' | 'classLabel' | 'targetLabel' | 'humanLabel' | 'top'> & {
  /** Where the PNG is served (the service's stimulus route). */
  readonly imageUrl: string;
};

/** A flattened cortical patch: vertex positions (mm) and ROI labels of one subject x hemisphere (Fig. 2A). */
export type RoiPatchView = Pick<SearchlightMap, 'subject' | 'hemisphere' | 'x' | 'y' | 'roi'>;

/** Labels of the similarity pairs as the paper writes them. */
export const PAIR_LABEL = { RE_AN: 'RE-AN', RE_AI: 'RE-AI', RE_AI_CONTROL: 'RE-AI (control)' } as const;

/** Bar colours: the paper's blue (RE-AN) and red (RE-AI), chosen light vs dark so they differ in greyscale. */
export const PAIR_COLOR = { RE_AN: '#9ecae1', RE_AI: '#a50f15', RE_AI_CONTROL: '#fb6a4a' } as const;
