import { Rng } from '../../core/rng.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
import { BatchingNetwork } from './batcher.js';
import { batchOf, quantizeInPlace, toUint8 } from './pixels.js';
import type { GeneratedKind, GenerationResult, GradientParams } from './types.js';

export interface AscentProblem {
  readonly kind: GeneratedKind;
  readonly height: number;
  readonly width: number;
  /** Per image: start image [H*W*3] before noise, anchor I_anchor of Eq. 1, target class, seed string. */
  readonly starts: readonly Float32Array[];
  readonly anchors: readonly Float32Array[];
  readonly targets: Int32Array;
  readonly seeds: readonly string[];
}

/**
 * Normalised gradient ascent on J(I) = f(P_c(I)) - lambda ||I - I_anchor||^2 (paper Eq. 1), one chain of steps per
 * image, all chains at once over every worker (BatchingNetwork, batcher.ts): an image's next step waits only for
 * its own gradient, never for the slowest image of a batch.
 *
 * The optimiser keeps a float image x; the network always sees q = round(clip(x, 0, 255)), the image that is
 * stored as PNG, so the probability that stops the loop is the probability of the stored bytes (no rounding
 * surprise afterwards). Step: x += stepSize * d / rms(d), d = df/dq - 2 lambda (q - anchor): a fixed step in
 * pixel levels RMS, so one step size works from the flat start (tiny gradients) to the end. Stops per image when
 * P_c(q) > threshold; after maxSteps the image is returned with converged = false.
 */
export async function gradientAscent(net: Network, problem: AscentProblem, params: GradientParams, onProgress: ProgressFn = noProgress): Promise<GenerationResult[]> {
  const { height, width, kind } = problem;
  const n = problem.starts.length;
  const per = height * width * 3;
  const batcher = new BatchingNetwork(net);
  let finished = 0;

  const chain = async (i: number): Promise<GenerationResult> => {
    const c = problem.targets[i]!;
    const x = Float32Array.from(problem.starts[i]!);
    if (params.initNoiseStd > 0) {
      const rng = new Rng(problem.seeds[i]!);
      for (let k = 0; k < per; k++) x[k] = x[k]! + params.initNoiseStd * rng.normal();
    }
    const q = quantizeInPlace(Float32Array.from(x));
    const one = Int32Array.of(c);
    let evaluations = 0;
    const finish = (steps: number, probs: Float32Array, converged: boolean): GenerationResult => {
      finished++;
      onProgress({ stage: kind, done: finished, total: n, detail: `image ${i + 1}: ${steps} steps` });
      return { kind, index: i, targetClass: c, image: toUint8(q), steps, evaluations, converged, targetProbability: probs[c]!, probs, seed: problem.seeds[i]! };
    };
    for (let step = 0; step < params.maxSteps; step++) {
      const { grad, probs } = await batcher.inputGradient(batchOf([q], height, width), one, params.objective);
      evaluations += 1;
      if (probs.data[c]! > params.threshold) return finish(step, Float32Array.from(probs.data.subarray(0, probs.cols)), true);
      ascend(x, q, problem.anchors[i]!, grad, params);
    }
    // An image that used every step: classify its last update once, so the record states its true state.
    const { probs } = await batcher.classify(batchOf([q], height, width));
    evaluations += 1;
    const p = Float32Array.from(probs.data.subarray(0, probs.cols));
    return finish(params.maxSteps, p, p[c]! > params.threshold);
  };
  return Promise.all(Array.from({ length: n }, (_, i) => chain(i)));
}

/** One ascent step in place: x += stepSize * d / rms(d), d = grad - 2 lambda (q - anchor); q = round(clip(x)). */
function ascend(x: Float32Array, q: Float32Array, anchor: Float32Array, grad: Float32Array, params: GradientParams): void {
  const d = new Float32Array(x.length);
  const twoLambda = 2 * params.lambda;
  let ss = 0;
  for (let k = 0; k < x.length; k++) {
    const v = grad[k]! - twoLambda * (q[k]! - anchor[k]!);
    d[k] = v;
    ss += v * v;
  }
  const rms = Math.sqrt(ss / x.length);
  if (!(rms > 0)) return; // a flat objective: nothing to follow (the step limit will mark it failed)
  const scale = params.stepSize / rms;
  for (let k = 0; k < x.length; k++) {
    const v = x[k]! + scale * d[k]!;
    x[k] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  q.set(x);
  quantizeInPlace(q);
}
