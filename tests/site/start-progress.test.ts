/**
 * `start` listens at once (issue 12 item 2): while the study computes, / answers a self-refreshing progress page
 * (stage bars, what is left, a time estimate) and the API answers `progress`; once the study is ready and the
 * site built, / serves the figures. (a) the page over the test double's progress; (b) the whole flow
 * (serveStudy, as `start` runs it) on the real pipeline over a copy of the warm ci-small store, for ci-small with
 * another RDM comparison (pearson), so the similarity, trend and power stages are missing and really computed;
 * its computation is held until the test has seen the page once, then / is polled while it computes; then a
 * real site build into a temp dir (one build).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { createApiServer } from '../../server/src/http/server.js';
import { SiteGate } from '../../server/src/http/site-gate.js';
import { estimateSecondsLeft, formatDuration } from '../../server/src/http/progress-page.js';
import { buildSite } from '../../server/src/cli/commands/site.js';
import { serveStudy } from '../../server/src/cli/serve-study.js';
import { siteStaleness, writeSiteStamp } from '../../server/src/cli/commands/start.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { parseStudy } from '../../server/src/study/definition/definition.js';
import { SEED_DIR } from '../../server/src/study/definition/load.js';
import type { StudyProgress } from '../../server/src/study/service.js';
import { FakeStudy } from '../api/fake-study.js';

const DATA = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const tmp = mkdtempSync(join(tmpdir(), 'arsa-start-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sink = (): Writable & { text: string } => Object.assign(new Writable({ write(c, _e, cb) { (this as unknown as { text: string }).text += String(c); cb(); } }), { text: '' });

const RUNNING: StudyProgress = {
  state: 'running', error: null,
  stages: [{ stage: 'stimuli.generated', done: 3, total: 3 }, { stage: 'activations', done: 4, total: 10, detail: 'block_9' }, { stage: 'encoding', done: 0, total: 8 }],
};

describe('progress page', () => {
  it('estimates the time left from the share done (stages weighted equally)', () => {
    // (1 + 0.4 + 0) / 3 = 7/15 done in 70 s: 80 s left.
    expect(estimateSecondsLeft(RUNNING, 0, 70_000)).toBeCloseTo(80, 9);
    expect(estimateSecondsLeft({ ...RUNNING, stages: [{ stage: 'a', done: 0, total: 2 }] }, 0, 5000)).toBeNull();
    expect(formatDuration(80)).toBe('about 80 s');
    expect(formatDuration(2400)).toBe('about 40 min');
  });

  it('is served at every site path while the gate is closed, with bars, what is left and the estimate; the API still answers', async () => {
    const study = new FakeStudy();
    study.progressState = RUNNING;
    let now = 0;
    const gate = new SiteGate('computing', () => now);
    const server = await createApiServer({ study, siteGate: gate, siteDir: join(tmp, 'none') });
    const url = await server.listen(0, '127.0.0.1');
    try {
      now = 70_000;
      for (const path of ['/', '/fig3/']) {
        const r = await fetch(`${url}${path}`);
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('5');
        const html = await r.text();
        expect(html).toContain('<meta http-equiv="refresh" content="5">');
        expect(html).toContain('Computing the study');
        expect(html).toContain('<progress max="10" value="4" aria-label="activations 40 %">');
        expect(html).toContain('Left: activations, encoding.');
        expect(html).toContain('Time left: about 80 s');
      }
      const g = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ progress { state stages { stage done total } } }' }) });
      expect(((await g.json()) as { data: { progress: { state: string } } }).data.progress.state).toBe('RUNNING');
      gate.set('ready');
      expect((await fetch(`${url}/`)).status).not.toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe('serveStudy, as `start` runs it', () => {
  it('listens before computing, shows the progress page, then the built figures', async () => {
    copyFileSync(join(DATA, 'store.sqlite'), join(tmp, 'store.sqlite'));
    const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;
    const def = parseStudy({ ...raw, analysis: { ...(raw.analysis as Record<string, unknown>), comparison: 'pearson' } }, 'ci-small');
    const copy = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: tmp, ARSA_STORE: join(tmp, 'store.sqlite') });
    const real = await createStudyService(copy, { study: def });
    const missing = await Promise.all(real.pipeline.groups.similarity.map((st) => real.engine.has(st)));
    expect(missing.filter((h) => !h).length).toBeGreaterThan(0);
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let precomputed = false;
    // The real service; its precompute waits until the test has looked at / while nothing is computed yet.
    const study = Object.assign(Object.create(real) as typeof real, {
      precompute: async (p?: Parameters<typeof real.precompute>[0]) => { await held; await real.precompute(p); precomputed = true; },
    });
    const siteDir = join(tmp, 'dist');
    const out = sink(); const err = sink();
    const serving = await serveStudy({
      study, port: 0, host: '127.0.0.1', siteDir, site: true, precompute: true, stdout: out, stderr: err,
      buildSite: async (apiUrl) => { await buildSite(config, { apiUrl, outDir: siteDir }); }, staleness: siteStaleness, stamp: writeSiteStamp,
    });
    try {
      expect(out.text).toMatch(/serving http:\/\/127\.0\.0\.1:\d+\//);
      const during = await fetch(`${serving.url}/`);
      expect(during.status).toBe(503);
      expect(await during.text()).toContain('Computing the study');
      expect(precomputed).toBe(false);
      release();
      // While it computes: the page with the running state and bars for the stages, some not done.
      const pages: string[] = [];
      let done = false;
      const ready = serving.ready.then(() => { done = true; });
      while (!done) {
        // A stage computing on the main thread can outlast the keep-alive timeout: a reused socket is then reset,
        // and the next poll (like a browser's refresh) opens a new one.
        const r = await fetch(`${serving.url}/`).catch((e: unknown) => { if (/ECONNRESET|other side closed/.test(String((e as { cause?: unknown }).cause ?? e))) return null; throw e; });
        if (r?.status === 503) pages.push(await r.text()); else await r?.arrayBuffer();
        await new Promise((res) => setTimeout(res, 100));
      }
      await ready;
      const computing = pages.filter((h) => h.includes('Computing the study') && h.includes('State: <b>running</b>'));
      expect(computing.length, `pages seen: ${pages.map((h) => /<h1>([^<]*)<\/h1>[^]*State: <b>(\w+)<\/b>/.exec(h)?.slice(1).join(" ")).join("; ")}`).toBeGreaterThan(0);
      expect(computing.some((h) => /<progress max="(\d+)" value="(?!\1")\d+" aria-label="similarity/.test(h))).toBe(true);
      expect(computing.some((h) => /Left: [^.]*similarity/.test(h))).toBe(true);
      expect(precomputed).toBe(true);
      expect(serving.gate.ready).toBe(true);
      const after = await fetch(`${serving.url}/`);
      expect(after.status).toBe(200);
      const home = await after.text();
      expect(home).toContain('Study <b>ci-small</b>');
      expect(home).toContain('href="/fig3/"');
      expect(out.text).toMatch(/ready at http/);
    } finally {
      await serving.close();
      await real.close();
    }
  }, 600_000);
});
