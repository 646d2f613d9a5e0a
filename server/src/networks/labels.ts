import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../core/errors.js';

/**
 * ImageNet labels from `imagenet_labels.txt` in the models directory: 1001 lines where line 0 is the TFLite
 * "background" output. Background is dropped everywhere, so label k is ImageNet class k (0..999), the order of
 * the sorted sample images.
 */
export function readLabels(modelsDir: string): string[] {
  const path = join(modelsDir, 'imagenet_labels.txt');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new DomainError('NOT_FOUND', `ImageNet labels file '${path}' does not exist (set --models-dir)`);
  }
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const labels = lines[0] === 'background' ? lines.slice(1) : lines;
  if (labels.length !== 1000) throw new DomainError('BAD_DATA', `${path}: expected 1000 labels after 'background', found ${labels.length}`);
  return labels;
}
