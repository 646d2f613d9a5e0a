/**
 * What `start` does, in order (issue 12 item 2): listen at once (the API answers `progress` and whatever is
 * computed; site paths answer the progress page through the SiteGate), compute what the store lacks with the
 * terminal's progress bars (the default study first, then the others one after another in the background, issue
 * 11 item 3), (re)build the site when it is stale for the served studies, then open the gate. Separate from
 * the command so that a test can drive it with its own study, site directory and builder.
 */
import { DomainError } from '../core/errors.js';
import { createApiServer } from '../http/server.js';
import { SiteGate } from '../http/site-gate.js';
import type { StudyService } from '../study/service.js';
import { StudyComputeQueue, type ComputeStatus, type StudyCompute } from '../study/compute-queue.js';
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
  /** How a study's precomputation runs (default in this process; `start --distributed`: on the queue's workers). */
  readonly compute?: StudyCompute;
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
  /**
   * Resolves when every study is computed (or a later one failed, which /health and the page then say) and the
   * site built (or its build failed); rejects when the default study fails.
   */
  readonly ready: Promise<void>;
  /** Resolves when the default study is computed (it is served from then on); rejects when it fails. */
  readonly defaultReady: Promise<void>;
  /** Resolves when every study's precomputation has ended, with each one's status. */
  readonly computed: Promise<readonly ComputeStatus[]>;
  /** Where each study's precomputation stands. */
  readonly queue: StudyComputeQueue;
  close(): Promise<void>;
}

export async function serveStudy(o: ServeStudyOptions): Promise<ServingStudy> {
  const t0 = performance.now();
  const all = [o.study, ...(o.studies ?? [])];
  const gate = new SiteGate(o.site ? 'computing' : 'ready');
  const queue = new StudyComputeQueue(all, o.precompute, o.compute);
  const server = await createApiServer({
    study: o.study, studies: o.studies ?? [], adminToken: o.adminToken, maxConnectionsPerIp: o.maxConnectionsPerIp, siteGate: gate,
    computeStatus: (s) => queue.status(s), ...(o.siteDir ? { siteDir: o.siteDir } : {}),
  });
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
  const idOf = async (s: StudyService): Promise<string> => s.studyId ?? (await s.summary()).id;
  // The default study first, then each further one in the background (study/compute-queue.ts): the API answers
  // every study computed so far, and /health and / say where each of the others stands.
  const run = queue.run({
    bars: () => progressBars(o.stderr),
    done: (i, error) => {
      void idOf(all[i]!).then((id) => o.stderr.write(error === undefined
        ? `study ${id} ready in ${secs()} s${i === 0 && all.length > 1 ? `; computing the other ${all.length - 1} in the background` : ''}\n`
        : `study ${id}: computing failed: ${(error as Error).message}${i > 0 ? ' (the other studies are served)' : ''}\n`), () => {});
    },
  });
  const ready = (async () => {
    await run.first;
    const statuses = await run.all;
    if (!o.site) return;
    const failed = statuses.findIndex((s) => s.phase === 'failed');
    if (failed >= 0) {
      // The site draws every served study (/compare/), so it is not built while one of them has no results.
      gate.set('failed', `computing study ${await idOf(all[failed]!)} failed: ${statuses[failed]!.error}; the API serves the other studies`);
      return;
    }
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
  return {
    url, gate, queue, defaultReady: run.first, computed: run.all,
    ready: ready.then(() => { o.stdout.write(`adversarial-rsa ready at ${url}/ in ${secs()} s\n`); }),
    close: () => server.close(),
  };
}
