import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNiftiVolume } from '../../../server/src/brain/import/nifti-volume.js';
import { FIXTURES } from './helpers.js';

// tests/fixtures/brain/make_affine_fixtures.py (issue 12 item 17): NIfTI-1 and NIfTI-2 files written by nibabel with
// sform_code 0 and a valid qform (and a decoy srow), sform_code > 0 (and a different qform), both codes 0 (pixel
// sizes; decoy srow and quaternion), and an all-zero srow with sform_code 1.
interface AffineCase {
  file: string; version: 1 | 2; sformCode: number; qformCode: number;
  affine: number[][]; nibabelAffine: number[][]; refuse: boolean;
}
const DIR = join(FIXTURES, 'nifti-affine');
const cases = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as AffineCase[];
const read = (c: AffineCase) => readNiftiVolume(new Uint8Array(readFileSync(join(DIR, c.file))), c.file);

describe('NIfTI affine: sform if sform_code > 0, else qform if qform_code > 0, else pixel sizes (NIfTI-1 and NIfTI-2)', () => {
  for (const c of cases) {
    const what = `NIfTI-${c.version} ${c.file} (sform_code ${c.sformCode}, qform_code ${c.qformCode})`;
    if (c.refuse) {
      it(`${what}: a singular affine is refused, naming the file and the transform`, () => {
        expect(() => read(c)).toThrow(new RegExp(`${c.file}: the voxel-to-mm affine from the sform \\(sform_code 1\\) is singular`));
      });
      continue;
    }
    it(`${what}: equals nibabel's affine${c.sformCode === 0 && c.qformCode === 0 ? ' rule (method 1; nibabel centres instead)' : ''}`, () => {
      const vol = read(c);
      const digits = c.version === 2 ? 9 : 5; // NIfTI-1 stores the transforms in float32
      for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) expect(vol.affine[r]![k], `[${r}][${k}]`).toBeCloseTo(c.affine[r]![k]!, digits);
      if (c.sformCode > 0 || c.qformCode > 0) expect(c.affine).toEqual(c.nibabelAffine);
    });
  }
  it('covers the qform-only, sform, no-transform and zero-sform cases in both versions', () => {
    for (const v of [1, 2]) {
      const mine = cases.filter((c) => c.version === v);
      expect(mine.map((c) => c.file.replace(/^n\d-|\.nii$/g, '')).sort()).toEqual(['no-transform', 'qform-only', 'sform', 'zero-sform']);
    }
  });
});
