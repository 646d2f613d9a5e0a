import { DomainError } from './errors.js';

/**
 * NumPy .npy files, format versions 1.0-3.0, C order, little-endian. Readable dtypes: <f4 <f8 <i4 <i8 <u1 |u1
 * <i2 <u2 |i1 |b1; written: float32, float64, int32, uint8. Shapes are row-major, like NumPy's default.
 */
export type NpyDtype = 'f4' | 'f8' | 'i4' | 'u1';
export type NpyData = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface NpyArray {
  readonly shape: readonly number[];
  readonly data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function dtypeOf(data: NpyData): { descr: string } {
  if (data instanceof Float32Array) return { descr: '<f4' };
  if (data instanceof Float64Array) return { descr: '<f8' };
  if (data instanceof Int32Array) return { descr: '<i4' };
  if (data instanceof Uint8Array) return { descr: '|u1' };
  throw new DomainError('BAD_DATA', 'unsupported array type for .npy');
}

/** Serialises an array to .npy bytes (version 1.0, header padded to a multiple of 64 bytes). */
export function encodeNpy(arr: NpyArray): Uint8Array {
  const n = arr.shape.reduce((a, b) => a * b, 1);
  if (n !== arr.data.length) {
    throw new DomainError('SHAPE_MISMATCH', `shape [${arr.shape.join(', ')}] needs ${n} values, got ${arr.data.length}`);
  }
  const { descr } = dtypeOf(arr.data);
  const shapeText = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pre = MAGIC.length + 2 + 2;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header + ' '.repeat(total - pre - header.length - 1) + '\n';
  if (header.length > 65535) throw new DomainError('BAD_DATA', 'npy header too long');
  const body = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
  const out = new Uint8Array(total + body.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(body, total);
  return out;
}

/** Parses .npy bytes. Copies the payload so the result is aligned and independent of the input buffer. */
export function decodeNpy(bytes: Uint8Array, name = 'array'): NpyArray {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new DomainError('BAD_DATA', `${name}: not a .npy file (bad magic)`);
  }
  const major = bytes[6];
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = bytes[8]! | (bytes[9]! << 8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24);
    offset = 12;
  } else {
    throw new DomainError('BAD_DATA', `${name}: unsupported .npy version ${major}; valid: 1, 2, 3`);
  }
  const header = new TextDecoder('latin1').decode(bytes.subarray(offset, offset + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new DomainError('BAD_DATA', `${name}: malformed .npy header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === 'True') throw new DomainError('BAD_DATA', `${name}: Fortran-order arrays are not supported; save with np.ascontiguousarray`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const start = offset + headerLen;
  const payload = bytes.subarray(start);
  const copy = (bytesPer: number): ArrayBuffer => {
    if (payload.byteLength < n * bytesPer) {
      throw new DomainError('BAD_DATA', `${name}: truncated .npy payload (${payload.byteLength} bytes for ${n} values of ${descr})`);
    }
    // A copy that owns its ArrayBuffer: Buffer#slice (Node's readFileSync, Buffer.from) returns a view into a shared
    // pool, whose .buffer would hold unrelated bytes.
    return new Uint8Array(payload.subarray(0, n * bytesPer)).buffer;
  };
  let data: NpyData;
  switch (descr) {
    case '<f4': data = new Float32Array(copy(4)); break;
    case '<f8': data = new Float64Array(copy(8)); break;
    case '<i4': data = new Int32Array(copy(4)); break;
    case '|u1': case '<u1': case '|b1': data = new Uint8Array(copy(1)); break;
    case '|i1': data = Int32Array.from(new Int8Array(copy(1))); break;
    case '<i2': data = Int32Array.from(new Int16Array(copy(2))); break;
    case '<u2': data = Int32Array.from(new Uint16Array(copy(2))); break;
    case '<i8': data = Float64Array.from(new BigInt64Array(copy(8)), (v) => Number(v)); break;
    default:
      throw new DomainError('BAD_DATA', `${name}: unsupported dtype '${descr}'; valid: <f4, <f8, <i4, <i8, <i2, <u2, |u1, |i1, |b1`);
  }
  return { shape, data };
}

/** Float view of any decoded array (integers converted). */
export function asFloat64(arr: NpyArray): Float64Array {
  return arr.data instanceof Float64Array ? arr.data : Float64Array.from(arr.data);
}
