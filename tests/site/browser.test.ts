/**
 * The built site in headless Chromium, against the real service: the CI study (seed/ci-small.json) computed by
 * the pipeline (createStudyService) into the store the API tests use (ARSA_API_TEST_DATA, default
 * <tmpdir>/arsa-api-ci-small; ARSA_SITE_TEST_DATA overrides), kept between runs so that only the first computes,
 * served by the real HTTP server (createApiServer), the site built from it by buildSite into a temporary outDir
 * that the same server serves at /. Checks: every page loads with no console errors, page errors or failed
 * requests; each figure's SVG has the number of marks the API's data implies; every link resolves; screenshots of
 * the figure pages go to tests/site/screenshots/ (gitignored).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { countMarks, gqlAt, launchChromium, watchedPage } from '../support/browser.js';
import { loadConfig, PROJECT_ROOT } from '../../server/src/config/config.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { createApiServer, type ApiServer } from '../../server/src/http/server.js';
import { buildSite } from '../../server/src/cli/commands/site.js';
import type { StudyService } from '../../server/src/study/service.js';

const SHOTS = join(PROJECT_ROOT, 'tests', 'site', 'screenshots');

let study: StudyService & { close?: () => Promise<void> | void };
let server: ApiServer;
let base: string;
let outDir: string;
let browser: Browser;
let pages: string[];

/** Plain GraphQL POST to the service (the test's own queries, independent of the site's loaders). */
const gql = <T>(query: string): Promise<T> => gqlAt<T>(base, query);

/** Every node of a connection `field`, following pageInfo.endCursor; `args` are the field's other arguments. */
async function allNodes<T>(field: string, args: string, selection: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const q: string = `{ ${field}(${args}${args ? ', ' : ''}first: 500${after ? `, after: ${JSON.stringify(after)}` : ''}) { pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`;
    const page: { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (await gql<Record<string, never>>(q))[field];
    out.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/** Site paths of every built page ("/", "/fig3/", ...). */
function pagePaths(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === 'index.html') out.push(`/${relative(dir, d).split('\\').join('/')}${relative(dir, d) ? '/' : ''}`);
    }
  };
  walk(dir);
  return out.sort();
}


