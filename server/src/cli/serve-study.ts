/**
 * What `start` does, in order (issue 12 item 2): listen at once (the API answers `progress` and whatever is
 * computed; site paths answer the progress page through the SiteGate), compute what the store lacks with the
 * terminal's progress bars, (re)build the site when it is stale for this study, then open the gate. Separate from
 * the command so that a test can drive it with its own study, site directory and builder.
 */
import { DomainError } from '../core/errors.js';
import { createApiServer } from '../http/server.js';
import { SiteGate } from '../http/site-gate.js';
import type { StudyService } from '../study/service.js';
import { progressBars } from './progress-bar.js';

export interface ServeStudyOptions {
  /** The default study (root fields and URLs). */
  readonly study: StudyService;
  /** Further studies served beside it (`start --study a --study b`): study(id:), /studies/<id>/... */
  readonly studies?: readonly StudyService[];
  readonly port: number;
  readonly host: string;
  readonly adminToken?: string | undefined;
  /** Open connections one client IP may hold (http/policy.ts; default there). */
  readonly maxConnectionsPerIp?: number | undefined;
  /** Built site directory (default site/dist). */
  readonly siteDir?: string;
  /** false: serve siteDir as it is (--no-site). */
  readonly site: boolean;
  /** false: compute nothing up front (--no-precompute). */
  readonly precompute: boolean;
  /** Builds the site into siteDir from the API at apiUrl. */
  readonly buildSite: (apiUrl: string) => Promise<void>;
  /** Why siteDir must be rebuilt for this study key, or null (commands/start.ts siteStaleness). */
  readonly staleness: (studyKey: string, siteDir?: string) => string | null;
  /** Records the study key of a finished build (commands/start.ts writeSiteStamp). */
  readonly stamp: (studyKey: string, siteDir?: string) => void;
  readonly stderr: NodeJS.WritableStream;
  readonly stdout: NodeJS.WritableStream;
}

export interface ServingStudy {
  readonly url: string;
  readonly gate: SiteGate;
  /** Resolves when the study is computed and the site built (or its build failed, which the page then says). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export async function serveStudy(o: ServeStudyOptions): Promise<ServingStudy> {
  const t0 = performance.now();
  const gate = new SiteGate(o.site ? 'computing' : 'ready');
  const server = await createApiServer({ study: o.study, studies: o.studies ?? [], adminToken: o.adminToken, maxConnectionsPerIp: o.maxConnectionsPerIp, siteGate: gate, ...(o.siteDir ? { siteDir: o.siteDir } : {}) });
  let url: string;
  try {
    url = await server.listen(o.port, o.host);
  } catch (e) {
    await server.close().catch(() => {});
    if ((e as { code?: string }).code === 'EADDRINUSE') throw new DomainError('BAD_USER_INPUT', `port ${o.port} on ${o.host} is in use; choose another with --port`);
    throw e;
  }
  o.stdout.write(`adversarial-rsa serving ${url}/ (GraphQL at ${url}/graphql)${o.site || o.precompute ? '; / shows the progress until the study and its site are ready' : ''}\n`);
  const secs = (): string => ((performance.now() - t0) / 1000).toFixed(1);
  const ready = (async () => {
    const all = [o.study, ...(o.studies ?? [])];
    if (o.precompute) {
      for (const s of all) {
        const bars = progressBars(o.stderr);
        try {
          await s.precompute(bars.progress);
        } finally {
          bars.stop();
        }
        o.stderr.write(`study ${(await s.summary()).id} ready in ${secs()} s\n`);
      }
    }
    if (!o.site) return;
    // Every served study's key: new data in any of them makes the site stale.
    const key = (await Promise.all(all.map(async (s) => (await s.summary()).provenanceKey))).join(' ');
    const why = o.staleness(key, o.siteDir);
    if (why) {
      gate.set('building');
      o.stderr.write(`site: building (${why})...\n`);
      try {
        await o.buildSite(`${url}/graphql`);
        o.stamp(key, o.siteDir);
      } catch (e) {
        const msg = `site build failed: ${(e as Error).message}`;
        o.stderr.write(`${msg}; the API is served, / says so\n`);
        gate.set('failed', msg);
        return;
      }
    }
    gate.set('ready');
  })();
  // A failed computation is reported on the page (progress.error) and by the caller awaiting `ready`.
  ready.catch((e: unknown) => gate.set('failed', `computing the study failed: ${(e as Error).message}`));
  return { url, gate, ready: ready.then(() => { o.stdout.write(`adversarial-rsa ready at ${url}/ in ${secs()} s\n`); }), close: () => server.close() };
}
