/**
 * What the browser tests of the site share: headless Chromium (Debian's, or CHROMIUM_PATH), a page that records
 * every console error, page error, failed request and HTTP error as a problem, the count of drawn marks of a
 * figure, and a plain GraphQL POST for the tests' own queries (independent of the site's loaders).
 */
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A new page whose console errors, page errors and HTTP errors are pushed onto `problems`; with `requestFailed`,
 * failed requests too (only for a test that waits for every page to settle: an image load that a navigation
 * aborts counts as failed).
 */
export async function watchedPage(browser: Browser, problems: string[], o: { requestFailed?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${page.url()}: console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${page.url()}: page error: ${e.message}`));
  if (o.requestFailed) page.on('requestfailed', (r) => problems.push(`${page.url()}: request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${page.url()}: HTTP ${r.status()} ${r.url()}`); });
  return page;
}

/** Drawn elements of the marks described `label` inside `scope` (a CSS selector). */
export function countMarks(page: Page, scope: string, label: string): Promise<number> {
  return page.evaluate(([s, l]) => Array.from(document.querySelectorAll(`${s} g[aria-description="${l}"]`))
    .reduce((n, g) => n + Array.from(g.querySelectorAll('*')).filter((e) => !['g', 'title', 'tspan'].includes(e.tagName.toLowerCase())).length, 0), [scope, label] as const);
}

/** POSTs `query` to the service at `base` (its root URL) and returns the data, failing on any GraphQL error. */
export async function gqlAt<T>(base: string, query: string): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}
