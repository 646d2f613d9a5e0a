import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/config.js';
import { DomainError } from '../core/errors.js';

/** One ImageNet class: index 0..999, WordNet id, short label, and the file name of its sample photo. */
export interface ImageNetClass {
  readonly index: number;
  readonly wnid: string;
  readonly label: string;
  readonly file: string;
}

let cached: readonly ImageNetClass[] | undefined;

/**
 * The committed class table seed/imagenet-classes.json (1000 rows, ordered by index). Study definitions are
 * validated against it without touching the image directory, so a typo in a class, WordNet id or label is found
 * before any computation.
 */
export function imageNetClasses(): readonly ImageNetClass[] {
  if (cached) return cached;
  const path = join(PROJECT_ROOT, 'seed', 'imagenet-classes.json');
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { classes: ImageNetClass[] };
  if (!Array.isArray(raw.classes) || raw.classes.length !== 1000 || raw.classes.some((c, i) => c.index !== i)) {
    throw new DomainError('BAD_DATA', `${path}: expected 1000 classes ordered by index 0..999`);
  }
  cached = Object.freeze(raw.classes.map((c) => Object.freeze({ ...c })));
  return cached;
}

export function imageNetClass(index: number, where: string): ImageNetClass {
  const c = Number.isInteger(index) ? imageNetClasses()[index] : undefined;
  if (!c) throw new DomainError('BAD_DATA', `${where}: unknown ImageNet class ${JSON.stringify(index)}; valid: integers 0..999`);
  return c;
}
