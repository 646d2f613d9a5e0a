/**
 * The API URL reaches the site build as a parameter of that build (Vite `define` constants, cli/commands/site.ts
 * astroBuildConfig -> site/src/lib/build-params.ts), not through process.env: two builds in one process with
 * different URLs each print their own URL and build id, and ARSA_API_URL is never set. The fixture is a one-page
 * Astro project that prints buildParams(), built by buildSite itself against two stub services.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/src/config/config.js';
import { buildSite } from '../../server/src/cli/commands/site.js';

const FIXTURE = join(PROJECT_ROOT, 'tests', 'site', 'fixtures', 'params-site');

/** A stub that answers `{ __typename }` as a GraphQL service does, so buildSite starts no server of its own. */
function stubService(): Server {
  return createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { __typename: 'Query' } }));
  });
}

describe('site build parameters', () => {
  const servers = [stubService(), stubService()];
  const out = mkdtempSync(join(tmpdir(), 'arsa-params-'));
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/graphql`;
  beforeAll(async () => { await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r())))); });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    rmSync(out, { recursive: true, force: true });
    rmSync(join(FIXTURE, '.astro'), { recursive: true, force: true });
  });

  it('two builds in one process with different URLs each see their own URL and build id, none through process.env', async () => {
    const envBefore = process.env.ARSA_API_URL;
    const config = loadConfig({});
    const pages: string[] = [];
    for (const [i, s] of servers.entries()) {
      const r = await buildSite(config, { root: FIXTURE, apiUrl: url(s), outDir: join(out, `site${i}`), logLevel: 'error' });
      expect(r.startedServer).toBe(false);
      pages.push(readFileSync(join(out, `site${i}`, 'index.html'), 'utf8'));
    }
    const field = (html: string, id: string) => html.match(new RegExp(`<p id="${id}">([^<]*)</p>`))?.[1];
    expect(pages.map((p) => field(p, 'url'))).toEqual(servers.map(url));
    const ids = pages.map((p) => field(p, 'build'));
    expect(ids[0]).toMatch(/^\d+-\d+-[a-z0-9]+$/);
    expect(ids[1]).not.toBe(ids[0]);
    // The page saw the process's own ARSA_API_URL (unset here), not the build's URL: nothing was put in the env.
    expect(pages.map((p) => field(p, 'env'))).toEqual([envBefore ?? 'unset', envBefore ?? 'unset']);
    expect(process.env.ARSA_API_URL).toBe(envBefore);
  }, 300_000);
});
