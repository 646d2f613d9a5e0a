import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNiftiDir } from '../../../server/src/brain/import/nifti-dir.js';
import { readNiftiVolume } from '../../../server/src/brain/import/nifti-volume.js';
import { FIXTURES, niftiBytes, tempDir, writeFiles } from './helpers.js';

interface Expected {
  [file: string]: { shape: number[]; affine: number[][]; sum: number; probes: { ijkt: number[]; value: number }[] };
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'nibabel_expected.json'), 'utf8')) as Expected & {
  dataset: { ids: string[]; roi: string[]; hemisphere: string[]; coords: number[][]; stimulusIds: string[]; betas: number[] };
};

describe('NIfTI volumes against nibabel', () => {
  for (const name of ['nibabel-functional.nii', 'nibabel-anatomical.nii', 'nibabel-example_nifti2.nii.gz']) {
    it(`reads ${name} (shape, best affine, scaled values)`, () => {
      const e = expected[name]!;
      const vol = readNiftiVolume(new Uint8Array(readFileSync(join(FIXTURES, name))), name);
      expect([...vol.dims]).toEqual(e.shape);
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(vol.affine[r]![c]).toBeCloseTo(e.affine[r]![c]!, 4);
      let sum = 0;
      for (const v of vol.data) sum += v;
      expect(sum).toBeCloseTo(e.sum, 3);
      const [nx, ny, nz] = vol.dims;
      for (const { ijkt, value } of e.probes) {
        const [i, j, k, t] = ijkt as [number, number, number, number];
        expect(vol.data[i + nx * (j + ny * (k + nz * t))]).toBeCloseTo(value, 4);
      }
    });
  }

  it('refuses a file that is not NIfTI', () => {
    expect(() => readNiftiVolume(new Uint8Array(400), 'zeros.nii')).toThrow(/not a NIfTI/);
  });

  it('converts metre units to mm and applies scl_slope / scl_inter', () => {
    const bytes = niftiBytes({ dims: [2, 1, 1], data: [1, 2], datatype: 'int16', sform: [[0.002, 0, 0, 0.1], [0, 0.002, 0, 0], [0, 0, 0.002, 0]], xyztUnits: 1, sclSlope: 0.5, sclInter: 10 });
    const vol = readNiftiVolume(bytes, 'm.nii');
    expect(vol.affine[0]![0]).toBeCloseTo(2, 5);
    expect(vol.affine[0]![3]).toBeCloseTo(100, 4);
    expect([...vol.data]).toEqual([10.5, 11]);
  });
});

