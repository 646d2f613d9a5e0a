import type { PixelBatch } from '../core/image.js';
import type { Matrix } from '../core/matrix.js';

export type { ResizeMode } from '../core/image.js';

/**
 * The contract every network implements, in-process (one tfjs model) or as a worker pool. Tensors never cross it:
 * inputs and outputs are plain typed arrays.
 *
 * Pixel space shared by the whole project: RGB, float32 values in [0, 255], NHWC at the network's input size.
 * Each network converts from it (BGR order, mean subtraction, scaling) inside its own preprocessing, so stimuli
 * are generated, stored and shown in one space.
 */
/** The network input: the project's pixel batch (core/image.ts PixelBatch), one definition for both. */
export type ImageBatch = PixelBatch;

export type ActivationKind = 'post-relu' | 'pre-relu' | 'linear' | 'logits' | 'softmax';

export interface LayerInfo {
  /** Name used everywhere (API, CLI, store): conv1..fc8, prob for AlexNet; stage names for MobileNet. */
  readonly name: string;
  /** 1..8 for the eight "layers" of the analyses, 9 for the output (the paper's "output"). */
  readonly ordinal: number;
  readonly activation: ActivationKind;
  /** Shape of one image's read-out, e.g. [55, 55, 96] (HWC) or [4096]. Units are flattened in this order. */
  readonly shape: readonly number[];
  readonly units: number;
  readonly description: string;
}

export interface NetworkSpec {
  readonly name: string;
  /** Human-readable architecture and weights origin. */
  readonly description: string;
  readonly inputSize: number;
  readonly layers: readonly LayerInfo[];
  /** 1000 ImageNet labels, index 0..999 (the TFLite "background" output is dropped everywhere). */
  readonly labels: readonly string[];
  readonly weightsSha256: string;
  /** What the network does to the shared pixel space, e.g. "RGB -> BGR, minus BVLC mean". */
  readonly preprocessing: string;
}

export interface ClassProbabilities {
  /** [n x 1000] softmax probabilities over ImageNet classes 0..999. */
  readonly probs: Matrix<Float32Array>;
}

/** What a gradient step maximises for class c: p_c, log p_c, or the pre-softmax logit z_c. */
export type GradientObjective = 'prob' | 'logprob' | 'logit';

export interface InputGradient {
  /** d objective / d pixel, same layout as the input batch: [n x H x W x 3]. */
  readonly grad: Float32Array;
  /** [n x 1000] probabilities at the input (free by-product of the forward pass). */
  readonly probs: Matrix<Float32Array>;
}

export interface Network {
  readonly spec: NetworkSpec;
  /** Name of the tfjs backend that runs it (tensorflow-gpu, tensorflow, wasm, cpu), for provenance. */
  readonly backend: string;
  classify(batch: ImageBatch): Promise<ClassProbabilities>;
  /** Read-outs of the named layers: each `[n x units]`, float32. */
  activations(batch: ImageBatch, layers: readonly string[]): Promise<Record<string, Matrix<Float32Array>>>;
  /** Gradient of the objective for class `classes[i]` of image i with respect to its pixels. */
  inputGradient(batch: ImageBatch, classes: Int32Array, objective: GradientObjective): Promise<InputGradient>;
  dispose(): Promise<void>;
}

/** How to load a network: registry name plus an optional user-supplied weights file (AlexNet). */
export interface NetworkRef {
  readonly name: string;
  readonly weights?: string;
}
