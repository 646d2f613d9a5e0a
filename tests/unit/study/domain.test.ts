import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { loadStudy } from '../../../server/src/study/definition/load.js';
import { domainDeps } from '../../../server/src/study/pipeline/domain.js';
import { roiPatterns, subjectToPayload } from '../../../server/src/study/pipeline/brain-stages.js';
import { fakeDeps } from './fake-deps.js';

const config = loadConfig({}, { '--images-dir': '/nonexistent', '--workers': '1' });
const study = loadStudy('ci-small');

/** The real wiring of the brain-side deps, on small synthetic subjects (no network, no images). */
describe('domainDeps (brain side)', () => {
  const deps = domainDeps(config, study);
  const ids = ['a', 'b', 'c', 'd', 'e'].flatMap((w) => ['RE', 'AN', 'AI'].map((k) => `${k}-${w}`));
  const batch = { n: ids.length, height: 2, width: 2, data: new Float32Array(ids.length * 12) };

  it('searchlight: one map per hemisphere and pair over that hemisphere\'s vertices', async () => {
    const [subject] = await fakeDeps().subjects({ ids, batch }, { simulated: true, subjects: 1, seed: 1 }, () => {});
    const events: string[] = [];
    const maps = await deps.searchlight(subject!, study.analysis, (e) => events.push(e.detail ?? ''));
    expect(maps.map((m) => `${m.hemisphere}:${m.pair}`)).toEqual(['LH:RE_AN', 'LH:RE_AI', 'RH:RE_AN', 'RH:RE_AI']);
    expect(events).toEqual(['LH', 'RH']);
    const lh = maps[1]!;
    expect(lh.vertexIds).toHaveLength(12);
    expect(lh.vertexIds.every((v) => v.includes('-LH-'))).toBe(true);
    expect(lh.values).toHaveLength(12);
    expect(lh.roi[0]).toBe('V1');
    // The fake responses share a category signal across kinds, so RE-AI disks agree (where defined).
    const defined = lh.values.filter((v) => !Number.isNaN(v));
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.reduce((s, v) => s + v, 0) / defined.length).toBeGreaterThan(0.3);
  });

  it('selectVertices: reliability per vertex and the top vertices per ROI and hemisphere', async () => {
    const [subject] = await fakeDeps().subjects({ ids, batch }, { simulated: true, subjects: 1, seed: 1 }, () => {});
    const sel = await deps.selectVertices(subject!, { ...study.analysis, verticesPerHemisphere: 2 }, () => {});
    expect(sel.reliability).toHaveLength(24);
    expect(sel.rois.map((r) => `${r.roi}:${r.hemisphere}:${r.selected.length}:${r.nVertices}`)).toEqual(['V1:LH:2:6', 'V1:RH:2:6', 'LO:LH:2:6', 'LO:RH:2:6']);
    for (const r of sel.rois) for (const i of r.selected) expect(subject!.vertices.roi[i]).toBe(r.roi);
  });

  it('encoding: records for every source, family, reading and test kind, with the study\'s draw counts', async () => {
    const [subject] = await fakeDeps().subjects({ ids, batch }, { simulated: true, subjects: 1, seed: 1 }, () => {});
    const p = subjectToPayload(subject!);
    const idx = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const responses = { RE: roiPatterns(p, idx, 'RE'), AN: roiPatterns(p, idx, 'AN'), AI: roiPatterns(p, idx, 'AI') };
    // Features: the same category signal, seen through a fixed mixing, so RE-trained models transfer.
    const features = { RE: responses.RE, AN: responses.AN, AI: responses.AI };
    const out = await deps.encoding({ layer: 'l1', features, sources: [{ subject: 'sim1', roi: 'V1', responses }] }, { ...study.analysis, draws: 20, permutations: 20 }, () => {});
    expect(out.records).toHaveLength(1 * 2 * 2 * 2);
    expect(new Set(out.records.map((r) => `${r.family}/${r.reading}/${r.testKind}`)).size).toBe(8);
    expect(out.records.every((r) => r.subject === 'sim1' && r.roi === 'V1' && r.layer === 'l1')).toBe(true);
    expect(out.comparisons.length).toBe(4);
  });
});
