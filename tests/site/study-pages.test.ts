/**
 * Every figure per study, the grid page per draws count and the default study's "Which dissimilarity, and why",
 * in headless Chromium (issue 11, items 4 and 6). The real service serves the CI study (default) and a variant
 * with Euclidean RDMs from a backup of the shared warm store (ARSA_API_TEST_DATA), with one extra grid cell
 * computed at 10 draws, so that the grid has two computed draws counts. Each /studies/<id>/ figure page draws the
 * marks that study's API data implies and names its study in the nav and in its downloads; the root pages equal
 * the default study's; the grid page has one section per computed draws count (Grid.computedDraws); the decision
 * section prints the API's numbers. Screenshots go to ARSA_SHOTS_DIR (default /tmp/shots-study-pages).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { countMarks as marksIn, gqlAt, launchChromium, watchedPage } from '../support/browser.js';
import { loadConfig } from '../../server/src/config/config.js';
import { createApiServer, type ApiServer } from '../../server/src/http/server.js';
import { buildSite } from '../../server/src/cli/commands/site.js';
import { openStore } from '../../server/src/store/open.js';
import type { ArtifactStore } from '../../server/src/store/types.js';
import { loadStudy } from '../../server/src/study/definition/load.js';
import { gridSpec } from '../../server/src/study/grid.js';
import { gridService } from '../../server/src/study/grid-service.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';

const SHOTS = process.env.ARSA_SHOTS_DIR ?? '/tmp/shots-study-pages';
const A = 'ci-small';
const B = 'ci-small-euclidean';
const SHARED = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');

let dir: string;
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

async function visit(path: string, shot?: string): Promise<void> {
  const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  expect(res?.status(), path).toBe(200);
  expect(await page.locator('#data-version').count(), `${path} shows its data version`).toBe(1);
  if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
}

beforeAll(async () => {
  // Own copy of the shared store (SQLite's backup, consistent while others read): this file adds a grid cell.
  dir = mkdtempSync(join(tmpdir(), 'arsa-study-pages-'));
  await new Database(join(SHARED, 'store.sqlite'), { readonly: true }).backup(join(dir, 'store.sqlite'));
  const config = loadConfig({ ...process.env, ARSA_STUDY: A, ARSA_DATA_DIR: dir, ARSA_STORE: join(dir, 'store.sqlite') });
  store = openStore(config);
  const baseStudy = loadStudy(A, { imagesDir: config.imagesDir });
  studies = [
    await createStudyService(config, { store }),
    await createStudyService(config, { store, study: { ...baseStudy, id: B, title: `${baseStudy.title} (Euclidean RDMs)`, analysis: { ...baseStudy.analysis, rdmMethod: 'euclidean' } } }),
  ];
  for (const s of studies) await s.precompute();
  await gridService(studies[0]!).compute(gridSpec({ dissimilarities: ['one_minus_pearson'], comparisons: ['spearman'], draws: 10 }));
  outDir = mkdtempSync(join(tmpdir(), 'arsa-site-study-pages-'));
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
  for (const s of studies ?? []) await s.close();
  await store?.close();
  for (const d of [outDir, dir]) if (d) rmSync(d, { recursive: true, force: true });
});

type Sim = { source: { kind: string; layer?: string }; pair: string; p: number };
interface StudyData {
  subjectIds: string[]; rois: string[]; groups: string[]; layerNames: string[];
  stimuli: { totalCount: number; nodes: { kind: string }[] };
  similarities: { nodes: Sim[] };
  differences: { nodes: { source: { kind: string }; p: number }[] };
  searchlight: { nodes: { pair: string; values: number[] }[] };
  exports: { csvUrl: string }[];
}

type Enc = { family: string; reading: string; testKind: string; p: number };
/** Every encoding result of a study, page by page (more than one page fits). */
async function allEncoding(id: string): Promise<Enc[]> {
  const out: Enc[] = [];
  let after: string | null = null;
  do {
    const q: string = `{ study(id: "${id}") { encoding(first: 500${after ? `, after: "${after}"` : ''}) { pageInfo { hasNextPage endCursor } nodes { family reading testKind p } } } }`;
    const c = (await gql<{ study: { encoding: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Enc[] } } }>(q)).study.encoding;
    out.push(...c.nodes);
    after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
  } while (after);
  return out;
}

