/**
 * The study's shared vocabulary: the closed sets every room names (stimulus kinds, ROIs, hemispheres, similarity
 * pairs, encoding families, accuracy readings) and what a result is computed from (`Source`). It sits on the
 * ground floor next to core/ so that analysis/, brain/ and the pipeline name the same things without importing
 * the API's records (docs/architecture.md).
 */

/** RE: ImageNet photos; AN: adversarial noise; AI: adversarial interference; AI_CONTROL: the high-confidence AI set. */
export const STIMULUS_KINDS = ['RE', 'AN', 'AI', 'AI_CONTROL'] as const;
export type StimulusKind = (typeof STIMULUS_KINDS)[number];

/** The kinds shown in the scanner: the paper's 120 images (the AI_CONTROL set is a network-only control). */
export const BRAIN_STIMULUS_KINDS = ['RE', 'AN', 'AI'] as const satisfies readonly StimulusKind[];

/** The ROIs of the paper (section 2.3), in the order results are listed. */
export const ROI_NAMES = ['V1', 'V2', 'V3', 'V4', 'LO'] as const;
export type RoiName = (typeof ROI_NAMES)[number];

export const HEMISPHERES = ['LH', 'RH'] as const;
export type Hemisphere = (typeof HEMISPHERES)[number];

/** RE-AN, RE-AI, and the supplementary high-confidence AI set. */
export const SIMILARITY_PAIRS = ['RE_AN', 'RE_AI', 'RE_AI_CONTROL'] as const;
export type SimilarityPair = (typeof SIMILARITY_PAIRS)[number];

export const ENCODING_FAMILIES = ['ROMP', 'RIDGE'] as const;
export type EncodingFamily = (typeof ENCODING_FAMILIES)[number];

/** Pearson r across vertices per image then averaged over images, or across images per vertex then averaged. */
export const ACCURACY_READINGS = ['ACROSS_VERTICES', 'ACROSS_IMAGES'] as const;
export type AccuracyReading = (typeof ACCURACY_READINGS)[number];

/** What a pattern (and so an RDM or a similarity) was read from: a network layer, or one subject's ROI. */
export type Source =
  | { readonly kind: 'layer'; readonly layer: string }
  | { readonly kind: 'roi'; readonly subject: string; readonly roi: RoiName };
