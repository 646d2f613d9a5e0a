import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT, type Config } from '../../config/config.js';
import { DomainError } from '../../core/errors.js';
import type { StudyService } from '../../study/service.js';
import type { Command } from '../command.js';

/** The Astro project (site/astro.config.mjs) and where `astro build` writes the static site. */
export const SITE_ROOT = join(PROJECT_ROOT, 'site');
export const SITE_DIST = join(SITE_ROOT, 'dist');

export interface BuildSiteOptions {
  /** GraphQL endpoint to build from (default env ARSA_API_URL, else http://<config.host>:<config.port>/graphql). */
  readonly apiUrl?: string;
  /** The Astro project (default site/; a test builds a one-page fixture with the same parameters). */
  readonly root?: string;
  /**
   * The study to serve when no server answers at apiUrl: a temporary in-process server (ephemeral port) is
   * started over it for the build and closed after. Default: the configured study (study/create-service.ts).
   */
  readonly study?: StudyService;
  /** Output directory (default site/dist). */
  readonly outDir?: string;
  /** Astro's log level (default 'warn'). */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly log?: (line: string) => void;
}

export interface BuildSiteResult {
  readonly ms: number;
  /** HTML pages written (index.html files under site/dist). */
  readonly pages: number;
  /** The endpoint the data came from. */
  readonly apiUrl: string;
  /** Whether a temporary server was started for the build. */
  readonly startedServer: boolean;
}

/**
 * The names of the build's `define` constants: site/src/lib/build-params.ts reads them (the site is not part of
 * the server's compilation, so the names are written in both places; tests/site/build-params.test.ts builds a
 * page that prints them).
 */
const PARAM_CONSTANTS = { apiUrl: '__ARSA_API_URL__', buildId: '__ARSA_SITE_BUILD_ID__' } as const;

export interface SiteBuildParams {
  readonly apiUrl: string;
  /** Fresh per build: the site's loaders drop their per-build memo when it changes (site/src/lib/loaders.ts). */
  readonly buildId: string;
}

/**
 * Astro's inline config for one build: the build's parameters are Vite `define` constants, compiled into that
 * build's chunks, so two builds in one process never see each other's URL (neither is put in process.env).
 */
export function astroBuildConfig(root: string, outDir: string, logLevel: NonNullable<BuildSiteOptions['logLevel']>, params: SiteBuildParams) {
  return {
    root, logLevel, outDir,
    vite: { define: { [PARAM_CONSTANTS.apiUrl]: JSON.stringify(params.apiUrl), [PARAM_CONSTANTS.buildId]: JSON.stringify(params.buildId) } },
  };
}

/** True when a GraphQL service answers `{ __typename }` at `url` within `timeoutMs`. */
export async function serviceAnswers(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { data?: { __typename?: string } };
    return body.data?.__typename === 'Query';
  } catch {
    return false;
  }
}

/** Replaces `target` by the finished build in `staging` (rename; copy where they are on different devices). */
function publish(staging: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, '..'), { recursive: true });
  try {
    renameSync(staging, target);
  } catch {
    cpSync(staging, target, { recursive: true });
  }
}

/** Counts index.html files below `dir` (one per page). */
export function countPages(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) n += countPages(p);
    else if (e.endsWith('.html')) n++;
  }
  return n;
}

/** The configured study as a service (the pipeline's factory), loaded only when a server must be started. */
async function openConfiguredStudy(config: Config): Promise<StudyService & { close?: () => Promise<void> | void }> {
  const { openStudy } = await import('../open-study.js');
  return openStudy(config);
}

/**
 * Builds the static figure site (site/ -> site/dist) from the GraphQL service at `apiUrl`. When nothing answers
 * there, starts the API in-process on an ephemeral port over `opts.study` (or the configured study), builds from
 * it and stops it. The endpoint and a fresh build id reach the site as the build's parameters (astroBuildConfig).
 * Any GraphQL error or empty figure data fails the build (the promise rejects).
 */
export async function buildSite(config: Config, opts: BuildSiteOptions = {}): Promise<BuildSiteResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  let apiUrl = opts.apiUrl ?? process.env.ARSA_API_URL ?? `http://${config.host}:${config.port}/graphql`;
  let close: (() => Promise<void>) | undefined;
  if (!(await serviceAnswers(apiUrl))) {
    const { createApiServer } = await import('../../http/server.js');
    const owned = opts.study ? undefined : await openConfiguredStudy(config);
    const study = opts.study ?? owned!;
    const server = await createApiServer({ study, log: (m, e) => log(`[http] ${m}: ${String(e)}`) });
    const base = await server.listen(0, '127.0.0.1');
    apiUrl = `${base.replace(/\/$/, '')}/graphql`;
    close = async () => { await server.close(); await owned?.close?.(); };
    log(`no service answered; started one at ${apiUrl}`);
  }
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const params: SiteBuildParams = { apiUrl, buildId: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` };
  // The output is replaced only by a complete build: Astro writes pages as it goes, so a failed build into
  // site/dist would leave a half-old, half-new site being served. The staging dir is under the working directory
  // because Astro 5 puts its server chunks in <cwd>/.astro when outDir lies outside the cwd, and then fails
  // cleaning them up (it removes the emptied dir before reading it). `.astro/` is gitignored.
  const target = opts.outDir ?? SITE_DIST;
  const staging = join(process.cwd(), '.astro', `arsa-site-${process.pid}-${Date.now()}`);
  try {
    const { build } = await import('astro');
    await build(astroBuildConfig(opts.root ?? SITE_ROOT, staging, opts.logLevel ?? 'warn', params));
    publish(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    try { rmdirSync(join(process.cwd(), '.astro')); } catch { /* not empty or absent: leave it */ }
    await close?.();
  }
  return { ms: Math.round(performance.now() - t0), pages: countPages(target), apiUrl, startedServer: close !== undefined };
}

const site: Command = {
  name: 'site',
  summary: 'build the static figure site (site/dist) from the running service, starting one if none answers',
  help: `usage: adversarial-rsa site [--api-url URL] [--verbose]

Builds the Astro figure site into site/dist from the GraphQL service's queries (schema/operations/*.graphql).
When no service answers at the URL, the configured study is served in-process on an ephemeral port for the
build. The build fails on any GraphQL error or on empty figure data. \`npm start\` serves site/dist at /.
  --api-url URL  GraphQL endpoint (default ARSA_API_URL, else http://HOST:PORT/graphql from the config)
  --verbose      Astro's info-level log`,
  options: { 'api-url': { type: 'string' }, verbose: { type: 'boolean' } },
  async run(ctx) {
    let r: BuildSiteResult;
    try {
      r = await buildSite(ctx.config, {
        apiUrl: typeof ctx.values['api-url'] === 'string' ? ctx.values['api-url'] : undefined,
        logLevel: ctx.values.verbose === true ? 'info' : 'warn',
        log: (l) => ctx.stderr.write(`${l}\n`),
      });
    } catch (e) {
      // Data errors (SiteDataError: operation + GraphQL message) and Plot warnings end the build; site/dist is kept.
      if (e instanceof DomainError) throw e;
      ctx.stderr.write(`adversarial-rsa site: build failed, site/dist unchanged: ${(e as Error).message.slice(0, 4000)}\n`);
      return 1;
    }
    ctx.stdout.write(`built ${r.pages} pages into ${SITE_DIST} in ${(r.ms / 1000).toFixed(1)} s from ${r.apiUrl}${r.startedServer ? ' (temporary server)' : ''}\n`);
    return 0;
  },
};
export default site;
