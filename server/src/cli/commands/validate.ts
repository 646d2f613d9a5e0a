import { INTERPOLATION } from '../../core/image.js';
import { measureAccuracy, sampleImages } from '../../networks/imagenet.js';
import { loadNetwork } from '../../networks/load.js';
import { progressBars } from '../progress-bar.js';
import type { Command } from '../command.js';
import { intOption, NETWORK_HELP, NETWORK_OPTIONS, networkRef, resizeMode } from './classify.js';

const validate: Command = {
  name: 'validate',
  summary: 'top-1 / top-5 accuracy on the ImageNet sample images',
  help: `usage: adversarial-rsa validate [--network N] [--weights F] [--limit K] [--resize M]

Classifies the 1000 ImageNet sample photos (one per class; sorted file names = class index) and prints, last,
one JSON line: {"network", "weightsSha256", "backend", "resize", "interpolation", "images", "top1", "top5"}.
A progress bar goes to stderr.

Options:
${NETWORK_HELP}
  --limit K          only K images, evenly spaced over the 1000 classes (default 1000)`,
  options: { ...NETWORK_OPTIONS, limit: { type: 'string' } },
  async run(ctx) {
    const limit = intOption(ctx, 'limit', 1000, 1, 1000);
    const mode = resizeMode(ctx);
    const items = sampleImages(ctx.config.imagesDir, limit);
    const net = await loadNetwork(ctx.config, networkRef(ctx), { pool: ctx.config.workers > 1 && limit > 16, log: (l) => ctx.stderr.write(`${l}\n`) });
    const bars = progressBars(ctx.stderr);
    try {
      const acc = await measureAccuracy(net, items, mode, bars.progress);
      bars.stop();
      ctx.stdout.write(`${JSON.stringify({
        network: net.spec.name, weightsSha256: net.spec.weightsSha256, backend: net.backend, resize: mode, interpolation: INTERPOLATION,
        images: acc.images, top1: acc.top1, top5: acc.top5,
      })}\n`);
    } finally {
      bars.stop();
      await net.dispose();
    }
    return 0;
  },
};

export default validate;