beforeAll(async () => {
  const data = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
  const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: data, ARSA_STORE: join(data, 'store.sqlite') });
  study = await createStudyService(config);
  await study.precompute();
  outDir = mkdtempSync(join(tmpdir(), 'arsa-site-'));
  server = await createApiServer({ study, siteDir: outDir });
  base = (await server.listen(0, '127.0.0.1')).replace(/\/$/, '');
  const built = await buildSite(config, { apiUrl: `${base}/graphql`, outDir });
  expect(built.startedServer).toBe(false);
  pages = pagePaths(outDir);
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await study?.close?.();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the built site in Chromium', () => {
  const links = new Set<string>();

  it('has every page, and each loads with no console error, page error or failed request', async () => {
    const summary = await gql<{ study: { subjectIds: string[]; rois: string[]; layerNames: string[] } }>('{ study { subjectIds rois layerNames } }');
    const s = summary.study;
    for (const p of ['/', '/fig1/', '/fig2/', '/fig3/', '/fig4/', '/fig5/', '/fig6/', '/power/', '/gallery/', '/study/', '/browse/']) expect(pages).toContain(p);
    expect(pages.filter((p) => p.startsWith('/browse/roi/'))).toHaveLength(s.subjectIds.length * s.rois.length);
    expect(pages.filter((p) => p.startsWith('/browse/layer/'))).toHaveLength(s.layerNames.length);
    const shotRoi = pages.find((p) => p.startsWith('/browse/roi/'));
    const shotLayer = pages.find((p) => p.startsWith('/browse/layer/'));
    const problems: string[] = [];
    const page = await watchedPage(browser, problems, { requestFailed: true });
    for (const p of pages) {
      const res = await page.goto(`${base}${p}`, { waitUntil: 'load' });
      expect(res?.status(), p).toBe(200);
      expect(await page.locator('#data-version').count(), `${p} shows its data version`).toBe(1);
      // Lazy images load now, and every image must decode (a broken stimulus URL is a failed figure).
      const broken = await page.evaluate(() => Promise.all(Array.from(document.images).map((img) => {
        img.loading = 'eager';
        return img.complete ? Promise.resolve() : new Promise<void>((r) => { img.onload = img.onerror = () => r(); });
      })).then(() => Array.from(document.images).filter((img) => img.naturalWidth === 0).map((img) => img.src)));
      expect(broken, `${p}: images that did not load`).toEqual([]);
      for (const href of await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))) links.add(href);
      const name = p.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'index';
      if (/^(fig\d|power|gallery|study)$/.test(name) || p === shotRoi || p === shotLayer) {
        await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      }
    }
    await page.close();
    expect(problems).toEqual([]);
  });

  it('draws every figure with the number of marks the data implies', async () => {
    const d = await gql<{ study: { subjectIds: string[]; rois: string[]; groups: string[] } }>('{ study { subjectIds rois groups } }');
    const stimuli = await allNodes<{ kind: string }>('stimuli', '', 'kind');
    const similarities = await allNodes<{ source: { kind: string }; pair: string; p: number }>('similarities', '', 'source { kind } pair p');
    const differences = await allNodes<{ source: { kind: string }; p: number }>('differences', '', 'source { kind } p');
    const maps = (await allNodes<{ pair: string; values: number[]; roi: (string | null)[] }>('searchlight', '', 'pair values roi'))
      .filter((m) => ['RE_AN', 'RE_AI'].includes(m.pair));
    const encoding = await allNodes<{ family: string; reading: string; testKind: string; p: number }>('encoding', '', 'family reading testKind p');
    const nSubj = d.study.subjectIds.length;
    const nRoi = d.study.rois.length;
    const nRe = stimuli.filter((x) => x.kind === 'RE').length;
    const roiSims = similarities.filter((x) => x.source.kind === 'ROI' && ['RE_AN', 'RE_AI'].includes(x.pair));
    const layerSims = similarities.filter((x) => x.source.kind === 'LAYER' && ['RE_AN', 'RE_AI'].includes(x.pair));
    // The site shows one model family and accuracy reading: the first the API returns.
    const first = encoding[0]!;
    const encShown = encoding.filter((x) => x.family === first.family && x.reading === first.reading && ['AI', 'AN'].includes(x.testKind));
    const patches = maps.filter((m) => m.pair === 'RE_AI');

    const page = await browser.newPage();
    const at = async (path: string) => { await page.goto(`${base}${path}`); };
    await at('/fig1/');
    expect(await page.locator('#fig1 img').count()).toBe(3 * d.study.groups.length);
    expect(await page.locator('#fig1 img:not([alt])').count()).toBe(0);
    await at('/gallery/');
    // Every stimulus, the AI_CONTROL set included (issue 12 item 8).
    expect(await page.locator('#gallery img').count()).toBe(stimuli.length);
    await at('/fig2/');
    expect(await countMarks(page, '#fig2a', 'ROI vertex') + await countMarks(page, '#fig2a', 'vertex outside ROIs')).toBe(patches.reduce((n, m) => n + m.values.length, 0));
    expect(await countMarks(page, '#fig2a', 'ROI vertex')).toBe(patches.reduce((n, m) => n + m.roi.filter((r) => r !== null).length, 0));
    expect(await countMarks(page, '#fig2b-0', 'RDM cell')).toBe(3 * nRe * nRe);
    await at('/fig3/');
    expect(await countMarks(page, '#fig3', 'bar')).toBe(nSubj * nRoi * 2);
    expect(await countMarks(page, '#fig3', 'bar')).toBe(roiSims.length);
    expect(await countMarks(page, '#fig3', 'interval')).toBe(roiSims.length);
    expect(await countMarks(page, '#fig3', 'significance')).toBe(roiSims.filter((x) => x.p < 0.05).length);
    expect(await countMarks(page, '#fig3', 'difference')).toBe(differences.filter((x) => x.source.kind === 'ROI' && x.p < 0.05).length);
    await at('/fig4/');
    expect(await countMarks(page, '#fig4', 'searchlight vertex')).toBe(maps.reduce((n, m) => n + m.values.length, 0));
    await at('/fig5/');
    expect(await countMarks(page, '#fig5', 'bar')).toBe(layerSims.length);
    expect(await countMarks(page, '#fig5', 'significance')).toBe(layerSims.filter((x) => x.p < 0.05).length);
    expect(await page.locator('#fig5').textContent()).toContain('Mann-Kendall');
    await at('/fig6/');
    expect(await countMarks(page, '#fig6', 'bar')).toBe(encShown.length);
    expect(await countMarks(page, '#fig6', 'significance')).toBe(encShown.filter((x) => x.p < 0.05).length);
    await at('/power/');
    expect(await page.locator('#power tbody tr').count()).toBe(nRoi + 1);
    await at(`/browse/roi/${encodeURIComponent(d.study.subjectIds[0]!)}/V1/`);
    expect(await countMarks(page, '#rdms', 'RDM cell')).toBe(3 * nRe * nRe);
    expect(await countMarks(page, '#similarity', 'bar')).toBe(2);
    await page.close();
  });

  it('resolves every link (pages, figure CSVs, downloads, stimulus images)', async () => {
    expect(links.size).toBeGreaterThan(20);
    const bad: string[] = [];
    for (const href of links) {
      const u = new URL(href);
      expect(u.origin, `${href} stays on the site`).toBe(base);
      const res = await fetch(href);
      if (res.status >= 400) bad.push(`${res.status} ${href}`);
      await res.arrayBuffer();
    }
    expect(bad).toEqual([]);
  });
});
