import type { PixelBatch } from '../../core/image.js';
import { DomainError } from '../../core/errors.js';
import type { Network } from '../../networks/types.js';
import type { JsonValue } from '../../store/types.js';
import { relatedStimulusId } from '../../domain/stimulus-id.js';
import type { StimulusKind } from '../../domain/vocabulary.js';

/**
 * Payload layouts shared by the pipeline's stages and the study service, and the small conversions between
 * stored parts and the domain modules' types. Pixel sets are stored as bytes (0..255 integral, as generated and
 * as saved in PNGs), arrays as float parts, never JSON.
 */

/** A set of images of one kind: `pixels` [n x height x width x 3] u8. */
export type StimulusSetPayload = {
  readonly meta: { readonly kind: StimulusKind; readonly ids: readonly string[]; readonly sourceIds: readonly string[]; readonly height: number; readonly width: number; readonly [k: string]: JsonValue | undefined };
  readonly pixels: Uint8Array;
  readonly [k: string]: JsonValue | Uint8Array | Float32Array | Float64Array | Int32Array | undefined;
};

/** Stimulus id of a kind derived from an RE image (the AN image of an RE photo): domain/stimulus-id.ts. */
export function stimulusId(kind: StimulusKind, reId: string): string {
  return relatedStimulusId(reId, kind);
}

export function toBytes(rgb: Float32Array): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(rgb[i]!)));
  return out;
}

export function toBatch(set: StimulusSetPayload): PixelBatch {
  const { height, width, ids } = set.meta;
  return { n: ids.length, height, width, data: Float32Array.from(set.pixels) };
}

/** Rows [from, to) of a batch (for network calls in chunks). */
export function sliceBatch(b: PixelBatch, from: number, to: number): PixelBatch {
  const per = b.height * b.width * 3;
  return { n: to - from, height: b.height, width: b.width, data: b.data.subarray(from * per, to * per) };
}

/** One image [h x w x 3] of a set. */
export function imageOf(set: StimulusSetPayload, i: number): Uint8Array {
  const per = set.meta.height * set.meta.width * 3;
  return set.pixels.subarray(i * per, (i + 1) * per);
}

/** Concatenates several sets' batches (all must share a size). */
export function concatBatches(bs: readonly PixelBatch[]): PixelBatch {
  const first = bs[0];
  if (!first) throw new DomainError('BAD_USER_INPUT', 'no stimuli');
  const per = first.height * first.width * 3;
  const n = bs.reduce((s, b) => s + b.n, 0);
  const data = new Float32Array(n * per);
  let off = 0;
  for (const b of bs) {
    if (b.height !== first.height || b.width !== first.width) throw new DomainError('SHAPE_MISMATCH', `stimulus sets of ${b.height}x${b.width} and ${first.height}x${first.width}`);
    data.set(b.data.subarray(0, b.n * per), off);
    off += b.n * per;
  }
  return { n, height: first.height, width: first.width, data };
}

/** Provenance fields of a network run. */
export function networkProvenance(net: Network): { backend: string; network: string; weightsSha256: string } {
  return { backend: net.backend, network: net.spec.name, weightsSha256: net.spec.weightsSha256 };
}

/** Runs `fn` over a batch in chunks of `size` images, reporting each chunk. */
export async function inChunks<T>(b: PixelBatch, size: number, fn: (chunk: PixelBatch, from: number) => Promise<T>, onChunk?: (done: number) => void): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < b.n; from += size) {
    const to = Math.min(b.n, from + size);
    out.push(await fn(sliceBatch(b, from, to), from));
    onChunk?.(to);
  }
  return out;
}
