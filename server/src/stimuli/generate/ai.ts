import { Rng } from '../../core/rng.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
import { pick } from '../../core/registry.js';
import { batchOf, checkInputs, imageOf, quantizeInPlace, toUint8 } from './pixels.js';
import { PROPOSALS } from './proposals.js';
import type { GenerationInputs, GenerationResult, RandomSearchParams } from './types.js';

/** Most images sent to the network in one call (bounds memory: 128 x 224 x 224 x 3 floats = 77 MB). */
const MAX_BATCH = 128;

/**
 * AI images (paper section 2.2): "We then added random noise (uniform distribution -5 to 5) to every pixel in the
 * RE image. The resulted image was kept if the probability of this image being classified into the wrong class
 * increased, and was discarded otherwise ... until the probability for the wrong class exceeded 0.5".
 *
 * Each step proposes `candidates` noisy copies of every unfinished image (all in one batch; how: `params.proposal`,
 * see proposals.ts), and keeps the best if it raises P(target); kept noise accumulates. Candidates are rounded and
 * clipped to integral [0, 255], so the final probability is that of the stored bytes. Per-image noise stream: `AI:<seed>:<class>`. After maxSteps the
 * image is returned with converged = false.
 */
export async function generateAI(net: Network, inputs: GenerationInputs, params: RandomSearchParams, onProgress: ProgressFn = noProgress): Promise<GenerationResult[]> {
  const { re, classes, targets, mean } = inputs;
  checkInputs(re, classes, targets, mean, net.spec.inputSize);
  const propose = pick(PROPOSALS, params.proposal, 'AI proposal');
  const { height, width } = re;
  const n = re.n;
  const cur = Array.from({ length: n }, (_, i) => quantizeInPlace(Float32Array.from(imageOf(re, i))));
  const rngs = Array.from(classes, (c) => new Rng(`AI:${params.seed}:${c}`));
  const evaluations = new Int32Array(n);
  const steps = new Int32Array(n);

  const first = await classifyAll(net, cur, height, width);
  const probs = first.map((p) => p);
  first.forEach((_, i) => (evaluations[i] = 1));
  let active = Array.from({ length: n }, (_, i) => i).filter((i) => !(probs[i]![targets[i]!]! > params.threshold));

  for (let step = 0; step < params.maxSteps && active.length > 0; step++) {
    const { proposals, gradients } = await propose({
      net, height, width, params, images: active.map((i) => cur[i]!), targets: Int32Array.from(active, (i) => targets[i]!),
      rngs: active.map((i) => rngs[i]!),
    });
    const out = await classifyAll(net, proposals, height, width);
    const next: number[] = [];
    active.forEach((i, a) => {
      const t = targets[i]!;
      evaluations[i]! += params.candidates + gradients;
      steps[i] = step + 1;
      let best = -1;
      let bestP = probs[i]![t]!;
      for (let k = 0; k < params.candidates; k++) {
        const p = out[a * params.candidates + k]![t]!;
        if (p > bestP) { bestP = p; best = k; }
      }
      if (best >= 0) {
        cur[i] = proposals[a * params.candidates + best]!;
        probs[i] = out[a * params.candidates + best]!;
      }
      if (!(probs[i]![t]! > params.threshold)) next.push(i);
    });
    active = next;
    onProgress({ stage: 'AI', done: n - active.length, total: n, detail: `step ${step + 1}/${params.maxSteps}` });
  }
  return cur.map((img, i) => ({
    kind: 'AI' as const, index: i, targetClass: targets[i]!, image: toUint8(img), steps: steps[i]!, evaluations: evaluations[i]!,
    converged: probs[i]![targets[i]!]! > params.threshold, targetProbability: probs[i]![targets[i]!]!, probs: probs[i]!,
    seed: `AI:${params.seed}:${classes[i]!}`,
  }));
}

/** Probabilities [1000] of each image, in chunks of MAX_BATCH. */
async function classifyAll(net: Network, images: readonly Float32Array[], height: number, width: number): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let s = 0; s < images.length; s += MAX_BATCH) {
    const { probs } = await net.classify(batchOf(images.slice(s, s + MAX_BATCH), height, width));
    for (let b = 0; b < probs.rows; b++) out.push(Float32Array.from(probs.data.subarray(b * probs.cols, (b + 1) * probs.cols)));
  }
  return out;
}
