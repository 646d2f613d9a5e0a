import { hashValue } from '../../core/hash.js';
import { Rng } from '../../core/rng.js';
import type { RawTensor, WeightsFile } from '../weights/tensors.js';
import { ARCHITECTURES, expectedShapes, PARAM_NAMES, STANDARD_WIDTHS, type AlexnetVariant, type AlexnetWidths } from './architecture.js';

/**
 * Seeded random AlexNet weights (He-uniform: U(-a, a), a = sqrt(6 / fan_in), biases 0.01) under the Caffe names,
 * for benchmarks and tests: no real weights can be obtained offline. Activations stay in a sane range through
 * all eight layers, so timings are representative (no denormals, no all-zero ReLUs).
 */
export function randomAlexnetWeights(variant: AlexnetVariant, seed: number, widths: AlexnetWidths = STANDARD_WIDTHS[variant]): WeightsFile {
  const shapes = expectedShapes(ARCHITECTURES[variant], widths);
  const rng = new Rng(seed);
  const tensors = new Map<string, RawTensor>();
  for (const name of PARAM_NAMES) {
    const shape = shapes[name];
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (name.endsWith('.bias')) data.fill(0.01);
    else {
      const fanIn = n / shape[0]!;
      const a = Math.sqrt(6 / fanIn);
      for (let i = 0; i < n; i++) data[i] = (rng.nextUint32() / 4294967296 * 2 - 1) * a;
    }
    tensors.set(name, { name, shape, data });
  }
  const sha256 = hashValue({ kind: 'random-alexnet', variant, seed, widths });
  return { path: `random(seed=${seed})`, format: 'random', sha256, tensors, nodes: [] };
}
