import type { ProgressFn } from '../../core/progress.js';
import type { GradientObjective, ImageBatch, Network } from '../../networks/types.js';
import type { AiProposal } from './proposals.js';

/** The generated stimulus kinds (RE images are read, not generated). */
export const GENERATED_KINDS = ['AN', 'AI', 'AI_CONTROL'] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

/**
 * Gradient ascent on  J(I) = f(P_c(I)) - lambda * ||I - I_anchor||^2  (paper Eq. 1), pixels in [0, 255].
 * AN: anchor = ImageNet mean, start = mean + N(0, initNoiseStd^2), c = the RE class, until P_c > threshold.
 * AI_CONTROL (paper, supplementary): anchor = start = the RE image, c = the AI target class.
 */
export interface GradientParams {
  readonly seed: number;
  /**
   * f in J: 'prob' is the paper's literal P_c; 'logprob' (default) is log P_c, whose gradient does not vanish when
   * P_c is tiny at the start (softmax saturation) and which has the same maximiser direction; 'logit' is z_c.
   */
  readonly objective: GradientObjective;
  /** lambda of Eq. 1, per squared pixel level (pixels in 0..255). */
  readonly lambda: number;
  /** Each step moves the image by stepSize pixel levels RMS along the normalised ascent direction. */
  readonly stepSize: number;
  /** Standard deviation (pixel levels) of the Gaussian noise added to the start image (AN: breaks symmetry). */
  readonly initNoiseStd: number;
  /** Stop when P_c of the (rounded) image exceeds this (paper: 0.99). */
  readonly threshold: number;
  /** Step limit: an image still below threshold is marked converged = false, never silently kept. */
  readonly maxSteps: number;
}

/**
 * Accept/reject random search (paper, AI images): add U[-amplitude, amplitude] to every pixel, keep the image if
 * P(target) rose, else discard; repeat until P(target) > threshold. Each step evaluates `candidates` proposals per
 * image in one batch and keeps the best one if it improves (candidates = 1 is the paper's literal procedure).
 * With `antithetic`, proposals come in pairs (+u, -u): both are U[-a, a] noise, and the pair halves the draws.
 */
export interface RandomSearchParams {
  readonly seed: number;
  /** How proposals are drawn: 'uniform' (the paper's text) or 'gradient_sign' (see proposals.ts). */
  readonly proposal: AiProposal;
  readonly amplitude: number;
  readonly candidates: number;
  readonly antithetic: boolean;
  readonly threshold: number;
  readonly maxSteps: number;
}

export interface GenerationParamsByKind {
  readonly AN: GradientParams;
  readonly AI: RandomSearchParams;
  readonly AI_CONTROL: GradientParams;
}

/** What every generator receives. Images are in the project pixel space at the network input size. */
export interface GenerationInputs {
  /** RE images [n x H x W x 3], integral values in [0, 255]. */
  readonly re: ImageBatch;
  /** RE class of each image (AN target), length n. */
  readonly classes: Int32Array;
  /** Pre-selected wrong class of each image (AI, AI_CONTROL target), length n. */
  readonly targets: Int32Array;
  /** ImageNet mean image [H x W x 3], float (see mean.ts). */
  readonly mean: Float32Array;
}

export interface GenerationResult {
  readonly kind: GeneratedKind;
  /** Position of the source RE image in the inputs. */
  readonly index: number;
  readonly targetClass: number;
  /** [H x W x 3] RGB, integral 0..255: exactly what is stored as PNG and what the final probabilities belong to. */
  readonly image: Uint8Array;
  readonly steps: number;
  /** Network evaluations spent on this image (forward passes, gradients counted once each). */
  readonly evaluations: number;
  readonly converged: boolean;
  readonly targetProbability: number;
  /** [1000] final class probabilities of `image`. */
  readonly probs: Float32Array;
  /** Per-image seed string actually used (derived from the study seed and the RE class). */
  readonly seed: string;
}

export type Generator<K extends GeneratedKind> = (
  net: Network,
  inputs: GenerationInputs,
  params: GenerationParamsByKind[K],
  onProgress?: ProgressFn,
) => Promise<GenerationResult[]>;
