import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { loadNetwork } from '../../../server/src/networks/load.js';
import type { ImageBatch, Network } from '../../../server/src/networks/types.js';
import { imageNetClasses } from '../../../server/src/stimuli/classes.js';
import { topK } from '../../../server/src/stimuli/classification.js';
import { GENERATORS, type GenerationInputs } from '../../../server/src/stimuli/generate/index.js';
import { loadStudy } from '../../../server/src/study/definition/load.js';
import { imageNetMean } from '../../../server/src/stimuli/mean.js';
import { perturbationMetrics } from '../../../server/src/stimuli/metrics.js';
import { loadReImages, studyTargets } from '../../../server/src/stimuli/re.js';

/**
 * The "done" properties on a reduced study with the small MobileNetV1 (128 px): 4 of ci-small's images,
 * its own generation parameters. The mean comes from 50 photos (every 20th class) to keep the test fast; the
 * properties checked do not depend on how exact the mean is.
 */
const config = loadConfig();
const study = loadStudy('ci-small', { imagesDir: config.imagesDir });
const pick = [0, 3, 6, 9];
let net: Network;
let inputs: GenerationInputs;
let S: number;

beforeAll(async () => {
  net = await loadNetwork(config, { name: study.network }, { pool: false });
  S = net.spec.inputSize;
  const per = S * S * 3;
  const all = await loadReImages(study, config.imagesDir, S);
  const re: ImageBatch = { n: pick.length, height: S, width: S, data: new Float32Array(pick.length * per) };
  pick.forEach((j, i) => re.data.set(all.data.subarray(j * per, (j + 1) * per), i * per));
  const { classes, targets } = studyTargets(study);
  const files = imageNetClasses().filter((c) => c.index % 20 === 0).map((c) => join(config.imagesDir, c.file));
  inputs = {
    re, classes: Int32Array.from(pick, (j) => classes[j]!), targets: Int32Array.from(pick, (j) => targets[j]!),
    mean: await imageNetMean(files, S, study.preprocessing.mode),
  };
}, 60_000);
afterAll(async () => net?.dispose());

describe(`reduced study on ${study.network}`, () => {
  it('RE images are classified correctly (top-1), with the probability recorded in the study', async () => {
    const { probs } = await net.classify(inputs.re);
    const top = topK(probs, net.spec.labels, 5);
    pick.forEach((j, i) => {
      expect(top[i]![0]!.index).toBe(study.images[j]!.classIndex);
      expect(top[i]![0]!.probability).toBeCloseTo(study.images[j]!.probability!, 3);
    });
  });

  it('AN: all reach p(RE class) > 0.99 from the mean', async () => {
    const out = await GENERATORS.AN(net, inputs, study.generation.AN);
    for (const r of out) {
      expect(r.converged).toBe(true);
      expect(r.targetProbability).toBeGreaterThan(0.99);
    }
  }, 60_000);

  it('AI: the target is top-1 with p > 0.5 and the image stays close to RE (PSNR > 30 dB)', async () => {
    const out = await GENERATORS.AI(net, inputs, study.generation.AI);
    const { probs } = await net.classify({ n: out.length, height: S, width: S, data: Float32Array.from(out.flatMap((r) => Array.from(r.image))) });
    const top = topK(probs, net.spec.labels, 1);
    out.forEach((r, i) => {
      expect(r.converged).toBe(true);
      expect(top[i]![0]!.index).toBe(inputs.targets[i]);
      expect(top[i]![0]!.probability).toBeGreaterThan(0.5);
      const re = inputs.re.data.subarray(i * S * S * 3, (i + 1) * S * S * 3);
      expect(perturbationMetrics(re, r.image, S, S).psnr).toBeGreaterThan(30);
    });
  }, 60_000);
});
