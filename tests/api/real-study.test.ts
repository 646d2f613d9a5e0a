/**
 * The API over HTTP against the REAL study service (the pipeline's createStudyService) on the small CI study
 * (seed/ci-small.json: MobileNetV1 0.25, 10 images). The store lives in ARSA_API_TEST_DATA (default
 * <tmpdir>/arsa-api-ci-small) and is kept between runs: the first run computes the study (minutes on 2 shared
 * cores), later runs read it. Covers: every operation of schema/operations, byte-exact downloads and subsets,
 * domain error codes, restart over a warm store (nothing recomputed, same answers), and 50 parallel identical
 * cold requests computing their artifact once.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT, type Config } from '../../server/src/config/config.js';
import { sha256 } from '../../server/src/core/hash.js';
import { decodeNpy, encodeNpy } from '../../server/src/core/npy.js';
import { openStore } from '../../server/src/store/open.js';
import type { ArtifactStore, NewArtifact } from '../../server/src/store/types.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import type { StudyService } from '../../server/src/study/service.js';
import { operations, start, studyVariables, type Running } from './harness.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config: Config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });

/** Delegates to a store (a Proxy, so every method of the contract passes through) and records every put. */
function counting(store: ArtifactStore): { store: ArtifactStore; puts: NewArtifact[] } {
  const puts: NewArtifact[] = [];
  const put = (e: NewArtifact): ReturnType<ArtifactStore['put']> => { puts.push(e); return store.put(e); };
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'put') return put;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { puts, store: proxy };
}

