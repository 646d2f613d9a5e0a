import type { ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
import { gradientAscent } from './gradient-ascent.js';
import { checkInputs } from './pixels.js';
import type { GenerationInputs, GenerationResult, GradientParams } from './types.js';

/**
 * AN images (paper section 2.2, Eq. 1; Nguyen et al. 2015): from the ImageNet mean plus small Gaussian noise,
 * gradient ascent on f(P_c) - lambda ||I - I_mean||^2 for each RE image's class c until P_c > threshold (0.99).
 * Per-image noise seed: `AN:<seed>:<class>`, so an image's result does not depend on which others are generated
 * with it. Returns one result per RE image, in input order.
 */
export async function generateAN(net: Network, inputs: GenerationInputs, params: GradientParams, onProgress?: ProgressFn): Promise<GenerationResult[]> {
  const { re, classes, targets, mean } = inputs;
  checkInputs(re, classes, targets, mean, net.spec.inputSize);
  const n = re.n;
  return gradientAscent(net, {
    kind: 'AN',
    height: re.height,
    width: re.width,
    starts: Array.from({ length: n }, () => mean),
    anchors: Array.from({ length: n }, () => mean),
    targets: Int32Array.from(classes),
    seeds: Array.from(classes, (c) => `AN:${params.seed}:${c}`),
  }, params, onProgress);
}
