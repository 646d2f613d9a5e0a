import { DomainError } from '../../core/errors.js';
import type { TfliteTensor } from './schema.js';

/**
 * Constant tensor -> float32 values: real = scale * (q - zero_point), with per-axis scale and zero point when the
 * tensor is quantized per channel (TFLite's `quantized_dimension`). Float tensors are copied as they are.
 * Output has the tensor's own shape and row-major order.
 */
export function dequantize(t: TfliteTensor): Float32Array {
  if (!t.data) throw new DomainError('BAD_WEIGHTS', `tensor '${t.name}' holds no constant data`);
  const n = t.shape.reduce((a, b) => a * b, 1);
  const bytes = t.data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = new Float64Array(n);
  const width = { float32: 4, float16: 2, int32: 4, uint8: 1, int64: 8, int8: 1 }[t.type];
  if (bytes.byteLength < n * width) {
    throw new DomainError('BAD_WEIGHTS', `tensor '${t.name}' [${t.shape.join(', ')}] needs ${n * width} bytes, has ${bytes.byteLength}`);
  }
  for (let i = 0; i < n; i++) {
    switch (t.type) {
      case 'float32': raw[i] = view.getFloat32(4 * i, true); break;
      case 'int32': raw[i] = view.getInt32(4 * i, true); break;
      case 'uint8': raw[i] = view.getUint8(i); break;
      case 'int8': raw[i] = view.getInt8(i); break;
      case 'int64': raw[i] = Number(view.getBigInt64(8 * i, true)); break;
      default: throw new DomainError('BAD_WEIGHTS', `tensor '${t.name}': cannot dequantize type ${t.type}`);
    }
  }
  const out = new Float32Array(n);
  const q = t.quant;
  if (!q || t.type === 'float32') {
    for (let i = 0; i < n; i++) out[i] = raw[i]!;
    return out;
  }
  const channels = q.scale.length;
  if (channels === 1) {
    const s = q.scale[0]!, z = q.zeroPoint[0] ?? 0;
    for (let i = 0; i < n; i++) out[i] = s * (raw[i]! - z);
    return out;
  }
  const dim = t.shape[q.axis];
  if (dim !== channels) {
    throw new DomainError('BAD_WEIGHTS', `tensor '${t.name}': ${channels} scales for axis ${q.axis} of size ${dim}`);
  }
  // Index along the quantized axis: floor(i / inner) % channels, inner = product of the dims after the axis.
  const inner = t.shape.slice(q.axis + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = q.scale[c]! * (raw[i]! - (q.zeroPoint[c] ?? 0));
  }
  return out;
}

/** Integer contents of a small constant int32 tensor (reshape shapes, reduction axes). */
export function constInts(t: TfliteTensor): number[] {
  if (!t.data || t.type !== 'int32') throw new DomainError('BAD_WEIGHTS', `tensor '${t.name}' is not a constant int32 tensor`);
  const view = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return Array.from({ length: t.data.byteLength / 4 }, (_, i) => view.getInt32(4 * i, true));
}
