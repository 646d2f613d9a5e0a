import type { RoiName } from './records.js';

/**
 * The paper's numbers that the claims quote, from docs/paper-digest.md (Zhang et al. 2021, Frontiers). Values
 * marked [F-fig] are read off the figure bitmaps (about +-0.01), the rest are printed in the text [F].
 */

/** Fig. 3 [F-fig]: Spearman's R of RE-AN and RE-AI per subject and ROI (200 vertices per ROI). */
export const PAPER_FIG3: readonly { readonly subject: string; readonly roi: RoiName; readonly reAn: number; readonly reAi: number }[] = [
  { subject: 'Sub1', roi: 'V1', reAn: -0.01, reAi: 0.285 },
  { subject: 'Sub1', roi: 'V2', reAn: 0.0, reAi: 0.245 },
  { subject: 'Sub1', roi: 'V3', reAn: -0.04, reAi: 0.25 },
  { subject: 'Sub1', roi: 'V4', reAn: -0.03, reAi: 0.235 },
  { subject: 'Sub1', roi: 'LO', reAn: -0.04, reAi: 0.18 },
  { subject: 'Sub2', roi: 'V1', reAn: 0.03, reAi: 0.205 },
  { subject: 'Sub2', roi: 'V2', reAn: -0.025, reAi: 0.21 },
  { subject: 'Sub2', roi: 'V3', reAn: 0.085, reAi: 0.185 },
  { subject: 'Sub2', roi: 'V4', reAn: 0.02, reAi: 0.105 },
  { subject: 'Sub2', roi: 'LO', reAn: -0.05, reAi: 0.155 },
  { subject: 'Sub3', roi: 'V1', reAn: -0.015, reAi: 0.35 },
  { subject: 'Sub3', roi: 'V2', reAn: 0.06, reAi: 0.405 },
  { subject: 'Sub3', roi: 'V3', reAn: 0.03, reAi: 0.27 },
  { subject: 'Sub3', roi: 'V4', reAn: 0.05, reAi: 0.345 },
  { subject: 'Sub3', roi: 'LO', reAn: -0.015, reAi: 0.42 },
];

/** Fig. 5 [F-fig]: AlexNet RE-AN and RE-AI per layer; 1..8 = conv1..fc8, 9 = the "output" group (softmax). */
export const PAPER_FIG5: readonly { readonly layer: number; readonly label: string; readonly reAn: number; readonly reAi: number }[] = [
  { layer: 1, label: '1', reAn: -0.005, reAi: 0.62 },
  { layer: 2, label: '2', reAn: 0.02, reAi: 0.19 },
  { layer: 3, label: '3', reAn: 0.22, reAi: 0.45 },
  { layer: 4, label: '4', reAn: 0.21, reAi: 0.465 },
  { layer: 5, label: '5', reAn: 0.315, reAi: 0.46 },
  { layer: 6, label: '6', reAn: 0.475, reAi: 0.59 },
  { layer: 7, label: '7', reAn: 0.525, reAi: 0.625 },
  { layer: 8, label: '8', reAn: 0.79, reAi: 0.79 },
  { layer: 9, label: 'output', reAn: 0.55, reAi: 0.15 },
];

/** Fig. 3 / text p. 8: subject x ROI tests (3 subjects x 5 ROIs). */
export const PAPER_BRAIN_TESTS = 15;
/** Text p. 8: "only four p-values < 0.05" for RE-AN against the null. */
export const PAPER_BRAIN_AN_ABOVE_NULL = 4;
/** Text p. 8: post hoc power per ROI and its average (G*Power, alpha .05, N = 3). */
export const PAPER_POWER: Readonly<Record<RoiName, number>> = { V1: 0.911, V2: 0.998, V3: 0.744, V4: 0.673, LO: 0.764 };
export const PAPER_MEAN_POWER = 0.818;
/** Text p. 9: encoding models (3 subjects x 5 ROIs x 8 layers). */
export const PAPER_ENCODING_MODELS = 120;
export const PAPER_ENCODING_AI_SIGNIFICANT = 113;
export const PAPER_ENCODING_AN_SIGNIFICANT = 9;
/** Text p. 9: AI > AN in all models "except the encoding model based on layer 8 for LO in subject 2, p = 0.11". */
export const PAPER_ENCODING_AI_ABOVE_AN = 119;
/** Text p. 3: 40 RE images, each with one AN and one AI image. */
export const PAPER_IMAGES = 40;
/** Text pp. 8-9: Mann-Kendall trends over layers 1..8. */
export const PAPER_AI_TREND_P = 0.009;