describe('NIfTI dataset importer', () => {
  it('imports the nibabel-written dataset: voxels, mm coordinates from the sform (not the qform), betas by events', async () => {
    const s = await importNiftiDir(join(FIXTURES, 'nifti-dataset'), { subject: 'S1' });
    const e = expected.dataset;
    expect(s.id).toBe('S1');
    expect(s.space).toBe('volume');
    expect(s.simulated).toBe(false);
    expect(s.vertices.ids).toEqual(e.ids);
    expect(s.vertices.roi).toEqual(e.roi);
    expect(s.vertices.hemisphere).toEqual(e.hemisphere);
    expect(s.stimulusIds).toEqual(e.stimulusIds);
    e.coords.forEach(([x, y, z], i) => {
      expect(s.vertices.x[i]).toBeCloseTo(x!, 5);
      expect(s.vertices.y[i]).toBeCloseTo(y!, 5);
      expect(s.vertices.z![i]).toBeCloseTo(z!, 5);
    });
    expect(s.nTrials).toBe(2);
    expect(Array.from(s.betas)).toEqual(e.betas.map((v) => Math.fround(v)));
  });

  function dataset(o: { masks?: Record<string, number[]>; events?: string; betaDims?: number[] } = {}): string {
    const dims = o.betaDims ?? [3, 2, 1, 4];
    const n = dims.reduce((a, b) => a * b, 1);
    const dir = tempDir();
    const masks = o.masks ?? { 'mask-V1-LH.nii': [1, 1, 0, 0, 0, 0], 'mask-V2-RH.nii': [0, 0, 1, 1, 1, 0] };
    const files: Record<string, Uint8Array | string> = {
      'betas.nii': niftiBytes({ dims, data: Array.from({ length: n }, (_, i) => Math.sin(i) * 3 + i * 0.01), sform: [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]] }),
      'events.tsv': o.events ?? 'volume\tstimulus_id\ttrial\n0\tRE-a\t1\n1\tRE-b\t1\n2\tRE-a\t2\n3\tRE-b\t2\n',
    };
    for (const [name, m] of Object.entries(masks)) files[name] = niftiBytes({ dims: [3, 2, 1], data: m, datatype: 'int16' });
    writeFiles(dir, files);
    return dir;
  }

  it('round-trips a dataset written by the test writer (masks, gz-less files)', async () => {
    const s = await importNiftiDir(dataset());
    expect(s.vertices.ids).toEqual(['v0_0_0', 'v1_0_0', 'v2_0_0', 'v0_1_0', 'v1_1_0']);
    expect(s.vertices.roi).toEqual(['V1', 'V1', 'V2', 'V2', 'V2']);
    expect(Array.from(s.vertices.x)).toEqual([0, 2, 4, 0, 2]);
    expect(Array.from(s.vertices.y)).toEqual([0, 0, 0, 2, 2]);
    // trial 2 of RE-b is volume 3; voxel v1_1_0 is flat index 4
    const V = 5;
    expect(s.betas[(1 * 2 + 1) * V + 4]).toBeCloseTo(Math.sin(3 * 6 + 4) * 3 + (3 * 6 + 4) * 0.01, 5);
  });

  it('refuses overlapping masks, empty masks, mismatched dimensions, bad events', async () => {
    await expect(importNiftiDir(dataset({ masks: { 'mask-V1-LH.nii': [1, 1, 0, 0, 0, 0], 'mask-V2-LH.nii': [0, 1, 0, 0, 0, 0] } }))).rejects.toThrow(/overlap/);
    await expect(importNiftiDir(dataset({ masks: { 'mask-V1-LH.nii': [0, 0, 0, 0, 0, 0] } }))).rejects.toThrow(/no voxels/);
    await expect(importNiftiDir(dataset({ masks: { 'mask-V7-LH.nii': [1, 0, 0, 0, 0, 0] } }))).rejects.toThrow(/unknown ROI 'V7'; valid: V1, V2, V3, V4, LO/);
    await expect(importNiftiDir(dataset({ betaDims: [3, 1, 2, 4] }))).rejects.toThrow(/do not match/);
    await expect(importNiftiDir(dataset({ events: 'volume\tstimulus_id\ttrial\n0\tRE-a\t1\n1\tRE-b\t1\n2\tRE-a\t2\n' }))).rejects.toThrow(/no volume for stimulus 'RE-b' trial 2/);
    await expect(importNiftiDir(dataset({ events: 'volume\tstimulus_id\ttrial\n9\tRE-a\t1\n' }))).rejects.toThrow(/volume 9 out of range/);
    await expect(importNiftiDir(dataset({ events: 'vol\tstimulus_id\ttrial\n0\tRE-a\t1\n' }))).rejects.toThrow(/missing column 'volume'/);
    await expect(importNiftiDir(dataset({ events: 'volume\tstimulus_id\ttrial\n0\tRE-a\t1\n1\tRE-b\t1\n2\tRE-a\t2\n1\tRE-b\t2\n' })))
      .rejects.toThrow(/events.tsv line 5: volume 1 is already listed on line 3/);
  });

  it('refuses constant voxels (masked-out data inside an ROI)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'betas.nii': niftiBytes({ dims: [2, 1, 1, 2], data: [1, 5, 1, 6] }),
      'events.tsv': 'volume,stimulus_id,trial\n0,RE-a,1\n1,RE-a,2\n',
      'mask-V1-LH.nii': niftiBytes({ dims: [2, 1, 1], data: [1, 1], datatype: 'int16' }),
    });
    await expect(importNiftiDir(dir)).rejects.toThrow(/vertex 'v0_0_0' has constant betas/);
  });
});