describe('every figure per study', () => {
  it('each study\'s figure pages draw the marks its API data implies, with its nav and its downloads', async () => {
    for (const id of [A, B]) {
      const d = (await gql<{ study: StudyData }>(`{ study(id: "${id}") { subjectIds rois groups layerNames
        stimuli(first: 500) { totalCount nodes { kind } }
        similarities(first: 500) { nodes { source { kind layer } pair p } }
        differences(first: 500) { nodes { source { kind } p } }
        searchlight(first: 100) { nodes { pair values } }
        exports { csvUrl } } }`)).study;
      const roiSims = d.similarities.nodes.filter((x) => x.source.kind === 'ROI' && ['RE_AN', 'RE_AI'].includes(x.pair));
      const layerSims = d.similarities.nodes.filter((x) => x.source.kind === 'LAYER' && ['RE_AN', 'RE_AI'].includes(x.pair));
      const encoding = await allEncoding(id);
      const first = encoding[0]!;
      const encShown = encoding.filter((x) => x.family === first.family && x.reading === first.reading && ['AI', 'AN'].includes(x.testKind));
      const maps = d.searchlight.nodes.filter((m) => ['RE_AN', 'RE_AI'].includes(m.pair));
      const nRe = d.stimuli.nodes.filter((x) => x.kind === 'RE').length;
      const at = (p: string) => `/studies/${id}${p}`;

      await visit(at('/'), `study-${id}`);
      const figureLinks = await page.$$eval('ul.figure-list a', (as) => as.map((a) => a.getAttribute('href')));
      expect(figureLinks).toEqual(['/fig1/', '/fig2/', '/fig3/', '/fig4/', '/fig5/', '/fig6/', '/power/', '/gallery/', '/browse/', '/claims/'].map(at));

      await visit(at('/fig1/'), `study-${id}-fig1`);
      expect(await page.locator(`nav.study-nav[data-study="${id}"] a[aria-current="page"]`).textContent()).toBe('Fig. 1');
      expect(await page.locator('nav.study-nav').textContent()).toContain(`Study ${id}`);
      expect(await page.locator('#fig1 img').count()).toBe(3 * d.groups.length);
      // Its stimuli are served under its own URLs, and its downloads name it.
      for (const src of await page.$$eval('#fig1 img', (is) => is.map((i) => i.getAttribute('src')))) expect(src).toMatch(new RegExp(`^/studies/${id}/stimuli/`));
      const hrefs = await page.$$eval('#fig1 .data-links a', (as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toContain(`/studies/${id}/data/fig1.csv`);
      for (const h of hrefs) expect(h).toMatch(new RegExp(`^/studies/${id}/(data|export)/`));
      const csv = await (await fetch(`${base}/studies/${id}/data/fig1.csv`)).text();
      expect(csv.trim().split('\n')).toHaveLength(d.stimuli.totalCount + 1);

      await visit(at('/gallery/'));
      expect(await page.locator('#gallery img').count()).toBe(d.stimuli.totalCount);
      await visit(at('/fig2/'), `study-${id}-fig2`);
      expect(await countMarks('#fig2b-0', 'RDM cell')).toBe(3 * nRe * nRe);
      await visit(at('/fig3/'), `study-${id}-fig3`);
      expect(await countMarks('#fig3', 'bar')).toBe(d.subjectIds.length * d.rois.length * 2);
      expect(await countMarks('#fig3', 'bar')).toBe(roiSims.length);
      expect(await countMarks('#fig3', 'significance')).toBe(roiSims.filter((x) => x.p < 0.05).length);
      expect(await countMarks('#fig3', 'difference')).toBe(d.differences.nodes.filter((x) => x.source.kind === 'ROI' && x.p < 0.05).length);
      await visit(at('/fig4/'), `study-${id}-fig4`);
      expect(await countMarks('#fig4', 'searchlight vertex')).toBe(maps.reduce((n, m) => n + m.values.length, 0));
      await visit(at('/fig5/'), `study-${id}-fig5`);
      expect(await countMarks('#fig5', 'bar')).toBe(layerSims.length);
      expect(await countMarks('#fig5', 'significance')).toBe(layerSims.filter((x) => x.p < 0.05).length);
      await visit(at('/fig6/'), `study-${id}-fig6`);
      expect(await countMarks('#fig6', 'bar')).toBe(encShown.length);
      expect(await countMarks('#fig6', 'significance')).toBe(encShown.filter((x) => x.p < 0.05).length);
      await visit(at('/power/'), `study-${id}-power`);
      expect(await page.locator('#power tbody tr').count()).toBe(d.rois.length + 1);
      await visit(at('/browse/'));
      const browse = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(browse).toHaveLength(d.subjectIds.length * d.rois.length + d.layerNames.length);
      for (const h of browse) expect(h.startsWith(`/studies/${id}/browse/`), h).toBe(true);
      await visit(browse[0]!, `study-${id}-browse-roi`);
      expect(await countMarks('#rdms', 'RDM cell')).toBe(3 * nRe * nRe);
      expect(await countMarks('#similarity', 'bar')).toBe(2);
      await visit(browse.at(-1)!, `study-${id}-browse-layer`);
      expect(await countMarks('#similarity', 'bar')).toBe(2);
    }
    expect(problems).toEqual([]);
  });

  it('the root figure pages draw the same marks as the default study\'s own pages', async () => {
    for (const [path, scope, label] of [['/fig3/', '#fig3', 'bar'], ['/fig5/', '#fig5', 'bar'], ['/fig6/', '#fig6', 'bar'], ['/fig4/', '#fig4', 'searchlight vertex']] as const) {
      await visit(path);
      const root = await countMarks(scope, label);
      expect(await page.locator('nav.study-nav').count()).toBe(0);
      await visit(`/studies/${A}${path}`);
      expect(await countMarks(scope, label), path).toBe(root);
      expect(root).toBeGreaterThan(0);
    }
  });
});

type Cell = { dissimilarity: string; comparison: string; draws: number; studyConvention: boolean; computed: boolean; fig5: { ordinal: number; reAn: { value: number } | null; reAi: { value: number } | null }[] | null };
async function cellsAt(id: string, draws: number): Promise<Cell[]> {
  return (await gql<{ study: { grid: { cells: Cell[] } } }>(`{ study(id: "${id}") { grid(draws: ${draws}) { cells { dissimilarity comparison draws studyConvention computed fig5 { ordinal reAn { value } reAi { value } } } } } }`)).study.grid.cells;
}

describe('the grid page per draws count, and the default study\'s decision', () => {
  it('the grid page has one section per computed draws count, each value labelled with its draws', async () => {
    const d = await gql<{ studies: { id: string; grid: { computedDraws: number[] } }[] }>('{ studies { id grid { computedDraws } } }');
    expect(d.studies.find((s) => s.id === A)!.grid.computedDraws).toEqual(expect.arrayContaining([10, 100]));
    await visit('/grid/', 'grid');
    for (const s of d.studies) {
      expect(await page.locator(`#grid-${s.id} section.grid-draws`).count()).toBe(s.grid.computedDraws.length);
      for (const draws of s.grid.computedDraws) {
        const cells = await cellsAt(s.id, draws);
        const scope = `#grid-${s.id}-${draws}`;
        expect(await page.locator(`${scope} table.grid thead th`).count()).toBe(cells.length + 1);
        const labels = await page.$$eval(`${scope} table.grid thead th small`, (ts) => ts.map((t) => t.textContent));
        expect(labels).toHaveLength(cells.length);
        for (const l of labels) expect(l).toMatch(new RegExp(`^${draws} draws`));
        expect(await page.locator(`${scope} tfoot td.not-computed`).count()).toBe(cells.filter((c) => !c.computed).length);
        expect(await page.locator(`${scope} .compare-panel`).count()).toBe(cells.filter((c) => c.computed).length);
      }
    }
    await page.locator(`#grid-${A}-10`).screenshot({ path: join(SHOTS, 'grid-10-draws.png') });
  });

  it('the default study\'s page says which dissimilarity it keeps and why, with the grid\'s numbers', async () => {
    const computedDraws = (await gql<{ study: { grid: { computedDraws: number[] } } }>(`{ study(id: "${A}") { grid { computedDraws } } }`)).study.grid.computedDraws;
    for (const path of ['/study/', `/studies/${A}/`]) {
      await visit(path, path === '/study/' ? 'study' : undefined);
      await page.locator('#dissimilarity-decision').screenshot({ path: join(SHOTS, `decision-${path === '/study/' ? 'root' : A}.png`) });
      expect(await page.locator('#dissimilarity-decision h2').textContent()).toBe('Which dissimilarity, and why');
      expect(await page.locator('#dissimilarity-decision .decision').textContent()).toContain('keeps 1 − Spearman RDMs (one_minus_spearman)');
      let rows = 0;
      for (const draws of computedDraws) {
        const cells = (await cellsAt(A, draws)).filter((c) => c.computed);
        const shown = page.locator(`#dissimilarity-decision tbody tr[data-draws="${draws}"]`);
        if (!cells.some((c) => !c.studyConvention)) { expect(await shown.count()).toBe(0); continue; }
        expect(await shown.count()).toBe(cells.length);
        expect(await page.locator(`#dissimilarity-decision p.evidence[data-draws="${draws}"]`).textContent()).toContain(`At ${draws} draws per cell (${cells.length} computed cell`);
        for (const c of cells) {
          const row = page.locator(`#dissimilarity-decision tbody tr[data-draws="${draws}"][data-dissimilarity="${c.dissimilarity.toLowerCase()}"][data-comparison="${c.comparison.toLowerCase()}"]`);
          const out = c.fig5!.find((p) => p.ordinal === 9)!;
          expect(await row.locator('.re-an-output').textContent()).toBe(out.reAn!.value.toFixed(3));
          expect(await row.locator('.re-ai-output').textContent()).toBe(out.reAi!.value.toFixed(3));
          rows++;
        }
      }
      // The 10-draws cell computed here is evidence, so the section shows numbers rather than what to run.
      expect(rows).toBeGreaterThan(0);
      expect(await page.locator('#dissimilarity-decision .no-grid-cell').count()).toBe(0);
    }
    await visit(`/studies/${B}/`);
    expect(await page.locator('#dissimilarity-decision').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
