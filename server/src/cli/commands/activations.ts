import { writeFileSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { loadBatch } from '../../core/image.js';
import { encodeNpy } from '../../core/npy.js';
import { loadNetwork } from '../../networks/load.js';
import { requireFiles } from '../preflight.js';
import type { Command } from '../command.js';
import { NETWORK_HELP, NETWORK_OPTIONS, networkRef, resizeMode } from './classify.js';

const CHUNK = 32;

const activations: Command = {
  name: 'activations',
  summary: 'one layer\'s read-out of image files, as a float32 .npy [images x units]',
  help: `usage: adversarial-rsa activations [--network N] [--weights F] [--resize M] --layer L --out OUT.npy IMAGE...

Writes a float32 NumPy array [images x units]: row i is IMAGE i; units are the layer's output flattened in the
network's own NHWC order (height, then width, then channel; channel fastest), as tfjs computes it.
Layers: conv1..conv5, fc6..fc8, prob for AlexNet; block_0, block_2, block_5, block_9, block_12, block_15,
block_16, conv_1, logits, prob for MobileNetV2 (pointwise_K for mobilenet_v1_025). An unknown layer is refused
with the valid list.

Options:
${NETWORK_HELP}
  --layer L          layer name (required)
  --out FILE         output .npy file (required)`,
  options: { ...NETWORK_OPTIONS, layer: { type: 'string' }, out: { type: 'string' } },
  positionals: true,
  async run(ctx) {
    const files = ctx.positionals;
    const layer = ctx.values.layer as string | undefined;
    const out = ctx.values.out as string | undefined;
    if (!layer) throw new DomainError('BAD_USER_INPUT', 'activations needs --layer L');
    if (!out) throw new DomainError('BAD_USER_INPUT', 'activations needs --out OUT.npy');
    if (files.length === 0) throw new DomainError('BAD_USER_INPUT', 'activations needs at least one IMAGE');
    const mode = resizeMode(ctx);
    requireFiles(files, 'IMAGE');
    const net = await loadNetwork(ctx.config, networkRef(ctx), { pool: ctx.config.workers > 1 && files.length > 8, log: (l) => ctx.stderr.write(`${l}\n`) });
    try {
      const info = net.spec.layers.find((l) => l.name === layer);
      if (!info) throw new DomainError('UNKNOWN_LAYER', `unknown layer '${layer}' of ${net.spec.name}; valid: ${net.spec.layers.map((l) => l.name).join(', ')}`);
      const data = new Float32Array(files.length * info.units);
      for (let s = 0; s < files.length; s += CHUNK) {
        const part = files.slice(s, s + CHUNK);
        const acts = await net.activations(await loadBatch(part, net.spec.inputSize, mode), [layer]);
        data.set(acts[layer]!.data, s * info.units);
      }
      writeFileSync(out, encodeNpy({ shape: [files.length, info.units], data }));
      ctx.stderr.write(`wrote ${out}: float32 [${files.length} x ${info.units}] (${net.spec.name} ${layer}, shape ${info.shape.join('x')}, ${info.activation})\n`);
    } finally {
      await net.dispose();
    }
    return 0;
  },
};

export default activations;
