import sharp from 'sharp';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { encodePng, loadBatch, loadImage, stackImages } from '../../../server/src/core/image.js';
import { DomainError } from '../../../server/src/core/errors.js';

const { imagesDir } = loadConfig();
const dir = mkdtempSync(join(tmpdir(), 'arsa-image-'));
const MACAW = join(imagesDir, 'n01818515_macaw.JPEG');

/** Left half red, right half blue, w x h. */
async function halves(w: number, h: number): Promise<Buffer> {
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [255, 0, 0] : [0, 0, 255], (y * w + x) * 3);
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

const px = (img: { width: number; data: Float32Array }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('loadImage', () => {
  it('decodes a JPEG to size x size x 3 floats in 0..255 in both modes', async () => {
    for (const mode of ['resize', 'center_crop'] as const) {
      const im = await loadImage(MACAW, 64, mode);
      expect([im.height, im.width, im.data.length]).toEqual([64, 64, 64 * 64 * 3]);
      expect(Math.min(...im.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...im.data)).toBeLessThanOrEqual(255);
    }
  });

  it('resize keeps the whole picture; center_crop keeps the centre', async () => {
    // 200 x 100: red | blue. Resized, the left edge is red; centre-cropped (central 100 x 100 square, then 87.5 %),
    // the picture is still red | blue but the edges are nearer the middle of the original.
    const file = join(dir, 'halves.png');
    writeFileSync(file, await halves(200, 100));
    const r = await loadImage(file, 32, 'resize');
    expect(px(r, 0, 16)).toEqual([255, 0, 0]);
    expect(px(r, 31, 16)).toEqual([0, 0, 255]);
    const c = await loadImage(file, 32, 'center_crop');
    expect(px(c, 2, 16)).toEqual([255, 0, 0]);
    expect(px(c, 29, 16)).toEqual([0, 0, 255]);
  });

  it('expands a grayscale JPEG (one of the 23 samples) to three equal channels', async () => {
    const file = join(imagesDir, 'n02096051_Airedale.JPEG');
    expect((await sharp(file).metadata()).channels).toBe(1);
    const im = await loadImage(file, 16);
    for (let i = 0; i < im.data.length; i += 3) expect(im.data[i]).toBe(im.data[i + 2]);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const file = join(dir, 'cmyk.jpg');
    writeFileSync(file, await sharp(await halves(64, 64)).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer());
    expect((await sharp(file).metadata()).space).toBe('cmyk');
    const im = await loadImage(file, 16);
    const [r, g, b] = px(im, 2, 8);
    expect(r!).toBeGreaterThan(200);
    expect(g!).toBeLessThan(60);
    expect(b!).toBeLessThan(60);
  });

  it('drops alpha and applies EXIF orientation', async () => {
    const file = join(dir, 'rotated.jpg');
    // Orientation 6: the viewer rotates 90 degrees clockwise, so red (left) ends up on top.
    writeFileSync(file, await sharp(await halves(64, 64)).ensureAlpha().jpeg().withMetadata({ orientation: 6 }).toBuffer());
    const im = await loadImage(file, 16);
    expect(px(im, 8, 1)[0]).toBeGreaterThan(200);
    expect(px(im, 8, 14)[2]).toBeGreaterThan(200);
    const png = join(dir, 'alpha.png');
    writeFileSync(png, await sharp(await halves(8, 8)).ensureAlpha(0.5).png().toBuffer());
    expect((await loadImage(png, 8)).data.length).toBe(8 * 8 * 3);
  });

  it('refuses a corrupt (truncated) JPEG and a non-image, naming the file', async () => {
    const truncated = join(dir, 'truncated.jpg');
    writeFileSync(truncated, readFileSync(MACAW).subarray(0, 5000));
    const text = join(dir, 'notes.jpg');
    writeFileSync(text, 'not an image at all');
    for (const f of [truncated, text, join(dir, 'missing.jpg')]) {
      const err = await loadImage(f, 32).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('BAD_IMAGE');
      expect((err as DomainError).message).toContain(f);
    }
  });
});

describe('encodePng and batches', () => {
  it('round-trips pixels through PNG (rounded and clamped)', async () => {
    const rgb = Float32Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 10 - 20.4);
    const png = await encodePng(rgb, 4, 3);
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Array.from(data)).toEqual(Array.from(rgb, (v) => Math.min(255, Math.max(0, Math.round(v)))));
    await expect(encodePng(rgb, 5, 3)).rejects.toThrow(/needs 45 values/);
  });

  it('stacks images in order and refuses mixed sizes', async () => {
    const b = await loadBatch([MACAW, MACAW], 8);
    expect([b.n, b.height, b.width, b.data.length]).toEqual([2, 8, 8, 2 * 8 * 8 * 3]);
    expect(Array.from(b.data.subarray(0, 192))).toEqual(Array.from(b.data.subarray(192)));
    const small = { height: 4, width: 4, data: new Float32Array(48) };
    expect(() => stackImages([small, { height: 5, width: 4, data: new Float32Array(60) }])).toThrow(/expected 4x4/);
  });
});
