import { describe, expect, it } from 'vitest';
import { searchlightNeighbours } from '../../../server/src/brain/neighbours.js';
import { selectVertices, vertexReliability } from '../../../server/src/brain/select.js';
import { median, roiSummaries } from '../../../server/src/brain/summary.js';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { Rng } from '../../../server/src/core/rng.js';
import type { Hemisphere, RoiName } from '../../../server/src/domain/vocabulary.js';

/**
 * A flat subject on a 1-mm grid (12 x 12 per hemisphere, all V1) with a planted reliable block: inside it, every
 * vertex carries a stimulus-specific pattern repeated in both trials plus a little noise; elsewhere pure noise, and
 * AN stimuli that are pure noise everywhere (selection must ignore them).
 */
function planted(seed = 3): { s: SubjectData; inBlock: (i: number) => boolean } {
  const side = 12;
  const nRe = 20;
  const stim = [...Array.from({ length: nRe }, (_, i) => `RE-${i}`), ...Array.from({ length: 5 }, (_, i) => `AN-${i}`)];
  const ids: string[] = [];
  const roi: RoiName[] = [];
  const hemisphere: Hemisphere[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (const h of ['LH', 'RH'] as const) {
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        ids.push(`${h}-${r}-${c}`); roi.push('V1'); hemisphere.push(h); x.push(c); y.push(r);
      }
    }
  }
  const V = ids.length;
  const S = stim.length;
  // The block: rows 2..6, cols 5..9 in LH; rows 6..10, cols 1..5 in RH.
  const inBlock = (i: number): boolean => {
    const lh = hemisphere[i] === 'LH';
    const r = y[i]!;
    const c = x[i]!;
    return lh ? r >= 2 && r <= 6 && c >= 5 && c <= 9 : r >= 6 && r <= 10 && c >= 1 && c <= 5;
  };
  const rng = new Rng(seed);
  const signal = Float64Array.from({ length: S * V }, () => rng.normal());
  const betas = new Float32Array(2 * S * V);
  for (let t = 0; t < 2; t++) {
    for (let s = 0; s < S; s++) {
      for (let v = 0; v < V; v++) {
        const reliable = inBlock(v) && s < nRe;
        betas[(t * S + s) * V + v] = (reliable ? 2 * signal[s * V + v]! : 0) + rng.normal();
      }
    }
  }
  return {
    s: { id: 'planted', simulated: false, space: 'flat', stimulusIds: stim, nTrials: 2, betas, vertices: { ids, roi, hemisphere, x: Float64Array.from(x), y: Float64Array.from(y) }, source: 'test', params: {} },
    inBlock,
  };
}

describe('searchlight neighbourhoods', () => {
  it('are disks of the given radius that never cross hemispheres (and spheres in volumes)', () => {
    const { s } = planted();
    const nb = searchlightNeighbours(s.vertices, 3);
    // An interior vertex of a 1-mm grid has 29 grid points within 3 mm.
    const centre = s.vertices.ids.indexOf('LH-6-6');
    expect(nb[centre]!.length).toBe(29);
    for (const j of nb[centre]!) expect(Math.hypot(s.vertices.x[j]! - 6, s.vertices.y[j]! - 6)).toBeLessThanOrEqual(3);
    for (let i = 0; i < nb.length; i++) for (const j of nb[i]!) expect(s.vertices.hemisphere[j]).toBe(s.vertices.hemisphere[i]);
    const vol = { ...s.vertices, z: Float64Array.from(s.vertices.x, (_, i) => (i % 2) * 2) };
    const nb3 = searchlightNeighbours(vol, 1.5);
    for (let i = 0; i < 20; i++) {
      for (const j of nb3[i]!) expect(Math.hypot(vol.x[j]! - vol.x[i]!, vol.y[j]! - vol.y[i]!, vol.z[j]! - vol.z[i]!)).toBeLessThanOrEqual(1.5);
    }
    expect(() => searchlightNeighbours(s.vertices, 0)).toThrow(/radius must be > 0/);
  });
});

describe('vertex selection (split-half RE-RDM reliability)', () => {
  it('recovers planted reliable vertices in each hemisphere', () => {
    const { s, inBlock } = planted();
    const sel = selectVertices(s, { perHemisphere: 9 });
    expect(sel.selected.map((x) => `${x.roi}-${x.hemisphere}`)).toEqual(['V1-LH', 'V1-RH']);
    for (const { indices } of sel.selected) {
      expect(indices.length).toBe(9);
      for (const i of indices) expect(inBlock(i), s.vertices.ids[i]).toBe(true);
    }
    const rel = sel.reliability;
    const inside = median(Array.from(rel).filter((_, i) => inBlock(i)));
    const far = median(Array.from(rel).filter((_, i) => !inBlock(i) && !s.vertices.ids.some((_, j) => inBlock(j) && Math.hypot(s.vertices.x[j]! - s.vertices.x[i]!, s.vertices.y[j]! - s.vertices.y[i]!) <= 3 && s.vertices.hemisphere[j] === s.vertices.hemisphere[i])));
    expect(inside).toBeGreaterThan(0.5);
    expect(Math.abs(far)).toBeLessThan(0.15);
  });

  it('uses only RE responses: changing AN responses leaves reliability unchanged', () => {
    const { s } = planted();
    const a = vertexReliability(s);
    const betas = Float32Array.from(s.betas);
    const S = s.stimulusIds.length;
    const V = s.vertices.ids.length;
    for (let t = 0; t < 2; t++) for (let st = 20; st < S; st++) for (let v = 0; v < V; v++) betas[(t * S + st) * V + v] = Math.cos(v * st + t);
    expect(Array.from(vertexReliability({ ...s, betas }))).toEqual(Array.from(a));
  });

  it('summarises per ROI and hemisphere, and refuses bad options', () => {
    const { s } = planted();
    const sel = selectVertices(s, { perHemisphere: 9 });
    const sum = roiSummaries(s, sel);
    expect(sum).toHaveLength(2);
    expect(sum[0]).toMatchObject({ subject: 'planted', roi: 'V1', hemisphere: 'LH', nVertices: 144, nSelected: 9 });
    expect(sum[0]!.medianReliabilitySelected).toBeGreaterThan(sum[0]!.medianReliability);
    expect(() => selectVertices(s, { perHemisphere: 0 })).toThrow(/positive integer/);
    expect(() => vertexReliability(s, { trials: [0, 2] })).toThrow(/trial 2 out of range/);
    expect(() => vertexReliability(s, { stimulusIds: ['RE-0', 'RE-1', 'RE-99'] })).toThrow(/no responses for stimulus 'RE-99'/);
    expect(() => vertexReliability(s, { rdmMethod: 'manhattan' })).toThrow(/unknown RDM method 'manhattan'/);
  });
});
