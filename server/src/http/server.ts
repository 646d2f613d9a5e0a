import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { PROJECT_ROOT } from '../config/config.js';
import { DomainError, requireFound } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import type { StudyService } from '../study/service.js';
import { createApollo, type ApolloOptions } from '../graphql/apollo.js';
import { createContext, type ApiContext } from '../graphql/context.js';
import { buildApiSchema, printApiSchema } from '../graphql/schema.js';
import { parseArrayPath } from '../study/output/array-urls.js';
import { explorerPage, indexHtml, loadOperations } from './explorer.js';
import { ensureExplorerBundle, EXPLORER_DIR, EXPLORER_FILES } from './explorer-bundle.js';
import { EXPORT_FORMATS, renderExport } from '../study/output/exports.js';
import { parseStimulusImageName } from '../study/output/stimulus-urls.js';
import { handleGraphQL } from './graphql-handler.js';
import {
  answerMethod, applyConnectionPolicy, corsOpen, GRAPHQL_METHODS, isClientDisconnect, READ_METHODS, SECURITY_HEADERS,
  setCorsHeaders, type ConnectionPolicy,
} from './policy.js';
import { ResponseCache } from './response-cache.js';
import { sendBytes, sendError, sendJson } from './respond.js';
import { pathSegments, readStatic, resolveStatic } from './static.js';
import type { SiteGate } from './site-gate.js';
import { doneFraction, type StudyHealth } from './progress-page.js';
import type { ComputeStatus } from '../study/compute-queue.js';
import { studyScopes, type StudyScope } from './study-scopes.js';
import { parseStudyPath } from '../study/output/study-urls.js';
import { parseSubset } from '../study/output/subset.js';
import { refuseUnknownParams } from '../study/output/query.js';
import { downloadFileName, sidecarTarget } from '../study/output/file-names.js';

export interface ApiServerOptions extends ApolloOptions, ConnectionPolicy {
  readonly study: StudyService;
  /** Further studies served beside `study` (the default); each reachable as study(id:) and under /studies/<id>/. */
  readonly studies?: readonly StudyService[];
  readonly adminToken?: string | undefined;
  /** Built figure site served at / (default site/dist); an index page of endpoints when absent. */
  readonly siteDir?: string;
  /** Example operations for the explorer (default schema/operations). */
  readonly operationsDir?: string;
  /** When given and not ready, site paths answer its progress page (503, refreshing) instead of siteDir. */
  readonly siteGate?: SiteGate;
  /** Whole-response cache of cacheable GraphQL answers (default true; the bench turns it off to measure execution). */
  readonly responseCache?: boolean;
  /** Where each served study's precomputation stands (start's StudyComputeQueue); from its progress otherwise. */
  readonly computeStatus?: (study: StudyService) => ComputeStatus | undefined;
  /** Bound of the whole-response cache (default 64 MiB). */
  readonly responseCacheBytes?: number;
  /** Bound of the memo of study results per argument (default 64 MiB). */
  readonly studyMemoBytes?: number;
  /** GraphQL responses larger than this are refused with RESPONSE_TOO_LARGE (default 16 MiB). */
  readonly maxResponseBytes?: number;
}

