/**
 * Issue 11 items 3 and 4 (/health): `start` with two studies listens, computes the default one, and computes the
 * second after it in the background, so the server answers /health and the default study while the second is
 * still computing; /health names every served study (id, network, computed or not, progress) beside the fields it
 * had for the default; a request for the second meanwhile answers its progress, not a hang; / is the progress page
 * with one row per study until both are computed and the site built. Driven through serveStudy, as `start` runs
 * it, on the real pipeline: ci-small (warm, over a copy of the shared store) and a second small study file
 * written here (ci-small with other draws and seed, so its statistics are really computed). The second study's
 * computation is held until the test has seen the server answer without it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { serveStudy } from '../../server/src/cli/serve-study.js';
import { openStore } from '../../server/src/store/open.js';
import { loadStudy, SEED_DIR } from '../../server/src/study/definition/load.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { FakeStudy } from './fake-study.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const tmp = mkdtempSync(join(tmpdir(), 'arsa-background-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sink = (): Writable & { text: string } => Object.assign(new Writable({ write(c, _e, cb) { (this as unknown as { text: string }).text += String(c); cb(); } }), { text: '' });

type Health = { ok: boolean; progress: string; studies: { id: string; isDefault: boolean; network: string | null; computed: boolean; phase: string; progress: string; fractionDone: number; error: string | null }[] };

describe('studies after the first are computed after the server listens', () => {
  it('answers /health and the default study before the second is computed, then serves both', async () => {
    copyFileSync(join(DATA, 'store.sqlite'), join(tmp, 'store.sqlite'));
    const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: tmp, ARSA_STORE: join(tmp, 'store.sqlite'), ARSA_WORKERS: '1' });
    const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as { analysis: Record<string, unknown> } & Record<string, unknown>;
    const file = join(tmp, 'ci-small-second.json');
    writeFileSync(file, JSON.stringify({ ...raw, id: 'ci-small-second', title: 'CI: the small study with other draws', analysis: { ...raw.analysis, draws: 12, permutations: 12, seed: 11 } }));
    const store = openStore(config);
    const a = await createStudyService(config, { store });
    const b = await createStudyService({ ...config, study: file }, { store, study: loadStudy(file, { imagesDir: config.imagesDir }) });
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const precompute = b.precompute.bind(b);
    b.precompute = async (p) => { await held; return precompute(p); };
    const siteDir = join(tmp, 'site');
    let built = 0;
    const err = sink();
    const serving = await serveStudy({
      study: a, studies: [b], port: 0, host: '127.0.0.1', site: true, precompute: true, siteDir,
      buildSite: async () => { built++; mkdirSync(siteDir, { recursive: true }); writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>site</title><p>figures</p>'); },
      staleness: () => 'test', stamp: () => {}, stderr: err, stdout: sink(),
    });
    const get = (path: string) => fetch(`${serving.url}${path}`);
    const gql = async (query: string) => (await (await fetch(`${serving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as { data?: any; errors?: unknown[] };
    try {
      await serving.defaultReady;
      const h = (await (await get('/health')).json()) as Health;
      // The fields it had for the default study, unchanged; then every served study.
      expect(h.ok).toBe(true);
      expect(h.progress).toBe(a.progress().state);
      expect(h.studies.map((s) => [s.id, s.isDefault, s.network, s.computed, s.phase])).toEqual([
        ['ci-small', true, 'mobilenet_v1_025', true, 'computed'],
        ['ci-small-second', false, 'mobilenet_v1_025', false, 'computing'],
      ]);
      expect(h.studies[0]!.fractionDone).toBe(1);
      expect(h.studies[1]!.fractionDone).toBeLessThan(1);
      expect(built).toBe(0);
      // The default study answers in full while the second has computed nothing yet.
      const sims = await gql('{ similarities(sourceKind: LAYER, first: 500) { nodes { value } } }');
      expect(sims.errors).toBeUndefined();
      expect(sims.data.similarities.nodes.map((n: { value: number }) => n.value)).toEqual((await a.similarities({ sourceKind: 'layer' })).map((r) => r.value));
      // The second answers its progress (not a hang), and the progress page lists both.
      const p = await gql('{ study(id: "ci-small-second") { id progress { state } } }');
      expect(p.errors).toBeUndefined();
      expect(p.data.study.id).toBe('ci-small-second');
      const page = await get('/');
      expect(page.status).toBe(503);
      const html = await page.text();
      expect(html).toContain('<tr data-study="ci-small"><th scope="row">ci-small (default)</th><td>mobilenet_v1_025</td><td>computed</td>');
      expect(html).toContain('<tr data-study="ci-small-second"><th scope="row">ci-small-second</th><td>mobilenet_v1_025</td><td>computing</td>');
      expect(err.text).toMatch(/study ci-small ready in [\d.]+ s; computing the other 1 in the background/);

      release();
      await serving.ready;
      const after = (await (await get('/health')).json()) as Health;
      expect(after.studies.map((s) => [s.id, s.computed, s.phase, s.fractionDone])).toEqual([['ci-small', true, 'computed', 1], ['ci-small-second', true, 'computed', 1]]);
      expect(built).toBe(1);
      expect((await get('/')).status).toBe(200);
      const second = await gql('{ study(id: "ci-small-second") { similarities(sourceKind: LAYER, first: 500) { nodes { value } } } }');
      expect(second.data.study.similarities.nodes.map((n: { value: number }) => n.value)).toEqual((await b.similarities({ sourceKind: 'layer' })).map((r) => r.value));
    } finally {
      release();
      await serving.ready.catch(() => {});
      await serving.close();
      await a.close();
      await b.close();
      await store.close();
    }
  }, 900_000);

  it('a later study that fails is reported in /health and on the page, and the others stay served', async () => {
    class Named extends FakeStudy {
      constructor(readonly studyId: string, private readonly fails: boolean) { super(); }
      override async precompute(): Promise<void> {
        if (this.fails) throw new Error('disk full');
      }
    }
    const err = sink();
    const serving = await serveStudy({
      study: new Named('first', false), studies: [new Named('second', true)], port: 0, host: '127.0.0.1', site: true, precompute: true,
      siteDir: join(tmp, 'never'), buildSite: async () => { throw new Error('must not build without every study'); },
      staleness: () => 'test', stamp: () => {}, stderr: err, stdout: sink(),
    });
    try {
      await serving.ready;
      const h = (await (await fetch(`${serving.url}/health`)).json()) as Health;
      expect(h.studies.map((s) => [s.id, s.phase, s.computed, s.error])).toEqual([['first', 'computed', true, null], ['second', 'failed', false, 'disk full']]);
      expect(serving.gate.state).toBe('failed');
      const page = await (await fetch(`${serving.url}/`)).text();
      expect(page).toContain('computing study second failed: disk full; the API serves the other studies');
      expect(err.text).toContain('study second: computing failed: disk full (the other studies are served)');
      expect((await fetch(`${serving.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ study(id: "first") { id } }' }) })).status).toBe(200);
    } finally {
      await serving.close();
    }
  });
});
