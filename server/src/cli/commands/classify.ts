import { RESIZE_MODES, loadBatch, type ResizeMode } from '../../core/image.js';
import { DomainError } from '../../core/errors.js';
import { topK } from '../../networks/imagenet.js';
import { loadNetwork } from '../../networks/load.js';
import { DEFAULT_NETWORK, NETWORK_NAMES } from '../../networks/registry.js';
import { shortLabel } from '../../domain/class-label.js';
import { requireFiles } from '../preflight.js';
import type { Command, CommandContext } from '../command.js';

/** Options shared by the network commands (classify, activations, validate). */
export const NETWORK_OPTIONS = {
  network: { type: 'string' },
  weights: { type: 'string' },
  resize: { type: 'string' },
} as const;

export const NETWORK_HELP = `  --network N        ${NETWORK_NAMES.join(' | ')} (default ${DEFAULT_NETWORK}, or ARSA_NETWORK)
  --weights F        weights file for alexnet / alexnet_torchvision (.npz or .onnx)
  --resize M         resize (whole image to the input size, as the paper) | center_crop (shorter side to
                     size/0.875, central square: ImageNet evaluation); bilinear interpolation. Default resize`;

export function networkRef(ctx: CommandContext): { name: string; weights?: string } {
  const name = (ctx.values.network as string | undefined) ?? ctx.config.network ?? DEFAULT_NETWORK;
  const weights = ctx.values.weights as string | undefined;
  return weights ? { name, weights } : { name };
}

export function resizeMode(ctx: CommandContext): ResizeMode {
  const m = (ctx.values.resize as string | undefined) ?? 'resize';
  if (!(RESIZE_MODES as readonly string[]).includes(m)) {
    throw new DomainError('BAD_USER_INPUT', `unknown --resize '${m}'; valid: ${RESIZE_MODES.join(', ')}`);
  }
  return m as ResizeMode;
}

export function intOption(ctx: CommandContext, name: string, dflt: number, min: number, max: number): number {
  const raw = ctx.values[name] as string | undefined;
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new DomainError('BAD_USER_INPUT', `--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return v;
}

/** Images read per round: bounds memory for long lists while keeping batches large. */
const CHUNK = 32;

const classify: Command = {
  name: 'classify',
  summary: 'top-k ImageNet labels of image files',
  help: `usage: adversarial-rsa classify [--network N] [--weights F] [--top K] [--resize M] IMAGE...

Prints one JSON object per image and line:
  {"image": "<path>", "top": [{"index": 0..999, "label": "...", "probability": p}, ...]}
Indices are 0-based ImageNet classes (the TFLite background output is dropped and the rest renormalised).

Options:
${NETWORK_HELP}
  --top K            labels per image, 1..1000 (default 5)`,
  options: { ...NETWORK_OPTIONS, top: { type: 'string' } },
  positionals: true,
  async run(ctx) {
    const files = ctx.positionals;
    if (files.length === 0) throw new DomainError('BAD_USER_INPUT', 'classify needs at least one IMAGE');
    const k = intOption(ctx, 'top', 5, 1, 1000);
    const mode = resizeMode(ctx);
    requireFiles(files, 'IMAGE');
    const net = await loadNetwork(ctx.config, networkRef(ctx), { pool: ctx.config.workers > 1 && files.length > 8, log: (l) => ctx.stderr.write(`${l}\n`) });
    try {
      for (let s = 0; s < files.length; s += CHUNK) {
        const part = files.slice(s, s + CHUNK);
        const { probs } = await net.classify(await loadBatch(part, net.spec.inputSize, mode));
        part.forEach((image, r) => {
          const top = topK(probs.data, 1000, r, k).map((index) => ({ index, label: shortLabel(net.spec.labels[index] ?? String(index)), synonyms: net.spec.labels[index], probability: probs.data[r * 1000 + index] }));
          ctx.stdout.write(`${JSON.stringify({ image, top })}\n`);
        });
      }
    } finally {
      await net.dispose();
    }
    return 0;
  },
};

export default classify;
