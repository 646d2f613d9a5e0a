import * as nifti from 'nifti-reader-js';
import { DomainError } from '../../core/errors.js';

/**
 * A NIfTI-1 or NIfTI-2 image (.nii or .nii.gz) as plain arrays: dimensions, voxel values in the file's order (i
 * fastest, then j, k, t: NIfTI is column-major), and the voxel-to-millimetre affine. The affine follows the NIfTI
 * rule (nifti1.h "3 different methods"), for NIfTI-1 and NIfTI-2 alike: the sform when sform_code > 0, else the
 * qform when qform_code > 0, else pixel-size scaling (x = pixdim[1] i, ...). nibabel's `affine` agrees except with
 * both codes 0, where it centres and flips x (Analyze); a singular affine (e.g. an all-zero srow) is refused, since
 * it would put every voxel at one point. Spatial units in xyzt_units (metres, micrometres) are converted to mm.
 * scl_slope / scl_inter are applied when the slope is non-zero.
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
  return { dims: d, data, affine: affineMm(h, buf, name) };
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

type Header = ReturnType<typeof nifti.readHeader>;

/**
 * The NIfTI affine (sform, else qform, else pixdim scaling), in mm. The library's own `affine` is not used: for
 * NIfTI-2 it is always the srow fields, even with sform_code 0 (issue 12 item 17), and for NIfTI-1 it prefers the
 * qform when qform_code > sform_code.
 */
function affineMm(h: Header, buf: ArrayBuffer, name: string): number[][] {
  let a: number[][];
  let method: string;
  if (h.sform_code > 0) {
    a = sformOf(h, buf);
    method = `sform (sform_code ${h.sform_code})`;
  } else if (h.qform_code > 0) {
    a = qformOf(h);
    method = `qform (qform_code ${h.qform_code}, sform_code 0)`;
  } else {
    const dx = h.pixDims;
    a = [[dx[1]!, 0, 0, 0], [0, dx[2]!, 0, 0], [0, 0, dx[3]!, 0], [0, 0, 0, 1]];
    method = 'pixel sizes (sform_code and qform_code 0)';
  }
  const det = a[0]![0]! * (a[1]![1]! * a[2]![2]! - a[1]![2]! * a[2]![1]!)
    - a[0]![1]! * (a[1]![0]! * a[2]![2]! - a[1]![2]! * a[2]![0]!)
    + a[0]![2]! * (a[1]![0]! * a[2]![1]! - a[1]![1]! * a[2]![0]!);
  if (!Number.isFinite(det) || det === 0 || a.flat().some((v) => !Number.isFinite(v))) {
    throw new DomainError('BAD_DATA',
      `${name}: the voxel-to-mm affine from the ${method} is singular or not finite ([${a.slice(0, 3).map((r) => r.join(' ')).join('; ')}]): every voxel would be placed on one point or plane; valid: a non-singular sform (sform_code > 0), else qform (qform_code > 0), else non-zero pixdim[1..3]`);
  }
  const units = h.xyzt_units & 0x07;
  const f = units === 1 ? 1000 : units === 3 ? 0.001 : 1; // metres, micrometres -> mm; mm and unknown as is
  if (f !== 1) for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) a[r]![c] = a[r]![c]! * f;
  return a;
}

/** The srow_x/y/z rows: float32 at byte 280 in NIfTI-1, float64 at byte 400 in NIfTI-2 (read by the library). */
function sformOf(h: Header, buf: ArrayBuffer): number[][] {
  let a: number[][];
  if (h instanceof nifti.NIFTI1) {
    const v = new DataView(buf);
    a = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => v.getFloat32(280 + (r * 4 + c) * 4, h.littleEndian)));
  } else {
    a = [0, 1, 2].map((r) => [...h.affine[r]!]);
  }
  a.push([0, 0, 0, 1]);
  return a;
}

/** The quaternion affine (nifti1_io quatern_to_mat44): R(b, c, d) diag(dx, dy, qfac dz), offset qoffset. */
function qformOf(h: Header): number[][] {
  let b = h.quatern_b;
  let c = h.quatern_c;
  let d = h.quatern_d;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // a numerically zero real part: renormalise (b, c, d) as nifti1_io does
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s;
    c *= s;
    d *= s;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const px = h.pixDims;
  const xd = px[1]! > 0 ? px[1]! : 1;
  const yd = px[2]! > 0 ? px[2]! : 1;
  const zd = (px[3]! > 0 ? px[3]! : 1) * (px[0]! < 0 ? -1 : 1);
  return [
    [(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, h.qoffset_x],
    [2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, h.qoffset_y],
    [2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, h.qoffset_z],
    [0, 0, 0, 1],
  ];
}

/** World (mm) coordinates of voxel (i, j, k). */
export function voxelToMm(affine: NiftiVolume['affine'], i: number, j: number, k: number): [number, number, number] {
  const a = affine;
  return [0, 1, 2].map((r) => a[r]![0]! * i + a[r]![1]! * j + a[r]![2]! * k + a[r]![3]!) as [number, number, number];
}