describe('API over HTTP against the real ci-small study', () => {
  let study: StudyService & { close(): Promise<void> };
  let s: Running;
  let subject: string;
  let layer: string;

  beforeAll(async () => {
    mkdirSync(DATA, { recursive: true });
    // No precompute here: the requests below compute what the store lacks on demand, as the server does.
    study = await createStudyService(config);
    s = await start({ study });
    const sum = await study.summary();
    subject = sum.subjects[0]!;
    layer = sum.layers[0]!;
  }, 1_800_000);
  afterAll(async () => {
    await s?.close();
    await study?.close();
  });

  it('runs every operation of schema/operations without errors, with the figures\' data present', async () => {
    const vars: Record<string, Record<string, unknown>> = {
      browseRoi: { subject, roi: 'V1' }, browseLayer: { name: layer }, StudyBrowseRoi: { subject, roi: 'V1' }, StudyBrowseLayer: { name: layer },
    };
    const id = (await study.summary()).id;
    for (const [name, q] of Object.entries(operations())) {
      const r = await s.gql(q, { ...studyVariables(q, id), ...vars[name] });
      expect(r.body.errors, `${name}: ${JSON.stringify(r.body.errors)}`).toBeUndefined();
    }
    const d = (await s.gql(operations().fig5Layers!)).body.data!;
    expect(d.similarities.totalCount).toBeGreaterThanOrEqual(2 * d.layers.length);
    expect((await s.gql(operations().fig1Stimuli!)).body.data!.stimuli.totalCount).toBe(40);
    expect((await s.gql(operations().fig6Encoding!)).body.data!.encoding.totalCount).toBeGreaterThan(0);
    expect((await s.gql(operations().study!)).body.data!.study.simulated).toBe(true);
  }, 1_800_000);

  it('serves activations byte for byte as described, and subsets with the right shape and values', async () => {
    const r = await s.gql('query($l: String!) { layer(name: $l) { units re: activations(stimulusKind: RE) { url shape contentLength sha256 } sub: activations(stimulusKind: RE, stimuli: "2:5", columns: "0:7") { url shape sha256 } } }', { l: layer });
    const { units, re, sub } = r.body.data!.layer;
    expect(re.shape).toEqual([10, units]);
    const res = await s.get(re.url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const arr = await study.readArray({ kind: 'activations', layer, stimulusKind: 'RE' });
    expect(Buffer.from(bytes).equals(Buffer.from(encodeNpy({ shape: arr.shape, data: arr.data })))).toBe(true);
    expect(bytes.byteLength).toBe(re.contentLength);
    expect(sha256(bytes)).toBe(re.sha256);
    const part = decodeNpy(new Uint8Array(await (await s.get(sub.url)).arrayBuffer()));
    expect(part.shape).toEqual([3, 7]);
    expect(sub.shape).toEqual([3, 7]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 7; j++) expect(part.data[i * 7 + j]).toBe(arr.data[(i + 2) * units + j]);
    const resp = await s.gql('query($s: String!) { rois(subject: $s, roi: V1, hemisphere: LH) { responses { url shape } } }', { s: subject });
    const rd = resp.body.data!.rois[0].responses;
    expect(rd.shape).toHaveLength(3);
    expect(decodeNpy(new Uint8Array(await (await s.get(rd.url)).arrayBuffer())).shape).toEqual(rd.shape);
  });

  it('refuses unknown names with their codes', async () => {
    const codeOf = async (q: string) => (await s.gql(q)).body.errors?.[0]?.extensions?.code;
    expect(await codeOf('{ layer(name: "nope") { name } }')).toBe('UNKNOWN_LAYER');
    expect(await codeOf('{ encoding(subject: "nope") { totalCount } }')).toBe('UNKNOWN_SUBJECT');
    expect(await codeOf('{ stimulus(id: "nope") { id } }')).toBe('UNKNOWN_STIMULUS');
    expect((await s.get('/arrays/activations/nope/RE.npy')).status).toBe(404);
  });

  it('restarts over the warm store without computing anything and answers the same', async () => {
    const before = (await s.gql(operations().fig5Layers!)).body;
    await s.close();
    await study.close();
    const c = counting(openStore(config));
    study = Object.assign(await createStudyService(config, { store: c.store }), { close: () => c.store.close() });
    await study.precompute();
    expect(c.puts.map((p) => p.kind)).toEqual([]);
    s = await start({ study });
    expect((await s.gql(operations().fig5Layers!)).body).toEqual(before);
    expect(c.puts).toEqual([]);
  }, 300_000);

  it('computes once for 50 parallel identical cold requests (an RDM removed from a copy of the store)', async () => {
    const copy = join(DATA, 'cold-copy.sqlite');
    await s.close();
    await study.close();
    for (const ext of ['', '-wal', '-shm']) {
      rmSync(copy + ext, { force: true });
      if (existsSync(config.storePath + ext)) copyFileSync(config.storePath + ext, copy + ext);
    }
    const base = openStore({ storePath: copy });
    const rdm = (await base.list()).filter((i) => i.kind.startsWith('rdm') && i.kind.includes('layer'));
    expect(rdm.length).toBeGreaterThan(0);
    for (const i of rdm) await base.delete(i.key);
    const c = counting(base);
    const cold = await createStudyService({ ...config, storePath: copy }, { store: c.store });
    study = Object.assign(cold, { close: () => c.store.close() });
    s = await start({ study });
    const q = 'query($l: String!) { rdms(sourceKind: LAYER, layer: $l, stimulusKind: RE) { nodes { vector provenance { key } } } }';
    const all = await Promise.all(Array.from({ length: 50 }, () => s.gql(q, { l: layer })));
    for (const r of all) expect(r.body).toEqual(all[0]!.body);
    expect(all[0]!.body.errors).toBeUndefined();
    const keys = c.puts.filter((p) => p.kind.startsWith('rdm')).map((p) => p.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  }, 600_000);

  it('`start` serves the study over the warm store and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'adversarial-rsa.js'), 'start', '--no-site', '--port', '0'], {
      env: { ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: config.storePath }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => { const m = /serving (http:\/\/[\d.:]+)\//.exec(out); if (m) resolve(m[1]!); });
      child.on('exit', (code) => reject(new Error(`start exited ${code}: ${out}`)));
    });
    const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ study { id } progress { state } }' }) });
    expect(((await r.json()) as { data: { study: { id: string } } }).data.study.id).toBe('ci-small');
    const code = await new Promise<number | null>((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); });
    expect(code).toBe(0);
  }, 600_000);
});
