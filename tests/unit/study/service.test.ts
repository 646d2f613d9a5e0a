import { describe, expect, it, beforeAll } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { isDomainError } from '../../../server/src/core/errors.js';
import { decodeNpy, encodeNpy } from '../../../server/src/core/npy.js';
import { sha256 } from '../../../server/src/core/hash.js';
import { loadStudy } from '../../../server/src/study/definition/load.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import { createStudyService, type PipelineStudyService } from '../../../server/src/study/study-service.js';
import { fakeDeps, LAYERS } from './fake-deps.js';

const config = loadConfig({}, { '--images-dir': '/nonexistent', '--workers': '1' });
const study = loadStudy('ci-small');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isDomainError(e) ? e.code : `not a DomainError: ${String(e)}`;
  }
}

describe('the study pipeline over fake domain modules', () => {
  const store = new MemoryArtifactStore({ onCorrupt: () => {} });
  const calls: Record<string, number> = {};
  let svc: PipelineStudyService;

  beforeAll(async () => {
    svc = await createStudyService(config, { store, deps: fakeDeps(calls), study });
    await svc.precompute();
  });

  it('precompute fills every stage once, and a second precompute computes nothing', async () => {
    const kinds = new Set((await store.list()).map((i) => i.kind));
    expect([...kinds].sort()).toEqual([
      'activations', 'brain.selection', 'brain.subjects', 'classifications', 'encoding', 'network.spec', 'power', 'rdm.layer', 'rdm.roi',
      'searchlight', 'similarity.layer', 'similarity.roi', 'stimuli.generated', 'stimuli.mean', 'stimuli.re', 'stimuli.table', 'trends',
    ]);
    expect(calls['generate.AN']).toBe(1);
    expect(calls.subjects).toBe(1);
    const before = { ...calls };
    const again = await svc.engine.run(Object.values(svc.pipeline.groups).flat());
    expect(again.computed).toBe(0);
    expect(calls).toEqual(before);
    expect(svc.progress().state).toBe('done');
  });

  it('a new service over the warm store answers without loading the network or recomputing', async () => {
    const calls2: Record<string, number> = {};
    const warm = await createStudyService(config, { store, deps: fakeDeps(calls2), study });
    expect((await warm.similarities()).length).toBeGreaterThan(0);
    expect((await warm.stimuli()).length).toBe(40);
    expect(calls2).toEqual({});
  });

  it('summary, layers, stimuli and PNGs', async () => {
    const s = await svc.summary();
    expect(s.network).toBe('fake_net');
    expect(s.layers).toEqual(['l1', 'l2', 'l3', 'out', 'extra']);
    expect(s.subjects).toEqual(['sim01', 'sim02']);
    expect(s.backend).toBe('fake');
    expect(s.provenanceKey).toMatch(/^[0-9a-f]{64}$/);
    expect((await svc.layers()).map((l) => l.units)).toEqual(LAYERS.map((l) => l.units));
    const an = await svc.stimuli({ kind: 'AN' });
    expect(an).toHaveLength(10);
    expect(an[0]!.humanLabel).toBe('noise');
    expect(an[0]!.sourceId).toBe(study.images[0]!.id);
    expect(an[0]!.id).toBe(study.images[0]!.id.replace('RE-', 'AN-'));
    expect(an[0]!.generation!.converged).toBe(true);
    expect(an[0]!.top).toHaveLength(5);
    const ai = (await svc.stimuli({ kind: 'AI' }))[0]!;
    expect(ai.targetIndex).toBe(study.images[0]!.aiTarget.classIndex);
    expect((await svc.stimuli({ kind: 'RE' }))[0]!.metrics).toBeNull();
    const png = await svc.stimulusPng(ai.id);
    expect(Array.from(png.subarray(0, 4))).toEqual([137, 80, 78, 71]);
    expect(sha256(png)).toBe(ai.imageSha256);
    expect(await codeOf(svc.stimulusPng('AN-nope'))).toBe('UNKNOWN_STIMULUS');
  });

  it('subjects, RDMs, similarities, differences, trends, power, searchlight and encoding records', async () => {
    const subjects = await svc.subjects();
    expect(subjects.map((s) => s.id)).toEqual(['sim01', 'sim02']);
    expect(subjects[0]!.rois).toHaveLength(4);
    expect(subjects[0]!.rois[0]).toMatchObject({ roi: 'V1', hemisphere: 'LH', nVertices: 6, nSelected: 4 });
    const rdms = await svc.rdms({ layer: 'l2' });
    expect(rdms.map((r) => r.stimulusKind)).toEqual(['RE', 'AN', 'AI', 'AI_CONTROL']);
    expect(rdms[0]!.vector).toHaveLength(45);
    expect(rdms[1]!.stimulusIds[0]).toMatch(/^AN-/);
    const roiRdms = await svc.rdms({ sourceKind: 'roi', subject: 'sim02', roi: 'LO' });
    expect(roiRdms.map((r) => r.stimulusKind)).toEqual(['RE', 'AN', 'AI']);
    const sims = await svc.similarities({ layer: 'l1' });
    expect(sims.map((r) => r.pair)).toEqual(['RE_AN', 'RE_AI', 'RE_AI_CONTROL']);
    const roiSims = await svc.similarities({ sourceKind: 'roi', roi: 'V1', pair: 'RE_AI' });
    expect(roiSims).toHaveLength(2);
    // The fake brains share a category signal across kinds: RE-AI similarity is high.
    expect(roiSims[0]!.value).toBeGreaterThan(0.5);
    expect(await svc.differences({ sourceKind: 'roi', subject: 'sim01' })).toHaveLength(2);
    const trends = await svc.trends();
    expect(trends.map((t) => t.pair)).toEqual(['RE_AN', 'RE_AI', 'RE_AI_CONTROL']);
    expect(trends[0]!.layers).toEqual(['l1', 'l2', 'l3']);
    expect((await svc.power()).map((p) => p.roi)).toEqual(['V1', 'LO']);
    expect(await svc.searchlight({ subject: 'sim01', pair: 'RE_AI' })).toHaveLength(2);
    const enc = await svc.encoding({ subject: 'sim01', layer: 'l3', testKind: 'AI' });
    expect(enc.map((e) => e.roi)).toEqual(['V1', 'LO']);
    expect(enc[0]!.scores).toEqual([8]);
    // Encoding uses layers 1..8, not the output.
    expect(await svc.encoding({ layer: 'out' })).toEqual([]);
    expect(await svc.encoding({ layer: 'extra' })).toEqual([]);
  });

  it('refuses unknown names with their codes', async () => {
    expect(await codeOf(svc.similarities({ layer: 'conv9' }))).toBe('UNKNOWN_LAYER');
    expect(await codeOf(svc.encoding({ subject: 'sim9' }))).toBe('UNKNOWN_SUBJECT');
    expect(await codeOf(svc.rdms({ roi: 'V7' as never }))).toBe('UNKNOWN_ROI');
    expect(await codeOf(svc.readArray({ kind: 'responses', subject: 'nobody', roi: 'V1' }))).toBe('UNKNOWN_SUBJECT');
    expect(await codeOf(svc.readArray({ kind: 'activations', layer: 'l1', stimulusKind: 'RE' }, { stimuli: [0, 99] }))).toBe('BAD_USER_INPUT');
  });

  it('serves arrays whole and as subsets, with .npy descriptions', async () => {
    const a = await svc.readArray({ kind: 'activations', layer: 'l1', stimulusKind: 'AI' });
    expect(a.shape).toEqual([10, 12]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(a.rowIds[0]).toMatch(/^AI-/);
    const sub = await svc.readArray({ kind: 'activations', layer: 'l1', stimulusKind: 'AI' }, { stimuli: [2, 5], columns: [3, 7] });
    expect(sub.shape).toEqual([3, 4]);
    expect(sub.rowIds).toEqual(a.rowIds.slice(2, 5));
    expect(Array.from(sub.data.subarray(4, 8))).toEqual(Array.from(a.data.subarray(3 * 12 + 3, 3 * 12 + 7)));
    const d = await svc.describeArray({ kind: 'activations', layer: 'l1', stimulusKind: 'AI' });
    const npy = encodeNpy({ shape: a.shape, data: a.data });
    expect(d).toMatchObject({ shape: [10, 12], dtype: '<f4', contentLength: npy.byteLength, sha256: sha256(npy), format: 'npy' });
    expect(decodeNpy(npy).shape).toEqual([10, 12]);

    const r = await svc.readArray({ kind: 'responses', subject: 'sim01', roi: 'LO' });
    expect(r.shape).toEqual([2, 30, 12]);
    expect(r.colIds[0]).toBe('LO-LH-0');
    const rs = await svc.readArray({ kind: 'responses', subject: 'sim01', roi: 'LO' }, { stimuli: [10, 12], columns: [0, 2] });
    expect(rs.shape).toEqual([2, 2, 2]);
    expect(rs.data[4]).toBe(r.data[(1 * 30 + 10) * 12 + 0]);
    expect(rs.rowIds).toEqual(r.rowIds.slice(10, 12));

    const rd = await svc.readArray({ kind: 'rdms', sourceKind: 'layer' });
    expect(rd.shape).toEqual([20, 45]);
    expect(rd.data).toBeInstanceOf(Float64Array);
    expect(rd.rowIds[0]).toBe('layer:l1:RE');
    const st = await svc.readArray({ kind: 'stimuli', stimulusKind: 'RE' });
    expect(st.shape).toEqual([10, 48]);
  });

  it('provenance names the producing stage, its inputs and the network inherited from upstream', async () => {
    const [sim] = await svc.similarities({ layer: 'l1' });
    const [p, missing] = await svc.provenance([sim!.provenanceKey, 'nope']);
    expect(missing).toBeNull();
    expect(p).toMatchObject({ key: sim!.provenanceKey, producedBy: 'similarity.layer', codeVersion: 'similarity.layer@3', network: 'fake_net', weightsSha256: 'f'.repeat(64) });
    expect(p!.inputs).toHaveLength(1);
    expect(JSON.parse(p!.params).layer).toBe('l1');
    const stim = (await svc.stimuli({ kind: 'AN' }))[0]!;
    const [sp] = await svc.provenance([stim.provenanceKey]);
    expect(sp!.producedBy).toBe('stimuli.table');
  });
});

describe('a failing stage', () => {
  it('stops precompute with its error, keeps what finished, and the rerun completes', async () => {
    const store = new MemoryArtifactStore();
    const calls: Record<string, number> = {};
    const svc = await createStudyService(config, { store, deps: fakeDeps(calls, { failIn: 'subjects' }), study });
    const err = await svc.precompute().catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/subjects exploded/);
    expect(svc.progress().state).toBe('failed');
    expect(svc.progress().error).toMatch(/brain responses: .*subjects exploded/);
    const done = new Set((await store.list()).map((i) => i.kind));
    expect(done.has('activations')).toBe(true);
    expect(done.has('brain.subjects')).toBe(false);
    const calls2: Record<string, number> = {};
    const again = await createStudyService(config, { store, deps: fakeDeps(calls2), study });
    await again.compute(undefined, ['brain', 'similarity']);
    expect(calls2.subjects).toBe(1);
    expect(calls2.activations).toBeUndefined();
    expect(calls2['generate.AN']).toBeUndefined();
    expect((await again.similarities({ sourceKind: 'roi' })).length).toBe(2 * 2 * 2);
  });
});

describe('network identity in the keys', () => {
  it('new weights files re-key the network spec; weights that changed behind an unchanged fingerprint are refused', async () => {
    const store = new MemoryArtifactStore();
    const a = await createStudyService(config, { store, deps: fakeDeps(), study });
    const b = await createStudyService(config, { store, deps: { ...fakeDeps(), networkFingerprint: async () => ({ model: 'other-files' }) }, study });
    expect(b.engine.keyOf(b.pipeline.spec)).not.toBe(a.engine.keyOf(a.pipeline.spec));
    // Same weights checksum in both specs: the network stages keep their keys (nothing to recompute).
    expect(b.engine.keyOf(b.pipeline.activations.get('l1')!)).toBe(a.engine.keyOf(a.pipeline.activations.get('l1')!));

    const deps = fakeDeps();
    const swapped = { ...deps, async network() { const n = await deps.network(); return { ...n, spec: { ...n.spec, weightsSha256: 'e'.repeat(64) } }; } };
    const c = await createStudyService(config, { store, deps: swapped, study });
    expect(await codeOf(c.engine.resolve(c.pipeline.activations.get('l1')!))).toBe('BAD_WEIGHTS');
  });
});
