import { Rng } from '../../core/rng.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
import { pick } from '../../core/registry.js';
import { BatchingNetwork } from './batcher.js';
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
 * Each step proposes `candidates` noisy copies of every unfinished image (batched with the other images; how: `params.proposal`,
 * see proposals.ts), and keeps the best if it raises P(target); kept noise accumulates. Candidates are rounded and
 * clipped to integral [0, 255], so the final probability is that of the stored bytes. Per-image noise stream: `AI:<seed>:<class>`. After maxSteps the
 * image is returned with converged = false. Each image's search is its own chain (its own noise stream and
 * evaluations); the chains run at once, batched over every worker.
 */
export async function generateAI(net: Network, inputs: GenerationInputs, params: RandomSearchParams, onProgress: ProgressFn = noProgress): Promise<GenerationResult[]> {
  const { re, classes, targets, mean } = inputs;
  checkInputs(re, classes, targets, mean, net.spec.inputSize);
  const propose = pick(PROPOSALS, params.proposal, 'AI proposal');
  const { height, width } = re;
  const n = re.n;
  const batcher = new BatchingNetwork(net);
  let finished = 0;
  // One chain per image, all at once over every worker (batcher.ts): an image waits only for its own evaluations.
  const chain = async (i: number): Promise<GenerationResult> => {
    const t = targets[i]!;
    const seed = `AI:${params.seed}:${classes[i]!}`;
    const rng = new Rng(seed);
    let cur = quantizeInPlace(Float32Array.from(imageOf(re, i)));
    let probs = (await classifyAll(batcher, [cur], height, width))[0]!;
    let evaluations = 1;
    let steps = 0;
    for (let step = 0; step < params.maxSteps && !(probs[t]! > params.threshold); step++) {
      const { proposals, gradients } = await propose({ net: batcher, height, width, params, images: [cur], targets: Int32Array.of(t), rngs: [rng] });
      const out = await classifyAll(batcher, proposals, height, width);
      evaluations += params.candidates + gradients;
      steps = step + 1;
      let best = -1;
      let bestP = probs[t]!;
      for (let k = 0; k < params.candidates; k++) {
        const p = out[k]![t]!;
        if (p > bestP) { bestP = p; best = k; }
      }
      if (best >= 0) {
        cur = proposals[best]!;
        probs = out[best]!;
      }
    }
    finished++;
    onProgress({ stage: 'AI', done: finished, total: n, detail: `image ${i + 1}: ${steps} steps` });
    return {
      kind: 'AI' as const, index: i, targetClass: t, image: toUint8(cur), steps, evaluations,
      converged: probs[t]! > params.threshold, targetProbability: probs[t]!, probs, seed,
    };
  };
  return Promise.all(Array.from({ length: n }, (_, i) => chain(i)));
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
