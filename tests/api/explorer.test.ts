import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { FakeStudy } from './fake-study.js';
import { operations, start, type Running } from './harness.js';

/**
 * Issue 12 item 15: the explorer is GraphiQL, bundled at build time (or first start) and served by this server,
 * with the example operations of schema/operations as its tabs, under a CSP that allows no inline script and no
 * other origin. Loaded in headless Chromium with every request to another origin refused.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('GraphiQL explorer (test double study)', () => {
  let s: Running;
  let browser: Browser;
  beforeAll(async () => {
    s = await start({ study: new FakeStudy() });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s.close();
  });

  it('serves GraphiQL from this server with the example operations and a CSP without inline scripts', async () => {
    const page = await s.get('/graphql', { accept: 'text/html' });
    const html = await page.text();
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(html).toContain('<script src="/graphql/explorer/graphiql.js" defer></script>');
    // Every script tag is either the bundle or inert JSON.
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/graphql\/explorer\/|type="application\/json"/);
    for (const name of Object.keys(operations())) expect(html).toContain(`"name":"${name}"`);
    const js = await s.get('/graphql/explorer/graphiql.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.text()).length).toBeGreaterThan(100_000);
    expect((await s.get('/graphql/explorer/graphiql.css')).status).toBe(200);
    expect((await s.get('/graphql/explorer/other.js')).status).toBe(404);
  });

  it('renders in Chromium offline: the docs pane, the example tabs and a query run, no CSP violation', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const problems: string[] = [];
    const origin = new URL(s.url).origin;
    await page.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : (problems.push(`off-origin ${route.request().url()}`), route.abort())));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${s.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    // One tab per example operation.
    await page.waitForFunction((n) => document.querySelectorAll('.graphiql-tab').length >= n, Object.keys(operations()).length, { timeout: 30_000 });
    // Introspection worked: the docs pane lists the Query type.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30_000 });
    expect(await page.textContent('.graphiql-doc-explorer')).toContain('Query');
    // Running the example "study" tab answers from this server.
    await page.click('.graphiql-tab-button:has-text("Study")');
    // Let the tab switch settle (the editor remounts) before pressing run.
    await page.waitForTimeout(3000);
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => (document.querySelector('.graphiql-response')?.textContent ?? '').includes('Fake study'), undefined, { timeout: 30_000 });
    expect(problems).toEqual([]);
    await ctx.close();
  }, 120_000);
});
