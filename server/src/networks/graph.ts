import type * as tf from '@tensorflow/tfjs';
import type { NetworkSpec } from './types.js';

/**
 * A network as a differentiable tfjs function: the internal contract between the architectures (mobilenet/,
 * alexnet/) and the generic runner (runner.ts) that implements `Network` on top of it. Only networks/ and
 * compute/ see this type.
 */
export interface TfGraph {
  readonly spec: NetworkSpec;
  /**
   * x: [n, inputSize, inputSize, 3], RGB in [0, 255] (the project's pixel space); the graph applies its own
   * preprocessing. Returns the requested named layers (spec.layers names, each [n, ...shape]) plus `logits`
   * ([n, 1000], pre-softmax, ImageNet classes 0..999). Pure: usable inside tf.tidy and tf.grad.
   */
  apply(x: tf.Tensor4D, outputs: readonly string[]): Record<string, tf.Tensor>;
  dispose(): void;
}

export interface GraphOptions {
  /** Directory holding the TFLite files and imagenet_labels.txt. */
  readonly modelsDir: string;
  /** User-supplied weights file (.npz or .onnx) for networks that need one. */
  readonly weights?: string;
}

export type GraphFactory = (opts: GraphOptions) => Promise<TfGraph>;
