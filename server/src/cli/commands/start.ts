import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../config/config.js';
import { DomainError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { openServedStudies, type OpenedStudy } from '../served-open.js';
import { serveStudy } from '../serve-study.js';
import { servedStudies } from '../served-studies.js';
import { openStore } from '../../store/open.js';
import type { StudyCompute } from '../../study/compute-queue.js';

const SITE = join(PROJECT_ROOT, 'site');
const SITE_DIST = join(SITE, 'dist');
/** Written into the site directory after a build: the study key, so another study or new data makes the site stale. */
const DATA_STAMP_NAME = '.arsa-data-key';

/** Newest modification time (ms) of the files under `path` (node_modules and dist skipped). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) if (e !== 'node_modules' && e !== 'dist' && !e.startsWith('.')) t = Math.max(t, newest(join(path, e)));
  return t;
}

/**
 * Why the built site must be (re)built, or null when `dist` (default site/dist) is current. `dataKey` is the study
 * key (summary.provenanceKey, study/study-key.ts), which differs between studies and between data sets, so
 * starting another study on the same checkout rebuilds the site instead of serving the previous study's.
 */
export function siteStaleness(dataKey: string, dist = SITE_DIST): string | null {
  if (!existsSync(SITE)) return null;
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return 'site/dist is missing';
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newest(join(SITE, 'src')), newest(join(SITE, 'astro.config.mjs')), newest(join(PROJECT_ROOT, 'schema', 'operations')));
  if (sources > built) return 'site sources or operations changed since the last build';
  const stampFile = join(dist, DATA_STAMP_NAME);
  const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp !== dataKey) return stamp ? 'the study or its data changed since the last build' : 'the site has no study key (built by hand?)';
  return null;
}

/** Records the study key a build of `dist` was made from (read back by siteStaleness). */
export function writeSiteStamp(dataKey: string, dist = SITE_DIST): void {
  writeFileSync(join(dist, DATA_STAMP_NAME), `${dataKey}\n`);
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
  help: `usage: adversarial-rsa start [--study ID ...] [--all-studies] [--weights FILE] [--network N] [--port P] [--host H] [--no-site] [--no-precompute]

Listens at once on http://HOST:PORT/, then computes the study's artifacts missing from the store (progress
bars on stderr; a warm store makes this instant), then each further study's in the background; until the study is computed and the site built, / answers a
self-refreshing progress page (stage bars, what is left, a time estimate) and the API answers \`progress\` and
whatever is computed. Serves (default http://127.0.0.1:4000): /graphql (API; an offline explorer in a
browser), /arrays/... (.npy/.csv downloads), /export/<set>.csv|json, /stimuli/<id>.png, and the figure site,
which is (re)built when site/dist is missing or older than its sources or the data. Ctrl+C stops.
  --study ID       repeatable: serve several studies (the first is the default, answered by the root fields and
                   URLs; every study is study(id:) in GraphQL and /studies/<id>/arrays|export|stimuli/...)
  --all-studies    serve every study under seed/ that can run here (the --study ones first); the others are
                   skipped with a line saying why (e.g. an AlexNet study without its weights file)
  --weights FILE   with several studies: the weights of every served study whose network needs them (AlexNet)
                   and whose study file names none; a study that cannot read FILE (another architecture) is
                   refused before anything computes (skipped with --all-studies). With one study: its weights
  --network N      one study's network; refused with several (write a study file with its own id and network)
  --no-site        do not build the site (serve site/dist as it is)
  --no-precompute  serve at once; results are computed on first request
  --admin-token T  (or ARSA_ADMIN_TOKEN) enables the recompute mutation for "Authorization: Bearer T"
  --distributed    with a PostgreSQL --store: enqueue the missing artifacts as jobs for \`worker\` processes
                   instead of computing them here (progress shows the jobs; README "One server, many workers");
                   --job-timeout S and --block-draws N as for seed --distributed`,
  options: {
    'no-site': { type: 'boolean' }, 'no-precompute': { type: 'boolean' }, study: { type: 'string', multiple: true }, 'all-studies': { type: 'boolean' },
    distributed: { type: 'boolean' }, 'job-timeout': { type: 'string' }, 'block-draws': { type: 'string' },
  },
  async run(ctx) {
    const queue = ctx.values.distributed === true ? await queueFlags(ctx) : undefined;
    const log = (l: string): void => { ctx.stderr.write(`${l}\n`); };
    const all = ctx.values['all-studies'] === true;
    // Which studies, with which of --network / --weights (served-studies.ts); refused before anything opens.
    const served = servedStudies(ctx.values, ctx.config, log);
    if (served.length === 0) throw new DomainError('BAD_USER_INPUT', 'no study under seed/ can run here (each skipped above)');
    // One store for every study: artifacts they share (same content key) are computed and kept once.
    const store = openStore(ctx.config);
    let opened: OpenedStudy[];
    try {
      opened = (await openServedStudies(served, store, { skip: all, log })).map((o) => o.study);
    } catch (e) {
      await store.close();
      throw e;
    }
    if (opened.length === 0) {
      await store.close();
      throw new DomainError('BAD_USER_INPUT', 'no study under seed/ can run here (each skipped above)');
    }
    const study = opened[0]!;
    const queued = queue ? await queue() : undefined;
    // Listens first: the API answers during the computation and / shows its progress (serve-study.ts).
    const serving = await serveStudy({
      study, studies: opened.slice(1), port: ctx.config.port, host: ctx.config.host, adminToken: ctx.config.adminToken, maxConnectionsPerIp: ctx.config.maxConnectionsPerIp,
      site: ctx.values['no-site'] !== true, precompute: ctx.values['no-precompute'] !== true, ...(queued ? { compute: queued.compute } : {}),
      buildSite: (apiUrl) => buildSiteFrom(apiUrl, ctx), staleness: siteStaleness, stamp: writeSiteStamp, stderr: ctx.stderr, stdout: ctx.stdout,
    });
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => { resolve(); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    const failed = await Promise.race([serving.ready.then(() => null, (e: unknown) => e), stopped.then(() => null)]);
    if (failed) {
      await serving.close();
      await queued?.stop();
      for (const s of opened) await s.close?.();
      await store.close();
      throw failed instanceof Error ? failed : new DomainError('COMPUTE_FAILED', String(failed));
    }
    await stopped;
    ctx.stderr.write('stopping...\n');
    await serving.close();
    await queued?.stop();
    for (const s of opened) await s.close?.();
    await store.close();
    return 0;
  },
};
/** `start --distributed`, its flags checked before anything opens: the served studies' precompute goes to the queue (queue/start.ts). */
async function queueFlags(ctx: Parameters<Command['run']>[0]): Promise<() => Promise<{ compute: StudyCompute; stop(): Promise<void> }>> {
  const { queueStudies } = await import('../../queue/start.js');
  const { jobTimeout, blockDraws, requirePostgres } = await import('../../queue/seed.js');
  requirePostgres(ctx.config, 'start --distributed');
  const opts = { jobTimeoutSeconds: jobTimeout(ctx.values['job-timeout']), blockDraws: blockDraws(ctx.values['block-draws']) };
  return () => queueStudies(ctx.config, opts);
}

export default start;
