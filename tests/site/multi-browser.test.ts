/**
 * The pages over several studies in headless Chromium (issue 11, items 4-6): the real service serving the CI study
 * (default) and a variant with Euclidean RDMs from one store (ARSA_API_TEST_DATA, warm after the API tests), the
 * site built from it. The comparison page has one panel per served study with the bar and "*" counts the API's
 * similarities imply (layers 1..8 and the output, by ordinal) and states each layer mapping; the claims page has
 * one row per claim and one verdict per study equal to the API's; every study has its own page and claims page;
 * no page logs an error. Screenshots of the new pages go to ARSA_SHOTS_DIR (default /tmp/shots-multi).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { countMarks as marksIn, gqlAt, launchChromium, watchedPage } from '../support/browser.js';
import { loadConfig } from '../../server/src/config/config.js';
import { layerRole } from '../../server/src/domain/layer-role.js';
import { createApiServer, type ApiServer } from '../../server/src/http/server.js';
import { buildSite } from '../../server/src/cli/commands/site.js';
import { openStore } from '../../server/src/store/open.js';
import type { ArtifactStore } from '../../server/src/store/types.js';
import { loadStudy } from '../../server/src/study/definition/load.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';

const SHOTS = process.env.ARSA_SHOTS_DIR ?? '/tmp/shots-multi';
const B = 'ci-small-euclidean';

let store: ArtifactStore;
let studies: PipelineStudyService[];
let server: ApiServer;
let base: string;
let outDir: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];

const gql = <T>(query: string): Promise<T> => gqlAt<T>(base, query);

const countMarks = (scope: string, label: string): Promise<number> => marksIn(page, scope, label);

async function visit(path: string, shot: string): Promise<void> {
  const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  expect(res?.status(), path).toBe(200);
  expect(await page.locator('#data-version').count(), `${path} shows its data version`).toBe(1);
  await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  await page.screenshot({ path: join(SHOTS, `${shot}-top.png`) });
}

beforeAll(async () => {
  const data = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
  const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: data, ARSA_STORE: join(data, 'store.sqlite') });
  store = openStore(config);
  const baseStudy = loadStudy('ci-small', { imagesDir: config.imagesDir });
  studies = [
    await createStudyService(config, { store }),
    await createStudyService(config, { store, study: { ...baseStudy, id: B, title: `${baseStudy.title} (Euclidean RDMs)`, analysis: { ...baseStudy.analysis, rdmMethod: 'euclidean' } } }),
  ];
  for (const s of studies) await s.precompute();
  outDir = mkdtempSync(join(tmpdir(), 'arsa-site-multi-'));
  server = await createApiServer({ study: studies[0]!, studies: studies.slice(1), siteDir: outDir });
  base = (await server.listen(0, '127.0.0.1')).replace(/\/$/, '');
  await buildSite(config, { apiUrl: `${base}/graphql`, outDir });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
  page = await watchedPage(browser, problems);
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

type Sim = { source: { layer: string }; pair: string; p: number };

describe('pages over several studies', () => {
  it('comparison page: one panel per study with the API\'s bar and significance counts and its layer mapping', async () => {
    const d = await gql<{ studies: { id: string; layers: { name: string; ordinal: number }[]; similarities: { nodes: Sim[] } }[] }>(
      '{ studies { id layers { name ordinal } similarities(sourceKind: LAYER, first: 500) { nodes { source { layer } pair p } } } }');
    expect(d.studies.map((s) => s.id)).toEqual(['ci-small', B]);
    await visit('/compare/', 'compare');
    expect(await page.locator('#compare .compare-panel').count()).toBe(2);
    for (const s of d.studies) {
      const drawn = new Set(s.layers.filter((l) => layerRole(l.ordinal) !== 'extra').map((l) => l.name));
      const sims = s.similarities.nodes.filter((x) => drawn.has(x.source.layer) && (x.pair === 'RE_AN' || x.pair === 'RE_AI'));
      const scope = `#compare .compare-panel[data-study="${s.id}"]`;
      expect(sims.length).toBeGreaterThan(0);
      expect(await countMarks(scope, 'bar')).toBe(sims.length);
      expect(await countMarks(scope, 'interval')).toBe(sims.length);
      expect(await countMarks(scope, 'significance')).toBe(sims.filter((x) => x.p < 0.05).length);
      const mapping = await page.locator(`${scope} .mapping`).textContent();
      for (const l of s.layers.filter((x) => drawn.has(x.name))) expect(mapping).toContain(`${l.ordinal === 9 ? 'out' : l.ordinal} = ${l.name}`);
    }
    // One y scale: both panels' y axes carry the same tick labels.
    const ticks = await page.$$eval('#compare .compare-panel', (ps) => ps.map((p) => Array.from(p.querySelectorAll('g[aria-label="y-axis tick label"] text')).map((t) => t.textContent).join(',')));
    expect(ticks[0]).not.toBe('');
    expect(ticks[1]).toBe(ticks[0]);
  });

  it('claims page: one row per claim, one verdict per study equal to the API\'s, and each study\'s full table', async () => {
    const d = await gql<{ studies: { id: string; claims: { holds: number; claims: { id: string; status: string }[] } }[] }>('{ studies { id claims { holds claims { id status } } } }');
    await visit('/claims/', 'claims');
    const rows = page.locator('#claims-across table.claims-across tbody tr');
    expect(await rows.count()).toBe(d.studies[0]!.claims.claims.length);
    for (const [i, s] of d.studies.entries()) {
      const got = await page.$$eval(`#claims-across tbody tr`, (trs, col) => trs.map((tr) => [tr.getAttribute('data-claim'), tr.querySelectorAll('td')[col]?.getAttribute('data-status')]), i + 1);
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(s.claims.claims.map((c) => [c.id, c.status])));
      expect(await page.locator(`#claims-${s.id} table.claims tbody tr`).count()).toBe(s.claims.claims.length);
      expect(await page.locator(`#claims-${s.id} .claim-status.holds`).count()).toBe(s.claims.holds);
    }
  });

  it('every study has its page (its Fig. 5, downloads naming it) and its claims page', async () => {
    for (const id of ['ci-small', B]) {
      const d = await gql<{ study: { similarities: { nodes: Sim[] }; encoding: { nodes: { testKind: string }[] } } }>(
        `{ study(id: "${id}") { similarities(sourceKind: ROI, first: 500) { nodes { source { layer } pair p } } encoding(family: ROMP, reading: ACROSS_IMAGES, first: 500) { nodes { testKind } } } }`);
      await visit(`/studies/${id}/`, `study-${id}`);
      expect(await countMarks('#study-fig5', 'bar')).toBeGreaterThan(0);
      // Fig. 3 and Fig. 6 of this study: one bar per RE-AN / RE-AI similarity per subject x ROI, one per AN / AI model.
      const roiSims = d.study.similarities.nodes.filter((x) => x.pair === 'RE_AN' || x.pair === 'RE_AI');
      expect(await countMarks('#study-fig3', 'bar')).toBe(roiSims.length);
      expect(await countMarks('#study-fig3', 'significance')).toBe(roiSims.filter((x) => x.p < 0.05).length);
      expect(await countMarks('#study-fig6', 'bar')).toBe(d.study.encoding.nodes.filter((x) => x.testKind === 'AN' || x.testKind === 'AI').length);
      const hrefs = await page.$$eval('ul.downloads a', (as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const h of hrefs) expect(h).toMatch(new RegExp(`^/studies/${id}/export/`));
      const res = await fetch(`${base}${hrefs[0]}`);
      expect(res.status).toBe(200);
      await visit(`/studies/${id}/claims/`, `claims-${id}`);
      expect(await page.locator('table.claims tbody tr').count()).toBeGreaterThan(0);
    }
  });

  it('grid page lists each study\'s cells, computed or not', async () => {
    const d = await gql<{ studies: { id: string; grid: { cells: { draws: number; computed: boolean }[] } | null }[] }>('{ studies { id grid { cells { draws computed } } } }');
    await visit('/grid/', 'grid');
    for (const s of d.studies) {
      // The study's own draws (the grid's default): its section among those of every computed draws count.
      const cells = s.grid!.cells;
      const scope = `#grid-${s.id}-${cells[0]!.draws}`;
      expect(await page.locator(`${scope} table.grid thead th`).count()).toBe(cells.length + 1);
      expect(await page.locator(`${scope} tfoot td.not-computed`).count()).toBe(cells.filter((c) => !c.computed).length);
      expect(await page.locator(`${scope} .compare-panel`).count()).toBe(cells.filter((c) => c.computed).length);
      if (cells.some((c) => c.computed)) await page.locator(`${scope} .arsa-figure-compare`).screenshot({ path: join(SHOTS, `grid-fig5-${s.id}.png`) });
    }
    expect(problems).toEqual([]);
  });
});
