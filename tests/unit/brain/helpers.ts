import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { Rng } from '../../../server/src/core/rng.js';
import type { Hemisphere, RoiName } from '../../../server/src/domain/vocabulary.js';

/**
 * Minimal NIfTI-1 writer for tests (single .nii, little-endian, float32 or int16, sform and qform codes given):
 * enough to build datasets the importer must read back. `data` is in NIfTI order (i fastest).
 */
export function niftiBytes(o: {
  dims: number[]; data: ArrayLike<number>; datatype?: 'float32' | 'int16'; sform?: number[][]; sformCode?: number;
  pixdim?: number[]; xyztUnits?: number; gzip?: boolean; sclSlope?: number; sclInter?: number;
}): Uint8Array {
  const dt = o.datatype ?? 'float32';
  const bpv = dt === 'float32' ? 4 : 2;
  const n = o.dims.reduce((a, b) => a * b, 1);
  if (o.data.length !== n) throw new Error(`niftiBytes: ${o.data.length} values for dims ${o.dims}`);
  const voxOffset = 352;
  const buf = new ArrayBuffer(voxOffset + n * bpv);
  const v = new DataView(buf);
  v.setInt32(0, 348, true);
  v.setInt16(40, o.dims.length, true);
  o.dims.forEach((d, i) => v.setInt16(42 + 2 * i, d, true));
  for (let i = o.dims.length; i < 7; i++) v.setInt16(42 + 2 * (i + 1), 1, true);
  v.setInt16(70, dt === 'float32' ? 16 : 4, true);
  v.setInt16(72, bpv * 8, true);
  const pix = o.pixdim ?? [1, 1, 1, 1];
  v.setFloat32(76, 1, true); // qfac
  pix.forEach((p, i) => v.setFloat32(80 + 4 * i, p, true));
  v.setFloat32(108, voxOffset, true);
  v.setFloat32(112, o.sclSlope ?? 1, true);
  v.setFloat32(116, o.sclInter ?? 0, true);
  v.setUint8(123, o.xyztUnits ?? 2);
  v.setInt16(252, 0, true); // qform_code
  v.setInt16(254, o.sformCode ?? (o.sform ? 2 : 0), true);
  const s = o.sform ?? [[pix[0]!, 0, 0, 0], [0, pix[1]!, 0, 0], [0, 0, pix[2]!, 0]];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + (r * 4 + c) * 4, s[r]![c]!, true);
  const magic = 'n+1\0';
  for (let i = 0; i < 4; i++) v.setUint8(344 + i, magic.charCodeAt(i));
  for (let i = 0; i < n; i++) {
    if (dt === 'float32') v.setFloat32(voxOffset + 4 * i, o.data[i]!, true);
    else v.setInt16(voxOffset + 2 * i, o.data[i]!, true);
  }
  const bytes = new Uint8Array(buf);
  return o.gzip ? new Uint8Array(gzipSync(bytes)) : bytes;
}

export function tempDir(prefix = 'brain-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, Uint8Array | string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

/**
 * A small hand-made flat subject: `perRoi` vertices on a grid per (ROI, hemisphere) given, random betas
 * [trials x stimuli x vertices].
 */
export function toySubject(o: {
  id?: string; stimuli: string[]; trials?: number; rois?: [RoiName, Hemisphere][]; perRoi?: number; seed?: number;
}): SubjectData {
  const rois = o.rois ?? [['V1', 'LH'], ['V1', 'RH'], ['V2', 'LH']];
  const per = o.perRoi ?? 9;
  const T = o.trials ?? 2;
  const ids: string[] = [];
  const roi: RoiName[] = [];
  const hemisphere: Hemisphere[] = [];
  const x: number[] = [];
  const y: number[] = [];
  rois.forEach(([r, h], ri) => {
    for (let i = 0; i < per; i++) {
      ids.push(`${h}-${r}-${i}`);
      roi.push(r);
      hemisphere.push(h);
      x.push((i % 3) * 1.5 + ri * 10);
      y.push(Math.floor(i / 3) * 1.5);
    }
  });
  const rng = new Rng(o.seed ?? 1);
  const betas = Float32Array.from({ length: T * o.stimuli.length * ids.length }, () => rng.normal());
  return {
    id: o.id ?? 'toy',
    simulated: false,
    space: 'flat',
    stimulusIds: o.stimuli,
    nTrials: T,
    betas,
    vertices: { ids, roi, hemisphere, x: Float64Array.from(x), y: Float64Array.from(y) },
    source: 'test',
    params: {},
  };
}

export const FIXTURES = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'fixtures', 'brain');
