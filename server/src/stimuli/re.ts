import { join } from 'node:path';
import { loadBatch, type PixelBatch, type ResizeMode } from '../core/image.js';

/** What loading a study's RE images needs of its definition (study/definition/): the photos and the resize mode. */
export interface ReImageSource {
  readonly images: readonly { readonly file: string; readonly classIndex: number; readonly aiTarget: { readonly classIndex: number } }[];
  readonly preprocessing: { readonly mode: ResizeMode };
}

/**
 * The study's RE images at the network input size, in study order, preprocessed with the study's mode: RGB,
 * integral values 0..255 (the decoder's 8-bit output), [n x size x size x 3].
 */
export async function loadReImages(study: ReImageSource, imagesDir: string, size: number): Promise<PixelBatch> {
  return loadBatch(study.images.map((im) => join(imagesDir, im.file)), size, study.preprocessing.mode);
}

/** RE classes and AI targets of a study, in study order. */
export function studyTargets(study: ReImageSource): { classes: Int32Array; targets: Int32Array } {
  return {
    classes: Int32Array.from(study.images, (im) => im.classIndex),
    targets: Int32Array.from(study.images, (im) => im.aiTarget.classIndex),
  };
}
