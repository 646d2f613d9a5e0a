import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importNpyDir } from '../../../server/src/brain/import/npy-dir.js';
import { writeDataset } from '../../../server/src/brain/export.js';
import commands from '../../../server/src/cli/commands/brain.js';
import type { ParsedValues } from '../../../server/src/cli/command.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { decodeNpy } from '../../../server/src/core/npy.js';
import { tempDir, toySubject } from './helpers.js';

const brainExport = commands.find((c) => c.name === 'brain export')!;
const brainSummary = commands.find((c) => c.name === 'brain summary')!;

async function run(values: ParsedValues, config = loadConfig(), cmd = brainExport): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await cmd.run({ values, positionals: [], config, stdout, stderr });
  return { code, out };
}

describe('brain export', () => {
  const STIM = ['RE-a', 'RE-b', 'RE-c'];

  it('exports one ROI of an imported dataset as responses.npy + vertices.csv, readable again', async () => {
    const root = tempDir();
    const s = toySubject({ stimuli: STIM, id: 'S1' });
    writeDataset(join(root, 'S1'), s);
    const out = tempDir();
    const { code, out: text } = await run({ data: root, subject: 'S1', roi: 'V1', hemisphere: 'RH', out });
    expect(code).toBe(0);
    expect(JSON.parse(text)).toMatchObject({ subject: 'S1', roi: 'V1', hemisphere: 'RH', simulated: false, shape: [2, 3, 9] });
    const npy = decodeNpy(new Uint8Array(readFileSync(join(out, 'responses.npy'))));
    expect(npy.shape).toEqual([2, 3, 9]);
    expect(readFileSync(join(out, 'vertices.csv'), 'utf8').split('\n')[1]).toMatch(/^RH-V1-0,V1,RH,/);
    const back = await importNpyDir(out);
    expect(back.vertices.roi.every((r) => r === 'V1')).toBe(true);
  });

  it('names the valid subjects, ROIs and missing flags', async () => {
    const root = tempDir();
    writeDataset(join(root, 'S1'), toySubject({ stimuli: STIM, id: 'S1' }));
    await expect(run({ data: root, subject: 'S9', roi: 'V1', out: tempDir() })).rejects.toThrow(/unknown subject 'S9'; valid: S1/);
    await expect(run({ data: root, subject: 'S1', roi: 'IT', out: tempDir() })).rejects.toThrow(/unknown ROI 'IT'; valid: V1, V2, V3, V4, LO/);
    await expect(run({ data: root, subject: 'S1', roi: 'V3', out: tempDir() })).rejects.toThrow(/no vertices in ROI 'V3'/);
    await expect(run({ data: root, roi: 'V1', out: tempDir() })).rejects.toThrow(/--subject is required/);
  });

  it('simulates from the study definition\'s RE photos without a store (--simulate)', async () => {
    const config = loadConfig();
    expect(existsSync(config.imagesDir), `sample photos at ${config.imagesDir}`).toBe(true);
    const out = tempDir();
    // The small CI study (10 RE photos) keeps this quick; the default study works the same way.
    const { code, out: text } = await run({ simulate: true, subjects: '1', subject: 'sim01', roi: 'LO', hemisphere: 'LH', out }, loadConfig(process.env, { '--study': 'ci-small' }));
    expect(code).toBe(0);
    const info = JSON.parse(text) as { simulated: boolean; shape: number[] };
    expect(info.simulated).toBe(true);
    expect(info.shape[0]).toBe(2);
    expect(info.shape[1]).toBe(10);
    expect(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'))).toMatchObject({ subject: 'sim01', simulated: true, roi: 'LO' });
    expect(readFileSync(join(out, 'vertices.csv'), 'utf8').split('\n')[0]).toBe('id,roi,hemisphere,x,y,prf_x,prf_y,prf_size,prf_exponent');
  });

  it('brain summary prints per-ROI vertex counts and median reliabilities', async () => {
    const root = tempDir();
    writeDataset(join(root, 'S1'), toySubject({ stimuli: STIM, id: 'S1' }));
    const { code, out } = await run({ data: root, 'per-hemisphere': '4' }, loadConfig(), brainSummary);
    expect(code).toBe(0);
    const records = JSON.parse(out) as { id: string; simulated: boolean; rois: { roi: string; hemisphere: string; nVertices: number; nSelected: number; medianReliability: number }[] }[];
    expect(records).toHaveLength(1);
    expect(records[0]!.id).toBe('S1');
    expect(records[0]!.rois.map((r) => `${r.roi}-${r.hemisphere}:${r.nVertices}/${r.nSelected}`)).toEqual(['V1-LH:9/4', 'V1-RH:9/4', 'V2-LH:9/4']);
    await expect(run({ data: root, radius: '-1' }, loadConfig(), brainSummary)).rejects.toThrow(/--radius must be a positive number/);
  });
});