export interface ApiServer {
  readonly http: Server;
  readonly apollo: ApolloServer<ApiContext>;
  /** Bytes held now by the bounded caches: study results per argument, whole GraphQL responses. */
  cacheBytes(): { study: number; responses: number };
  /** Listens (port 0: an ephemeral port) and returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The HTTP server: /graphql (Apollo, plus the offline explorer on a browser GET), /arrays/... downloads (.npy,
 * .csv, subsets), /export/<set>.csv|json, /stimuli/<id>.png, /health, and the built site at /. Every route
 * answers errors as JSON { error: { code, message } } and the server stays up.
 */
export async function createApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const log = o.log ?? ((msg: string, e: unknown) => console.error(`[http] ${msg}:`, e));
  // Memos per study (scopes); the response cache's key is the request, whose study ids name the studies it reads.
  const scopes = await studyScopes([o.study, ...(o.studies ?? [])], o.studyMemoBytes);
  const { study, downloads } = scopes.root;
  const responses = o.responseCache === false ? undefined : new ResponseCache(o.responseCacheBytes);
  const invalidate = (): void => { scopes.clear(); responses?.clear(); };
  const apollo = await createApollo(await buildApiSchema(), { ...o, log });
  const deps = { study, downloads, adminToken: o.adminToken, invalidate, studies: scopes.set };
  const siteDir = o.siteDir ?? join(PROJECT_ROOT, 'site', 'dist');
  const bundled = await ensureExplorerBundle((l) => console.warn(l));
  const explorer = explorerPage(loadOperations(o.operationsDir ?? join(PROJECT_ROOT, 'schema', 'operations')), bundled);
  const sdl = await printApiSchema();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const segments = pathSegments(url.pathname);
    const [head, ...rest] = segments;
    const isGraphQL = head === 'graphql' && rest.length === 0;
    const explorerPage = isGraphQL && method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
    // The API and downloads are open to other origins (policy.ts); the explorer page and the site are not.
    const studyPath = parseStudyPath(segments);
    if (corsOpen(studyPath ? studyPath.rest[0] : head) && !explorerPage && rest[0] !== 'explorer') setCorsHeaders(res, isGraphQL ? GRAPHQL_METHODS : READ_METHODS);
    if (answerMethod(req, res, method, isGraphQL ? GRAPHQL_METHODS : READ_METHODS)) return;
    if (isGraphQL) {
      if (explorerPage) {
        res.setHeader('content-security-policy', explorer.csp);
        return html(res, explorer.html);
      }
      return handleGraphQL(apollo, req, res, url, async () => createContext(deps, req.headers.authorization), responses, o.maxResponseBytes);
    }
    if (head === 'graphql' && rest.length === 2 && rest[0] === 'explorer' && bundled && (EXPLORER_FILES as readonly string[]).includes(rest[1]!)) {
      const file = resolveStatic(EXPLORER_DIR, [rest[1]!])!;
      const body = readStatic(file.path);
      return sendBytes(res, method, req.headers['if-none-match'], body, { contentType: file.contentType, sha256: sha256(body), maxAge: 3600 });
    }
    if (head === 'graphql' && rest.length === 1 && rest[0] === 'schema.graphql') {
      return sendBytes(res, method, req.headers['if-none-match'], Buffer.from(sdl), { contentType: 'text/plain; charset=utf-8', sha256: sha256(sdl) });
    }
    if (head === 'health' && rest.length === 0) return sendJson(res, 200, { ok: true, progress: study.progress().state, studies: servedHealth() }, { 'cache-control': 'no-store' });
    if (studyPath) {
      if (await files(scopes.set.get(studyPath.study), studyPath.rest, url, req, res, method)) return;
      throw new DomainError('NOT_FOUND', `no such path: ${url.pathname}`, { value: url.pathname });
    }
    if (await files(scopes.root, segments, url, req, res, method)) return;
    if (o.siteGate && !o.siteGate.ready) return progressPage(res, method, o.siteGate.page(study.progress(), servedHealth()));
    const file = resolveStatic(siteDir, segments);
    if (file) {
      const body = readStatic(file.path);
      return sendBytes(res, method, req.headers['if-none-match'], body, { contentType: file.contentType, sha256: sha256(body), maxAge: 60 });
    }
    if (segments.length === 0) return html(res, indexHtml());
    throw new DomainError('NOT_FOUND', `no such path: ${url.pathname}`, { value: url.pathname });
  }

  /**
   * Every served study for /health and the progress page, without computing anything (no summary is read: a cold
   * study's waits for its brain data): id, network, whether its precomputation is done, and its progress.
   */
  function servedHealth(): StudyHealth[] {
    const originals = [o.study, ...(o.studies ?? [])];
    return scopes.set.entries.map((e, i) => {
      const s = originals[i]!;
      const p = s.progress();
      const status = o.computeStatus?.(s);
      const phase = status?.phase ?? (p.state === 'done' ? 'computed' : p.state === 'failed' ? 'failed' : p.state === 'running' ? 'computing' : 'on_demand');
      return {
        id: e.id, isDefault: i === 0, network: s.networkName ?? null, computed: phase === 'computed', phase,
        progress: p.state, fractionDone: Math.round(1000 * (phase === 'computed' ? 1 : phase === 'queued' ? 0 : doneFraction(p))) / 1000, error: status?.error ?? p.error,
      };
    });
  }

  /** A study's files (array downloads and their labels, exports, stimulus PNGs); false when the path is none of them. */
  async function files({ study, downloads }: StudyScope, segments: readonly string[], url: URL, req: IncomingMessage, res: ServerResponse, method: string): Promise<boolean> {
    const [head, ...rest] = segments;
    const sidecar = head === 'arrays' ? sidecarTarget(rest) : undefined;
    if (sidecar) {
      const { ref } = parseArrayPath(sidecar);
      refuseUnknownParams('arrays', url.searchParams);
      const labels = await downloads.labels(ref, parseSubset({ stimuli: url.searchParams.get('stimuli'), columns: url.searchParams.get('columns') }));
      sendJson(res, 200, labels, { 'cache-control': 'no-cache' });
      return true;
    }
    if (head === 'arrays') {
      const { ref, format } = parseArrayPath(rest);
      refuseUnknownParams('arrays', url.searchParams);
      const subset = parseSubset({ stimuli: url.searchParams.get('stimuli'), columns: url.searchParams.get('columns') });
      const e = await downloads.encode(ref, format, subset);
      const name = downloadFileName(ref, format, subset);
      sendBytes(res, method, req.headers['if-none-match'], e.bytes, {
        contentType: format === 'npy' ? 'application/octet-stream' : 'text/csv; charset=utf-8', sha256: e.sha256, filename: name,
        range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined,
      });
      return true;
    }
    if (head === 'export' && rest.length === 1) {
      refuseUnknownParams('export', url.searchParams);
      const [name, ext] = splitExt(rest[0]!);
      if (!(EXPORT_FORMATS as readonly string[]).includes(ext)) throw new DomainError('NOT_FOUND', `unknown export format '.${ext}'; valid: ${EXPORT_FORMATS.join(', ')}`, { value: ext });
      const body = Buffer.from(await renderExport(study, name, ext as 'csv' | 'json'));
      sendBytes(res, method, req.headers['if-none-match'], body, {
        contentType: ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', sha256: sha256(body), filename: rest[0]!,
      });
      return true;
    }
    if (head === 'stimuli' && rest.length === 1) {
      refuseUnknownParams('stimuli', url.searchParams);
      const id = parseStimulusImageName(rest[0]!);
      const ids = (await study.stimuli()).map((s) => s.id);
      requireFound(ids.includes(id) ? id : undefined, 'UNKNOWN_STIMULUS', 'stimulus', id, ids);
      const png = await study.stimulusPng(id);
      sendBytes(res, method, req.headers['if-none-match'], png, { contentType: 'image/png', sha256: sha256(png) });
      return true;
    }
    return false;
  }

  const checkEvery = Math.max(10, Math.min(1000, o.requestTimeoutMs ?? 1000, o.headersTimeoutMs ?? 1000));
  const http = createServer({ connectionsCheckingInterval: checkEvery }, (req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    route(req, res).catch((e: unknown) => {
      // A client that went away is not a server fault: nothing to answer, nothing to log (issue 13 item 9).
      if (isClientDisconnect(e, req, res)) {
        res.destroy();
        return;
      }
      sendError(res, e, log);
    });
  });
  applyConnectionPolicy(http, o);
  return {
    http,
    apollo,
    cacheBytes: () => ({ study: scopes.heldBytes(), responses: responses?.heldBytes ?? 0 }),
    listen: (port, host = '127.0.0.1') => new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        const a = http.address() as AddressInfo;
        resolve(`http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
      });
    }),
    close: async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

function splitExt(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? [name, ''] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** 503 with Retry-After: the site is not there yet; browsers show the page, which refreshes itself. */
function progressPage(res: ServerResponse, method: string, body: string): void {
  res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'retry-after': '5' });
  res.end(method === 'HEAD' ? undefined : body);
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
  res.end(body);
}

