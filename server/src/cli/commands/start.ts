import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config/config.js';
import { DomainError } from '../../core/errors.js';
import { createApiServer } from '../../http/server.js';
import type { StudyService } from '../../study/service.js';
import type { Command } from '../command.js';
import { openStudy } from '../open-study.js';
import { progressBars } from '../progress-bar.js';
import { servedStudyIds } from '../served-studies.js';
import { openStore } from '../../store/open.js';

const SITE = join(PROJECT_ROOT, 'site');
const SITE_DIST = join(SITE, 'dist');
/** Written into site/dist after a build: the study's provenance key, so new data also makes the site stale. */
const DATA_STAMP = join(SITE_DIST, '.arsa-data-key');

/** Newest modification time (ms) of the files under `path` (node_modules and dist skipped). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist' && !e.startsWith('.')) t = Math.max(t, newest(join(path, e)));
  return t;
}

/** Why the built site must be (re)built, or null when site/dist is current. */
export function siteStaleness(dataKey: string): string | null {
  if (!existsSync(SITE)) return null;
  const index = join(SITE_DIST, 'index.html');
  if (!existsSync(index)) return 'site/dist is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newest(join(SITE, 'src')), newest(join(SITE, 'astro.config.mjs')), newest(join(PROJECT_ROOT, 'schema', 'operations')));
  if (sources > built) return 'site sources or operations changed since the last build';
  const stamp = existsSync(DATA_STAMP) ? readFileSync(DATA_STAMP, 'utf8').trim() : '';
  if (stamp !== dataKey) return 'the study data changed since the last build';
  return null;
}

/**
 * Hook to the site helper's builder (server/src/cli/commands/site.ts `buildSite(config, { apiUrl })`): builds
 * site/dist from the API this command is already serving.
 */
async function buildSiteFrom(apiUrl: string, ctx: Parameters<Command['run']>[0]): Promise<void> {
  const { buildSite } = (await import('./site.js')) as { buildSite: (c: typeof ctx.config, o: { apiUrl: string; log: (l: string) => void }) => Promise<{ pages: number; ms: number }> };
  const r = await buildSite(ctx.config, { apiUrl, log: (l) => ctx.stderr.write(`${l}\n`) });
  ctx.stderr.write(`site: built ${r.pages} pages in ${(r.ms / 1000).toFixed(1)} s\n`);
}

const start: Command = {
  name: 'start',
  summary: 'compute what the store lacks for the study, build the site if stale, and serve the API and site',
  help: `usage: adversarial-rsa start [--study ID ...] [--all-studies] [--port P] [--host H] [--no-site] [--no-precompute]

Computes the study's artifacts missing from the store (progress bars on stderr; a warm store makes this
instant), serves http://HOST:PORT/ (default http://127.0.0.1:4000): /graphql (API; an offline explorer in a
browser), /arrays/... (.npy/.csv downloads), /export/<set>.csv|json, /stimuli/<id>.png, and the figure site,
which is (re)built when site/dist is missing or older than its sources or the data. Ctrl+C stops.
  --study ID       repeatable: serve several studies (the first is the default, answered by the root fields and
                   URLs; every study is study(id:) in GraphQL and /studies/<id>/arrays|export|stimuli/...)
  --all-studies    serve every study under seed/ that can run here (the --study ones first); the others are
                   skipped with a line saying why (e.g. an AlexNet study without its weights file)
  --no-site        do not build the site (serve site/dist as it is)
  --no-precompute  serve at once; results are computed on first request
  --admin-token T  (or ARSA_ADMIN_TOKEN) enables the recompute mutation for "Authorization: Bearer T"`,
  options: { 'no-site': { type: 'boolean' }, 'no-precompute': { type: 'boolean' }, study: { type: 'string', multiple: true }, 'all-studies': { type: 'boolean' } },
  async run(ctx) {
    const t0 = performance.now();
    const ids = servedStudyIds(ctx.values, ctx.config, (l) => ctx.stderr.write(`${l}\n`));
    if (ids.length === 0) throw new DomainError('BAD_USER_INPUT', 'no study under seed/ can run here (each skipped above)');
    // One store for every study: artifacts they share (same content key) are computed and kept once.
    const store = openStore(ctx.config);
    const opened: (StudyService & { close?: () => Promise<void> | void })[] = [];
    for (const id of ids) opened.push(await openStudy({ ...ctx.config, study: id }, { store }));
    const study = opened[0]!;
    if (ctx.values['no-precompute'] !== true) {
      for (const [i, s] of opened.entries()) {
        const bars = progressBars(ctx.stderr);
        try {
          await s.precompute(bars.progress);
        } finally {
          bars.stop();
        }
        ctx.stderr.write(`study ${ids[i]} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      }
    }
    const server = await createApiServer({ study, studies: opened.slice(1), adminToken: ctx.config.adminToken, maxConnectionsPerIp: ctx.config.maxConnectionsPerIp });
    let url: string;
    try {
      url = await server.listen(ctx.config.port, ctx.config.host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new DomainError('BAD_USER_INPUT', `port ${ctx.config.port} on ${ctx.config.host} is in use; choose another with --port`);
      throw e;
    }
    if (ctx.values['no-site'] !== true) {
      // Every served study's key: new data in any of them makes the site stale.
      const dataKey = (await Promise.all(opened.map(async (s) => (await s.summary()).provenanceKey))).join(' ');
      const why = siteStaleness(dataKey);
      if (why) {
        ctx.stderr.write(`site: building (${why})...\n`);
        try {
          await buildSiteFrom(`${url}/graphql`, ctx);
          writeFileSync(DATA_STAMP, `${dataKey}\n`);
        } catch (e) {
          ctx.stderr.write(`site: build failed, serving the API without it: ${(e as Error).message}\n`);
        }
      }
    }
    ctx.stdout.write(`adversarial-rsa serving ${url}/ (GraphQL at ${url}/graphql) - ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => { resolve(); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    ctx.stderr.write('stopping...\n');
    await server.close();
    for (const s of opened) await s.close?.();
    await store.close();
    return 0;
  },
};
export default start;
