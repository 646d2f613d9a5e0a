/**
 * Several studies in one service (issue 11, item 4), over HTTP against the real pipeline: the ci-small study (the
 * default) and a variant of it with another id and another RDM dissimilarity (Euclidean; not a cell of the grid test,
 * which shares this store), served at once from one store. The same query against each study returns that study's values (checked against each StudyService), the
 * root fields keep answering the default study, array/export/stimulus URLs name the study and serve its bytes, and
 * unknown or repeated study ids are refused naming the valid ones.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { decodeNpy, encodeNpy } from '../../server/src/core/npy.js';
import { createApiServer } from '../../server/src/http/server.js';
import { openStore } from '../../server/src/store/open.js';
import type { ArtifactStore } from '../../server/src/store/types.js';
import { loadStudy } from '../../server/src/study/definition/load.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';
import { start, type Running } from './harness.js';
import { tmpdir } from 'node:os';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config: Config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const B = 'ci-small-euclidean';

const SIMS = `query($id: ID) { study(id: $id) { id similarities(sourceKind: LAYER, first: 500) { nodes { source { layer } value rdmMethod } } } }`;

describe('two studies served at once', () => {
  let store: ArtifactStore;
  let a: PipelineStudyService;
  let b: PipelineStudyService;
  let s: Running;
  beforeAll(async () => {
    store = openStore(config);
    a = await createStudyService(config, { store });
    const base = loadStudy('ci-small', { imagesDir: config.imagesDir });
    b = await createStudyService(config, { store, study: { ...base, id: B, title: `${base.title} (Euclidean RDMs)`, analysis: { ...base.analysis, rdmMethod: 'euclidean' } } });
    await b.precompute();
    s = await start({ study: a, studies: [b] });
  }, 1_800_000);
  afterAll(async () => {
    await s?.close();
    await store?.close();
  });

  it('lists both studies, the default first, and answers study(id:) with each one\'s summary', async () => {
    const r = await s.gql('{ studies { id isDefault network } study { id } b: study(id: "ci-small-euclidean") { id title isDefault } }');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.studies.map((x: { id: string }) => x.id)).toEqual(['ci-small', B]);
    expect(r.body.data!.studies.map((x: { isDefault: boolean }) => x.isDefault)).toEqual([true, false]);
    expect(r.body.data!.study.id).toBe('ci-small');
    expect(r.body.data!.b).toMatchObject({ id: B, isDefault: false });
  });

  it('returns each study\'s values for the same query, and the root fields the default study\'s', async () => {
    const of = async (id: string | null) => (await s.gql(SIMS, { id })).body.data!.study.similarities.nodes as { source: { layer: string }; value: number; rdmMethod: string }[];
    const [ra, rb, root] = await Promise.all([of('ci-small'), of(B), of(null)]);
    const want = async (svc: PipelineStudyService) => (await svc.similarities({ sourceKind: 'layer' })).map((x) => ({ source: { layer: (x.source as { layer: string }).layer }, value: x.value, rdmMethod: x.rdmMethod }));
    expect(ra).toEqual(await want(a));
    expect(rb).toEqual(await want(b));
    expect(root).toEqual(ra);
    expect(new Set(ra.map((x) => x.rdmMethod))).toEqual(new Set(['one_minus_spearman']));
    expect(new Set(rb.map((x) => x.rdmMethod))).toEqual(new Set(['euclidean']));
    expect(rb.map((x) => x.value)).not.toEqual(ra.map((x) => x.value));
    const top = (await s.gql('{ similarities(sourceKind: LAYER, first: 500) { nodes { source { layer } value rdmMethod } } }')).body.data!.similarities.nodes;
    expect(top).toEqual(ra);
    // Trends, claims and power per study, each equal to its service's.
    const t = await s.gql('{ a: study(id: "ci-small") { trends { p } claims { study holds fails } } b: study(id: "ci-small-euclidean") { trends { p } claims { study holds fails } power { roi } } claims(study: "ci-small-euclidean") { study } }');
    expect(t.body.errors).toBeUndefined();
    expect(t.body.data!.a.trends).toEqual((await a.trends()).map((x) => ({ p: x.p })));
    expect(t.body.data!.b.trends).toEqual((await b.trends()).map((x) => ({ p: x.p })));
    expect([t.body.data!.a.claims.study, t.body.data!.b.claims.study, t.body.data!.claims.study]).toEqual(['ci-small', B, B]);
    expect(t.body.data!.b.power.length).toBe((await b.power()).length);
  }, 600_000);

  it('names the study in array, export and stimulus URLs and serves that study\'s bytes there', async () => {
    const q = '{ study(id: "ci-small-euclidean") { rdmSet(sourceKind: LAYER) { url } exports { name jsonUrl } stimuli(first: 1) { nodes { id imageUrl } } layers { name activations(stimulusKind: RE) { url } } } rdmSet: study { rdmSet(sourceKind: LAYER) { url } } exports { jsonUrl } }';
    const r = await s.gql(q);
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.study.rdmSet.url).toBe(`/studies/${B}/arrays/rdms/layer.npy`);
    expect(d.rdmSet.rdmSet.url).toBe('/arrays/rdms/layer.npy');
    expect(d.exports[0].jsonUrl).toMatch(/^\/export\//);
    const rdmB = decodeNpy(new Uint8Array(await (await s.get(d.study.rdmSet.url)).arrayBuffer()));
    const rdmA = decodeNpy(new Uint8Array(await (await s.get(d.rdmSet.rdmSet.url)).arrayBuffer()));
    const wantB = await b.readArray({ kind: 'rdms', sourceKind: 'layer' });
    expect(Buffer.from(encodeNpy(rdmB)).equals(Buffer.from(encodeNpy({ shape: wantB.shape, data: wantB.data })))).toBe(true);
    expect(Array.from(rdmB.data)).not.toEqual(Array.from(rdmA.data));
    const act = d.study.layers[0].activations.url as string;
    expect(act.startsWith(`/studies/${B}/arrays/activations/`)).toBe(true);
    expect((await s.get(act)).status).toBe(200);
    const sims = d.study.exports.find((e: { name: string }) => e.name === 'similarities').jsonUrl as string;
    expect(sims).toBe(`/studies/${B}/export/similarities.json`);
    const exp = (await (await s.get(sims)).json()) as { metadata: { study: string }; rows: unknown[] };
    expect(exp.metadata.study).toBe(B);
    expect(exp.rows.length).toBe((await b.similarities()).length);
    expect(((await (await s.get('/export/similarities.json')).json()) as { metadata: { study: string } }).metadata.study).toBe('ci-small');
    const img = d.study.stimuli.nodes[0];
    expect(img.imageUrl).toBe(`/studies/${B}/stimuli/${encodeURIComponent(img.id)}.png`);
    const png = await s.get(img.imageUrl);
    expect(png.status).toBe(200);
    expect(Buffer.from(await png.arrayBuffer()).equals(Buffer.from(await b.stimulusPng(img.id)))).toBe(true);
  }, 600_000);

  it('refuses an unknown study id naming the served ones, in GraphQL and in URLs', async () => {
    const r = await s.gql('{ study(id: "nope") { id } }');
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STUDY');
    expect(r.body.errors?.[0]?.message).toContain(`valid: ci-small, ${B}`);
    const c = await s.gql('{ claims(study: "nope") { study } }');
    expect(c.body.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STUDY');
    const res = await s.get('/studies/nope/arrays/rdms/layer.npy');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_STUDY');
  });

  it('caches whole responses per study: a repeated query is a hit with its own study\'s answer, never the other\'s', async () => {
    const q = '{ study(id: "ci-small-euclidean") { id trends { p } } }';
    const first = await s.gql(q);
    const again = await s.gql(q);
    expect(again.headers.get('x-response-cache')).toBe('hit');
    expect(again.body).toEqual(first.body);
    const other = await s.gql(q.replace('ci-small-euclidean', 'ci-small'));
    expect(other.headers.get('x-response-cache')).toBeNull();
    expect(other.body.data!.study.id).toBe('ci-small');
    expect(other.body.data!.study.trends).toEqual((await a.trends()).map((x) => ({ p: x.p })));
    expect(first.body.data!.study.trends).toEqual((await b.trends()).map((x) => ({ p: x.p })));
  });

  it('recompute (admin) computes what the store lacks for every served study', async () => {
    const calls: string[] = [];
    const spyA = vi.spyOn(a, 'precompute').mockImplementation(async () => { calls.push('a'); });
    const spyB = vi.spyOn(b, 'precompute').mockImplementation(async () => { calls.push('b'); });
    const admin = await start({ study: a, studies: [b], adminToken: 'tok' });
    try {
      const r = await admin.gql('mutation { recompute { state } }', {}, { authorization: 'Bearer tok' });
      expect(r.body.errors).toBeUndefined();
      await vi.waitFor(() => expect(calls).toEqual(['a', 'b']));
    } finally {
      spyA.mockRestore();
      spyB.mockRestore();
      await admin.close();
    }
  });

  it('refuses two studies with the same id before serving', async () => {
    await expect(createApiServer({ study: a, studies: [a] })).rejects.toThrow(/two studies with the id 'ci-small'/);
  });
});
