import { Rng } from '../../core/rng.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
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
 * Normalised gradient ascent on J(I) = f(P_c(I)) - lambda ||I - I_anchor||^2 (paper Eq. 1), all unfinished images
 * in one batch per step.
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
  const x = problem.starts.map((s, i) => {
    const v = Float32Array.from(s);
    if (params.initNoiseStd > 0) {
      const rng = new Rng(problem.seeds[i]!);
      for (let k = 0; k < per; k++) v[k] = v[k]! + params.initNoiseStd * rng.normal();
    }
    return v;
  });
  const q = x.map((v) => quantizeInPlace(Float32Array.from(v)));
  const done: (GenerationResult | undefined)[] = new Array(n).fill(undefined);
  const evaluations = new Int32Array(n);
  let active = Array.from({ length: n }, (_, i) => i);

  const finish = (i: number, steps: number, probs: Float32Array, converged: boolean): void => {
    const c = problem.targets[i]!;
    done[i] = {
      kind, index: i, targetClass: c, image: toUint8(q[i]!), steps, evaluations: evaluations[i]!, converged,
      targetProbability: probs[c]!, probs, seed: problem.seeds[i]!,
    };
  };

  for (let step = 0; step < params.maxSteps && active.length > 0; step++) {
    const batch = batchOf(active.map((i) => q[i]!), height, width);
    const classes = Int32Array.from(active, (i) => problem.targets[i]!);
    const { grad, probs } = await net.inputGradient(batch, classes, params.objective);
    const next: number[] = [];
    active.forEach((i, b) => {
      evaluations[i]! += 1;
      const p = probs.data.subarray(b * probs.cols, (b + 1) * probs.cols);
      if (p[problem.targets[i]!]! > params.threshold) {
        finish(i, step, Float32Array.from(p), true);
        return;
      }
      ascend(x[i]!, q[i]!, problem.anchors[i]!, grad.subarray(b * per, (b + 1) * per), params);
      next.push(i);
    });
    active = next;
    onProgress({ stage: kind, done: n - active.length, total: n, detail: `step ${step + 1}/${params.maxSteps}` });
  }
  if (active.length > 0) {
    // Images that used every step: classify their last update once, so the record states their true state.
    const { probs } = await net.classify(batchOf(active.map((i) => q[i]!), height, width));
    active.forEach((i, b) => {
      evaluations[i]! += 1;
      const p = Float32Array.from(probs.data.subarray(b * probs.cols, (b + 1) * probs.cols));
      finish(i, params.maxSteps, p, p[problem.targets[i]!]! > params.threshold);
    });
    onProgress({ stage: kind, done: n, total: n });
  }
  return done as GenerationResult[];
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
