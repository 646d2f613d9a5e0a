import type { ProgressFn } from '../../core/progress.js';
import type { Network } from '../../networks/types.js';
import { gradientAscent } from './gradient-ascent.js';
import { checkInputs, imageOf } from './pixels.js';
import type { GenerationInputs, GenerationResult, GradientParams } from './types.js';

/**
 * The control AI set (paper section 2.2 and Supplementary Figure 4): "the similar approach as AN images (change
 * the I_mean in Eq. 1 to I_RE)", i.e. gradient ascent from the RE image, regularised towards it, for the
 * pre-selected wrong class until its probability exceeds 0.99. Used only for the network RSA control.
 */
export async function generateAIControl(net: Network, inputs: GenerationInputs, params: GradientParams, onProgress?: ProgressFn): Promise<GenerationResult[]> {
  const { re, classes, targets, mean } = inputs;
  checkInputs(re, classes, targets, mean, net.spec.inputSize);
  const images = Array.from({ length: re.n }, (_, i) => imageOf(re, i));
  return gradientAscent(net, {
    kind: 'AI_CONTROL',
    height: re.height,
    width: re.width,
    starts: images,
    anchors: images,
    targets: Int32Array.from(targets),
    seeds: Array.from(classes, (c) => `AI_CONTROL:${params.seed}:${c}`),
  }, params, onProgress);
}
