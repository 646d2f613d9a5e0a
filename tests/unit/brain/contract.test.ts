import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../../../server/src/brain/export.js';
import { BRAIN_IMPORTERS } from '../../../server/src/brain/import/registry.js';
import { roiResponses } from '../../../server/src/brain/roi.js';
import { vertexReliability } from '../../../server/src/brain/select.js';
import { simulateSubjects } from '../../../server/src/brain/simulate/simulate.js';
import { batchOf, blobImage } from '../../../server/src/brain/simulate/synthetic.js';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { validateSubject } from '../../../server/src/brain/validate.js';
import { HEMISPHERES, ROI_NAMES } from '../../../server/src/domain/vocabulary.js';
import { FIXTURES, tempDir, toySubject } from './helpers.js';

/**
 * One contract for every source of brain data (house style 4): each importer in the registry and the simulator must
 * hand over a SubjectData that validates, whose ROI views partition its vertices, that survives an export/import
 * round trip unchanged, and on which the vertex selection runs.
 */
const sources: Record<keyof typeof BRAIN_IMPORTERS | 'simulator', () => Promise<SubjectData>> = {
  npy: async () => {
    const dir = tempDir();
    writeDataset(dir, toySubject({ stimuli: ['RE-a', 'RE-b', 'RE-c', 'AI-a'], id: 'S1' }));
    return BRAIN_IMPORTERS.npy(dir);
  },
  nifti: async () => BRAIN_IMPORTERS.nifti(join(FIXTURES, 'nifti-dataset'), { subject: 'N1' }),
  simulator: async () => {
    const size = 48;
    const ims = [0, 1, 2].map((i) => blobImage(size, `blob-${i}`));
    return simulateSubjects({ ids: ['RE-0', 'RE-1', 'RE-2'], images: batchOf(ims, size) }, { params: { subjects: 1, spacingMm: 2.5 } }).subjects[0]!;
  },
};

describe.each(Object.keys(sources) as (keyof typeof sources)[])('brain data contract: %s', (name) => {
  let cached: SubjectData | undefined;
  const get = async (): Promise<SubjectData> => (cached ??= await sources[name]());

  it('validates, with consistent shapes and labels', async () => {
    const s = await get();
    validateSubject(s);
    const V = s.vertices.ids.length;
    expect(s.betas).toBeInstanceOf(Float32Array);
    expect(s.betas.length).toBe(s.nTrials * s.stimulusIds.length * V);
    expect(s.nTrials).toBeGreaterThanOrEqual(2);
    expect(typeof s.simulated).toBe('boolean');
    expect(s.simulated).toBe(name === 'simulator');
    if (s.space === 'volume') expect(s.vertices.z?.length).toBe(V);
  });

  it('ROI views partition the vertices and carry the right betas', async () => {
    const s = await get();
    const V = s.vertices.ids.length;
    let total = 0;
    for (const roi of ROI_NAMES) {
      for (const h of HEMISPHERES) {
        if (!s.vertices.roi.some((r, i) => r === roi && s.vertices.hemisphere[i] === h)) continue;
        const r = roiResponses(s, roi, h);
        total += r.vertexIndex.length;
        const j = r.vertexIndex.length - 1;
        const last = (s.nTrials * s.stimulusIds.length - 1);
        expect(r.betas[last * r.vertexIndex.length + j]).toBe(s.betas[last * V + r.vertexIndex[j]!]);
      }
    }
    expect(total).toBe(V);
  });

  it('survives an export / import round trip unchanged', async () => {
    const s = await get();
    const dir = tempDir();
    writeDataset(dir, s);
    const back = await BRAIN_IMPORTERS.npy(dir);
    expect(back.id).toBe(s.id);
    expect(back.simulated).toBe(s.simulated);
    expect(back.space).toBe(s.space);
    expect(back.stimulusIds).toEqual(s.stimulusIds);
    expect(back.vertices.ids).toEqual(s.vertices.ids);
    expect(back.vertices.roi).toEqual(s.vertices.roi);
    expect(Array.from(back.vertices.y)).toEqual(Array.from(s.vertices.y));
    expect(Array.from(back.betas)).toEqual(Array.from(s.betas));
  });

  it('runs the searchlight reliability', async () => {
    const s = await get();
    const rel = vertexReliability(s, { stimulusIds: s.stimulusIds, radiusMm: s.space === 'volume' ? 4 : 3, minNeighbours: 2 });
    expect(rel.length).toBe(s.vertices.ids.length);
    expect(Array.from(rel).some((r) => Number.isFinite(r))).toBe(true);
    for (const r of rel) if (Number.isFinite(r)) expect(Math.abs(r)).toBeLessThanOrEqual(1 + 1e-12);
  });
});
