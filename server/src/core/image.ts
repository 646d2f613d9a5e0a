import sharp, { type Sharp } from 'sharp';
import { basename } from 'node:path';
import { DomainError } from './errors.js';

/**
 * Image files <-> the project's pixel space: RGB, float32 in [0, 255], [H x W x 3] row-major (HWC).
 *
 * Preprocessing modes (recorded with every result):
 * - 'resize': the whole image resized to size x size, aspect ratio not kept (what the paper did, section 2.2).
 * - 'center_crop': the ImageNet evaluation standard: resize the shorter side to size / 0.875 (256 for 224) and
 *   take the central size x size square.
 * Interpolation: sharp's 'linear' kernel, i.e. bilinear with antialiasing when shrinking (like PIL's BILINEAR,
 * the torchvision default), applied to 8-bit sRGB values.
 * Normalisation of the input: EXIF orientation applied, grayscale and CMYK converted to sRGB, alpha dropped.
 */
export const RESIZE_MODES = ['resize', 'center_crop'] as const;
export type ResizeMode = (typeof RESIZE_MODES)[number];
/** Fraction of the shorter side kept by 'center_crop' (224 / 256). */
export const CENTER_CROP_FRACTION = 0.875;
export const INTERPOLATION = 'bilinear (sharp linear kernel, antialiased)';

export interface RgbImage {
  readonly height: number;
  readonly width: number;
  /** [height x width x 3] RGB in [0, 255]. */
  readonly data: Float32Array;
}

/** Decodes any image file sharp reads (JPEG, PNG, WebP, TIFF, GIF...) to size x size RGB pixels. */
export async function loadImage(file: string, size: number, mode: ResizeMode = 'resize'): Promise<RgbImage> {
  let pipeline: Sharp;
  try {
    // failOn 'warning' (also for truncated JPEGs): a damaged file is an error, not a half-grey image.
    pipeline = sharp(file, { failOn: 'warning' }).rotate().toColourspace('srgb').removeAlpha();
    if (mode === 'resize') {
      pipeline = pipeline.resize(size, size, { fit: 'fill', kernel: 'linear' });
    } else {
      const outer = Math.round(size / CENTER_CROP_FRACTION);
      const off = Math.floor((outer - size) / 2);
      // 'cover' keeps the central square and scales it to outer x outer; the crop then keeps the centre.
      pipeline = pipeline
        .resize(outer, outer, { fit: 'cover', position: 'centre', kernel: 'linear' })
        .extract({ left: off, top: off, width: size, height: size });
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== size || info.height !== size) {
      throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}`);
    }
    return { height: size, width: size, data: Float32Array.from(data) };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new DomainError('BAD_IMAGE', `cannot read image '${file}': ${why}`, { file });
  }
}

/** RGB floats [h x w x 3] -> PNG bytes (values rounded and clamped to 0..255). */
export async function encodePng(rgb: Float32Array, height: number, width: number): Promise<Uint8Array> {
  if (rgb.length !== height * width * 3) {
    throw new DomainError('SHAPE_MISMATCH', `PNG of ${height}x${width}x3 needs ${height * width * 3} values, got ${rgb.length}`);
  }
  const bytes = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(rgb[i]!)));
  const png = await sharp(bytes, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A batch in the project's pixel space (networks/types.ts ImageBatch names this type for the network contract). */
export interface PixelBatch {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  /** [n x height x width x 3] RGB in [0, 255], row-major (NHWC). */
  readonly data: Float32Array;
}

/** Stacks equally sized images into one NHWC batch. */
export function stackImages(images: readonly RgbImage[]): PixelBatch {
  if (images.length === 0) throw new DomainError('BAD_USER_INPUT', 'no images to stack');
  const { height, width } = images[0]!;
  const per = height * width * 3;
  const data = new Float32Array(images.length * per);
  images.forEach((im, i) => {
    if (im.height !== height || im.width !== width) {
      throw new DomainError('SHAPE_MISMATCH', `image ${i} is ${im.height}x${im.width}, expected ${height}x${width}`);
    }
    data.set(im.data, i * per);
  });
  return { n: images.length, height, width, data };
}

/** Loads several files at one size (in parallel; sharp decodes on its own thread pool). */
export async function loadBatch(files: readonly string[], size: number, mode: ResizeMode = 'resize'): Promise<PixelBatch> {
  return stackImages(await Promise.all(files.map((f) => loadImage(f, size, mode))));
}

/** A short name for an image file, e.g. for JSON output. */
export function imageName(file: string): string {
  return basename(file);
}
