import 'reflect-metadata';
import { registerEnumType } from 'type-graphql';
import {
  ACCURACY_READINGS, ENCODING_FAMILIES, HEMISPHERES, ROI_NAMES, SIMILARITY_PAIRS, STIMULUS_KINDS,
} from '../study/model.js';

/**
 * GraphQL enums built from the same key lists as the domain registries (study/model.ts), so a new stimulus kind
 * or ROI appears in the schema without a second list to keep in step. Values whose domain spelling is lower case
 * (source kinds, trend directions, formats) are exposed upper case and mapped back to the domain value.
 */
function enumOf<const K extends string>(keys: readonly K[]): { readonly [P in K]: P } {
  return Object.fromEntries(keys.map((k) => [k, k])) as { readonly [P in K]: P };
}

export const StimulusKindEnum = enumOf(STIMULUS_KINDS);
export const RoiNameEnum = enumOf(ROI_NAMES);
export const HemisphereEnum = enumOf(HEMISPHERES);
export const SimilarityPairEnum = enumOf(SIMILARITY_PAIRS);
export const EncodingFamilyEnum = enumOf(ENCODING_FAMILIES);
export const AccuracyReadingEnum = enumOf(ACCURACY_READINGS);
export const SourceKindEnum = { LAYER: 'layer', ROI: 'roi' } as const;
export const TrendDirectionEnum = { INCREASING: 'increasing', DECREASING: 'decreasing', NONE: 'none' } as const;
export const ArrayFormatEnum = { NPY: 'npy', CSV: 'csv' } as const;
export const ProgressStateEnum = { IDLE: 'idle', RUNNING: 'running', DONE: 'done', FAILED: 'failed' } as const;

registerEnumType(StimulusKindEnum, { name: 'StimulusKind', description: 'RE regular, AN adversarial noise (fooling image from the ImageNet mean), AI adversarial interference (RE + small noise, wrong class), AI_CONTROL (supplementary high-confidence AI).' });
registerEnumType(RoiNameEnum, { name: 'RoiName', description: 'Visual-cortex regions of interest (paper section 2.3).' });
registerEnumType(HemisphereEnum, { name: 'Hemisphere' });
registerEnumType(SimilarityPairEnum, { name: 'SimilarityPair', description: 'Which two RDMs are compared: RE with AN, RE with AI, RE with the AI control set.' });
registerEnumType(EncodingFamilyEnum, { name: 'EncodingFamily', description: 'Encoding-model family: ROMP (the paper) or ridge regression.' });
registerEnumType(AccuracyReadingEnum, { name: 'AccuracyReading', description: 'Pearson r across vertices per image, or across images per vertex, then averaged.' });
registerEnumType(SourceKindEnum, { name: 'SourceKind', description: 'Where an RDM comes from: a network layer or a subject x ROI.' });
registerEnumType(TrendDirectionEnum, { name: 'TrendDirection' });
registerEnumType(ArrayFormatEnum, { name: 'ArrayFormat', description: 'npy: NumPy .npy, row-major; csv: header row of column ids, first column the row ids.' });
registerEnumType(ProgressStateEnum, { name: 'ProgressState' });
