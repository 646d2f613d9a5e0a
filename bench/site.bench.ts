/**
 * Full site build time from a warm store (goal: under 2 minutes). Opens the configured study (ARSA_STUDY, default
 * zhang2021; ARSA_DATA_DIR for the store), precomputes what is missing (instant when warm; its time is printed
 * separately so a cold store does not pass for a slow site), serves the API on an ephemeral port and runs
 * buildSite into a temporary outDir, twice (the second build reuses Astro/Vite caches).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config/config.js';
import { buildSite } from '../server/src/cli/commands/site.js';
import { createApiServer } from '../server/src/http/server.js';
import { createStudyService } from '../server/src/study/study-service.js';

export default async function siteBench(): Promise<void> {
  const config = loadConfig();
  const t0 = performance.now();
  const study = await createStudyService(config);
  await study.precompute();
  const pre = performance.now() - t0;
  process.stdout.write(`study ${config.study}: store ready in ${(pre / 1000).toFixed(1)} s${pre > 5000 ? ' (store was not warm)' : ' (warm)'}\n`);
  const server = await createApiServer({ study });
  const base = (await server.listen(0, '127.0.0.1')).replace(/\/$/, '');
  const outDir = mkdtempSync(join(tmpdir(), 'arsa-site-bench-'));
  try {
    for (const run of ['first', 'second']) {
      const r = await buildSite(config, { apiUrl: `${base}/graphql`, outDir });
      process.stdout.write(`site build (${run}): ${r.pages} pages in ${(r.ms / 1000).toFixed(1)} s (${(r.ms / r.pages).toFixed(0)} ms/page); goal < 120 s: ${r.ms < 120_000 ? 'met' : 'NOT met'}\n`);
    }
  } finally {
    await server.close();
    await study.close?.();
    rmSync(outDir, { recursive: true, force: true });
  }
}
