import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeDataset, verticesCsv, writeDataset } from '../../../server/src/brain/export.js';
import { importNpyDir } from '../../../server/src/brain/import/npy-dir.js';
import { importBrainData, importSubject } from '../../../server/src/brain/import/registry.js';
import { roiResponses } from '../../../server/src/brain/roi.js';
import { encodeNpy } from '../../../server/src/core/npy.js';
import { tempDir, toySubject, writeFiles } from './helpers.js';

const STIM = ['RE-a', 'RE-b', 'RE-c', 'AN-a'];

describe('NPY/CSV datasets', () => {
  it('round-trips a subject through the writer and the importer exactly', async () => {
    const s = toySubject({ stimuli: STIM, id: 'S7' });
    const dir = tempDir();
    writeDataset(dir, s);
    const back = await importNpyDir(dir);
    expect(back.id).toBe('S7');
    expect(back.stimulusIds).toEqual(STIM);
    expect(back.nTrials).toBe(2);
    expect(back.vertices.ids).toEqual(s.vertices.ids);
    expect(back.vertices.roi).toEqual(s.vertices.roi);
    expect(back.vertices.hemisphere).toEqual(s.vertices.hemisphere);
    expect(Array.from(back.vertices.x)).toEqual(Array.from(s.vertices.x));
    expect(Array.from(back.betas)).toEqual(Array.from(s.betas));
  });

  it('exports one ROI as an importable dataset with the ROI in meta.json', async () => {
    const s = toySubject({ stimuli: STIM });
    const r = roiResponses(s, 'V1', 'LH');
    const dir = tempDir();
    writeDataset(dir, r);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toMatchObject({ roi: 'V1', hemisphere: 'LH', units: 'mm' });
    const back = await importSubject(dir);
    expect(back.vertices.ids).toEqual(s.vertices.ids.filter((_, i) => s.vertices.roi[i] === 'V1' && s.vertices.hemisphere[i] === 'LH'));
    expect(Array.from(back.betas)).toEqual(Array.from(r.betas));
  });

  it('writes pRF columns when known and reads them back', async () => {
    const s = toySubject({ stimuli: STIM });
    const n = s.vertices.ids.length;
    const prf = { x: new Float64Array(n).fill(1.5), y: new Float64Array(n).fill(-2), size: new Float64Array(n).fill(0.7), exponent: new Float64Array(n).fill(0.18) };
    const withPrf = { ...s, vertices: { ...s.vertices, prf } };
    expect(verticesCsv(withPrf.vertices).split('\n')[0]).toBe('id,roi,hemisphere,x,y,prf_x,prf_y,prf_size,prf_exponent');
    const dir = tempDir();
    writeDataset(dir, withPrf);
    const back = await importNpyDir(dir);
    expect(Array.from(back.vertices.prf!.exponent)).toEqual(Array.from(prf.exponent));
  });

  it('reads a directory of subject directories', async () => {
    const root = tempDir();
    writeDataset(join(root, 'S1'), toySubject({ stimuli: STIM, id: 'S1' }));
    writeDataset(join(root, 'S2'), toySubject({ stimuli: STIM, id: 'S2', seed: 2 }));
    const data = await importBrainData(root);
    expect(data.subjects.map((s) => s.id)).toEqual(['S1', 'S2']);
    expect(data.simulated).toBe(false);
  });

  function files(edit: (f: Record<string, Uint8Array | string>) => void): string {
    const s = toySubject({ stimuli: STIM, perRoi: 4 });
    const f: Record<string, Uint8Array | string> = { ...encodeDataset(s).files };
    edit(f);
    const dir = tempDir();
    writeFiles(dir, f);
    return dir;
  }
  const csv = (f: Record<string, Uint8Array | string>): string => (typeof f['vertices.csv'] === 'string' ? f['vertices.csv'] : new TextDecoder().decode(f['vertices.csv']!));

  it('refuses shape mismatches, unknown labels, NaN and constant vertices, and wrong units', async () => {
    await expect(importNpyDir(files((f) => { f['stimuli.csv'] = 'id\nRE-a\nRE-b\n'; }))).rejects.toThrow(/has 4 stimuli but stimuli.csv lists 2/);
    await expect(importNpyDir(files((f) => { f['responses.npy'] = encodeNpy({ shape: [2, 4, 3], data: new Float32Array(24) }); }))).rejects.toThrow(/has 3 vertices but vertices.csv lists 12/);
    await expect(importNpyDir(files((f) => { f['responses.npy'] = encodeNpy({ shape: [8, 12], data: new Float32Array(96) }); }))).rejects.toThrow(/must be \[trials x stimuli x vertices\]/);
    await expect(importNpyDir(files((f) => { f['vertices.csv'] = csv(f).replace(',V2,', ',MT,'); }))).rejects.toThrow(/unknown ROI 'MT'; valid: V1, V2, V3, V4, LO/);
    await expect(importNpyDir(files((f) => { f['vertices.csv'] = csv(f).replace(',LH,', ',XH,'); }))).rejects.toThrow(/unknown hemisphere 'XH'/);
    await expect(importNpyDir(files((f) => { f['stimuli.csv'] = 'id\nRE-a\nRE-a\nRE-c\nAN-a\n'; }))).rejects.toThrow(/duplicate stimulus id 'RE-a'/);
    await expect(importNpyDir(files((f) => {
      const d = new Float32Array(2 * 4 * 12).map((_, i) => i % 7); d[5] = NaN;
      f['responses.npy'] = encodeNpy({ shape: [2, 4, 12], data: d });
    }))).rejects.toThrow(/beta is NaN for vertex/);
    await expect(importNpyDir(files((f) => {
      const d = new Float32Array(2 * 4 * 12).map((_, i) => (i % 12 === 3 ? 2 : Math.sin(i)));
      f['responses.npy'] = encodeNpy({ shape: [2, 4, 12], data: d });
    }))).rejects.toThrow(/vertex 'LH-V1-3' has constant betas/);
    // Coordinates given in metres without saying so: an extent of a few mm / 1000.
    await expect(importNpyDir(files((f) => {
      f['vertices.csv'] = csv(f).split('\n').map((l, i) => {
        if (i === 0 || !l) return l;
        const c = l.split(',');
        c[3] = String(Number(c[3]) / 1000); c[4] = String(Number(c[4]) / 1000);
        return c.join(',');
      }).join('\n');
    }))).rejects.toThrow(/must be in mm \(metres\? multiply by 1000\)/);
    await expect(importNpyDir(files((f) => { f['meta.json'] = '{"units": "furlong"}'; }))).rejects.toThrow(/unknown length unit 'furlong'; valid: mm, m, cm, um/);
    await expect(importNpyDir(files((f) => { f['vertices.csv'] = csv(f).replace('x,y', 'x,why'); }))).rejects.toThrow(/missing column 'y'/);
    await expect(importSubject(tempDir())).rejects.toThrow(/no brain dataset found/);
    await expect(importSubject(files(() => {}), 'mgz')).rejects.toThrow(/unknown brain data format 'mgz'; valid: npy, nifti/);
  });

  it('converts declared units to mm', async () => {
    const dir = files((f) => { f['meta.json'] = '{"units": "cm"}'; });
    const s = await importNpyDir(dir);
    const ref = toySubject({ stimuli: STIM, perRoi: 4 });
    expect(s.vertices.x[1]).toBeCloseTo(ref.vertices.x[1]! * 10, 10);
  });
});
