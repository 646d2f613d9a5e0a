import * as tf from '@tensorflow/tfjs';
import { DomainError, unknownName } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import type { TfGraph } from './graph.js';
import type { ClassProbabilities, GradientObjective, ImageBatch, InputGradient, Network, NetworkSpec } from './types.js';

/** Images per forward/backward pass: small enough for AlexNet's activations, large enough to amortise calls. */
export const DEFAULT_BATCH = 8;

/**
 * `Network` over one in-process TfGraph. Tensors live only inside these methods: each chunk runs in tf.tidy, is
 * read back with `await data()`, and is disposed before the next (tests check tf.memory().numTensors).
 */
export class TfNetwork implements Network {
  readonly spec: NetworkSpec;

  constructor(private readonly graph: TfGraph, readonly backend: string, private readonly batchSize = DEFAULT_BATCH) {
    this.spec = graph.spec;
  }

  async classify(batch: ImageBatch): Promise<ClassProbabilities> {
    const probs = new Float32Array(batch.n * 1000);
    await this.chunks(batch, async (x, start) => {
      const p = tf.tidy(() => this.graph.apply(x, ['prob']).prob!);
      try {
        probs.set(await p.data(), start * 1000);
      } finally {
        p.dispose();
      }
    });
    return { probs: matrix(batch.n, 1000, probs) };
  }

  async activations(batch: ImageBatch, layers: readonly string[]): Promise<Record<string, Matrix<Float32Array>>> {
    const infos = layers.map((name) => {
      const info = this.spec.layers.find((l) => l.name === name);
      if (!info) throw unknownName('UNKNOWN_LAYER', `layer of ${this.spec.name}`, name, this.spec.layers.map((l) => l.name));
      return info;
    });
    const out: Record<string, Matrix<Float32Array>> = {};
    for (const info of infos) out[info.name] = matrix(batch.n, info.units, new Float32Array(batch.n * info.units));
    await this.chunks(batch, async (x, start) => {
      const values = tf.tidy(() => {
        const r = this.graph.apply(x, layers);
        return infos.map((info) => tf.reshape(r[info.name]!, [x.shape[0], info.units]));
      });
      try {
        for (let i = 0; i < infos.length; i++) {
          const info = infos[i]!;
          out[info.name]!.data.set(await values[i]!.data(), start * info.units);
        }
      } finally {
        tf.dispose(values);
      }
    });
    return out;
  }

  async inputGradient(batch: ImageBatch, classes: Int32Array, objective: GradientObjective): Promise<InputGradient> {
    if (classes.length !== batch.n) throw new DomainError('SHAPE_MISMATCH', `${classes.length} classes for ${batch.n} images`);
    for (const c of classes) {
      if (!Number.isInteger(c) || c < 0 || c >= 1000) throw new DomainError('BAD_USER_INPUT', `class index ${c} outside 0..999`);
    }
    const grad = new Float32Array(batch.data.length);
    const probs = new Float32Array(batch.n * 1000);
    await this.chunks(batch, async (x, start) => {
      const n = x.shape[0];
      // Class selection by a one-hot product: tf.gather's gradient needs UnsortedSegmentSum, which wasm lacks.
      const hot = new Float32Array(n * 1000);
      for (let i = 0; i < n; i++) hot[i * 1000 + classes[start + i]!] = 1;
      let p: tf.Tensor | undefined;
      const g = tf.tidy(() => {
        const oneHot = tf.tensor2d(hot, [n, 1000]);
        // Images are independent, so the gradient of the sum is each image's own gradient.
        return tf.grad((xi: tf.Tensor) => {
          const logits = this.graph.apply(xi as tf.Tensor4D, []).logits!;
          p = tf.keep(tf.softmax(logits));
          const score = objective === 'logit' ? logits : objective === 'logprob' ? tf.logSoftmax(logits) : p;
          return tf.sum(tf.mul(score, oneHot));
        })(x);
      });
      try {
        grad.set(await g.data(), start * x.shape[1] * x.shape[2] * 3);
        probs.set(await p!.data(), start * 1000);
      } finally {
        g.dispose();
        p?.dispose();
      }
    });
    return { grad, probs: matrix(batch.n, 1000, probs) };
  }

  async dispose(): Promise<void> {
    this.graph.dispose();
  }

  /** Runs `f` on consecutive chunks of at most batchSize images, each as a [k, H, W, 3] tensor disposed after. */
  private async chunks(batch: ImageBatch, f: (x: tf.Tensor4D, start: number) => Promise<void>): Promise<void> {
    const s = this.spec.inputSize;
    if (batch.height !== s || batch.width !== s) {
      throw new DomainError('SHAPE_MISMATCH', `${this.spec.name} needs ${s}x${s} images, got ${batch.height}x${batch.width}`);
    }
    const per = s * s * 3;
    if (batch.data.length !== batch.n * per) {
      throw new DomainError('SHAPE_MISMATCH', `batch of ${batch.n} images of ${s}x${s}x3 needs ${batch.n * per} values, got ${batch.data.length}`);
    }
    for (let start = 0; start < batch.n; start += this.batchSize) {
      const k = Math.min(this.batchSize, batch.n - start);
      const x = tf.tensor4d(batch.data.subarray(start * per, (start + k) * per), [k, s, s, 3]);
      try {
        await f(x, start);
      } finally {
        x.dispose();
      }
    }
  }
}
