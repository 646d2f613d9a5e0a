import { join } from 'node:path';
import { loadBatch } from '../core/image.js';
import type { ImageBatch } from '../networks/types.js';
import type { StudyDefinition } from '../study/definition/definition.js';

/**
 * The study's RE images at the network input size, in study order, preprocessed with the study's mode: RGB,
 * integral values 0..255 (the decoder's 8-bit output), [n x size x size x 3].
 */
export async function loadReImages(study: StudyDefinition, imagesDir: string, size: number): Promise<ImageBatch> {
  return loadBatch(study.images.map((im) => join(imagesDir, im.file)), size, study.preprocessing.mode);
}

/** RE classes and AI targets of a study, in study order. */
export function studyTargets(study: StudyDefinition): { classes: Int32Array; targets: Int32Array } {
  return {
    classes: Int32Array.from(study.images, (im) => im.classIndex),
    targets: Int32Array.from(study.images, (im) => im.aiTarget.classIndex),
  };
}
