import { DomainError } from '../../core/errors.js';
import type { StudyService } from '../../study/service.js';
import type { Command } from '../command.js';
import { openStudy } from '../open-study.js';
import { serveStudy } from '../serve-study.js';

export { siteStaleness, writeSiteStamp } from '../site-staleness.js';

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
  help: `usage: adversarial-rsa start [--port P] [--host H] [--no-site] [--no-precompute]

Listens at once on http://HOST:PORT/, then computes the study's artifacts missing from the store (progress
bars on stderr; a warm store makes this instant); until the study is computed and the site built, / answers a
self-refreshing progress page (stage bars, what is left, a time estimate) and the API answers \`progress\` and
whatever is computed. Serves (default http://127.0.0.1:4000): /graphql (API; an offline explorer in a
browser), /arrays/... (.npy/.csv downloads), /export/<set>.csv|json, /stimuli/<id>.png, and the figure site,
which is (re)built when site/dist is missing or older than its sources or the data. Ctrl+C stops.
  --no-site        do not build the site (serve site/dist as it is)
  --no-precompute  serve at once; results are computed on first request
  --admin-token T  (or ARSA_ADMIN_TOKEN) enables the recompute mutation for "Authorization: Bearer T"`,
  options: { 'no-site': { type: 'boolean' }, 'no-precompute': { type: 'boolean' } },
  async run(ctx) {
    const study: StudyService & { close?: () => Promise<void> | void } = await openStudy(ctx.config);
    // Listens first: the API answers during the computation and / shows its progress (serve-study.ts).
    const serving = await serveStudy({
      study, port: ctx.config.port, host: ctx.config.host, adminToken: ctx.config.adminToken,
      site: ctx.values['no-site'] !== true, precompute: ctx.values['no-precompute'] !== true,
      buildSite: (apiUrl) => buildSiteFrom(apiUrl, ctx), stderr: ctx.stderr, stdout: ctx.stdout,
    });
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => { resolve(); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    const failed = await Promise.race([serving.ready.then(() => null, (e: unknown) => e), stopped.then(() => null)]);
    if (failed) {
      await serving.close();
      await study.close?.();
      throw failed instanceof Error ? failed : new DomainError('COMPUTE_FAILED', String(failed));
    }
    await stopped;
    ctx.stderr.write('stopping...\n');
    await serving.close();
    await study.close?.();
    return 0;
  },
};
export default start;
