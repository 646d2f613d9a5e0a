import * as nifti from 'nifti-reader-js';
import { DomainError } from '../../core/errors.js';

/**
 * A NIfTI-1 or NIfTI-2 image (.nii or .nii.gz) as plain arrays: dimensions, voxel values in the file's order (i
 * fastest, then j, k, t: NIfTI is column-major), and the voxel-to-millimetre affine. The affine follows nibabel's
 * choice: the sform when sform_code > 0, else the qform, else the pixdim scaling; spatial units in xyzt_units
 * (metres, micrometres) are converted to mm. scl_slope / scl_inter are applied when the slope is non-zero.
 */
export interface NiftiVolume {
  /** [nx, ny, nz, nt] (missing dimensions are 1). */
  readonly dims: readonly [number, number, number, number];
  readonly data: Float64Array;
  /** 4x4 row-major: [x y z 1]^T = A [i j k 1]^T, in mm. */
  readonly affine: readonly (readonly number[])[];
}

export function readNiftiVolume(bytes: Uint8Array, name: string): NiftiVolume {
  let buf: ArrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (nifti.isCompressed(buf)) buf = nifti.decompress(buf) as ArrayBuffer;
  if (!nifti.isNIFTI(buf)) throw new DomainError('BAD_DATA', `${name}: not a NIfTI-1 or NIfTI-2 file`);
  const h = nifti.readHeader(buf);
  const nd = h.dims[0]!;
  if (nd < 1 || nd > 7) throw new DomainError('BAD_DATA', `${name}: bad dim[0] = ${nd}`);
  const d = [1, 2, 3, 4].map((i) => (i <= nd ? Math.max(1, h.dims[i]!) : 1)) as [number, number, number, number];
  for (let i = 5; i <= nd; i++) {
    if ((h.dims[i] ?? 1) > 1) throw new DomainError('BAD_DATA', `${name}: ${nd}-D images with dim[${i}] = ${h.dims[i]} are not supported; valid: up to 4-D`);
  }
  const n = d[0] * d[1] * d[2] * d[3];
  const raw = nifti.readImage(h, buf);
  const data = convert(raw, h.datatypeCode, h.littleEndian, n, name);
  const slope = h.scl_slope;
  if (Number.isFinite(slope) && slope !== 0 && !(slope === 1 && (h.scl_inter || 0) === 0)) {
    const inter = Number.isFinite(h.scl_inter) ? h.scl_inter : 0;
    for (let i = 0; i < n; i++) data[i] = data[i]! * slope + inter;
  }
  return { dims: d, data, affine: affineMm(h, buf) };
}

function convert(raw: ArrayBuffer, code: number, little: boolean, n: number, name: string): Float64Array {
  const view = new DataView(raw);
  const readers: Record<number, [number, (o: number) => number, string]> = {
    2: [1, (o) => view.getUint8(o), 'uint8'],
    4: [2, (o) => view.getInt16(o, little), 'int16'],
    8: [4, (o) => view.getInt32(o, little), 'int32'],
    16: [4, (o) => view.getFloat32(o, little), 'float32'],
    64: [8, (o) => view.getFloat64(o, little), 'float64'],
    256: [1, (o) => view.getInt8(o), 'int8'],
    512: [2, (o) => view.getUint16(o, little), 'uint16'],
    768: [4, (o) => view.getUint32(o, little), 'uint32'],
  };
  const r = readers[code];
  if (!r) {
    throw new DomainError('BAD_DATA', `${name}: unsupported NIfTI datatype ${code}; valid: ${Object.values(readers).map((x) => x[2]).join(', ')}`);
  }
  const [size, get] = r;
  if (raw.byteLength < n * size) throw new DomainError('BAD_DATA', `${name}: truncated image data (${raw.byteLength} bytes for ${n} voxels of ${r[2]})`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = get(i * size);
  return out;
}

/** nibabel's best affine, in mm. */
function affineMm(h: ReturnType<typeof nifti.readHeader>, buf: ArrayBuffer): number[][] {
  let a: number[][];
  if (h instanceof nifti.NIFTI1 && h.sform_code > 0) {
    const v = new DataView(buf);
    a = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => v.getFloat32(280 + (r * 4 + c) * 4, h.littleEndian)));
    a.push([0, 0, 0, 1]);
  } else {
    a = h.affine.map((row) => [...row]);
  }
  const units = h.xyzt_units & 0x07;
  const f = units === 1 ? 1000 : units === 3 ? 0.001 : 1; // metres, micrometres -> mm; mm and unknown as is
  if (f !== 1) for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) a[r]![c] = a[r]![c]! * f;
  return a;
}

/** World (mm) coordinates of voxel (i, j, k). */
export function voxelToMm(affine: NiftiVolume['affine'], i: number, j: number, k: number): [number, number, number] {
  const a = affine;
  return [0, 1, 2].map((r) => a[r]![0]! * i + a[r]![1]! * j + a[r]![2]! * k + a[r]![3]!) as [number, number, number];
}
