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
import { explorerHtml, indexHtml, loadOperations } from './explorer.js';
import { EXPORT_FORMATS, renderExport } from '../study/output/exports.js';
import { parseStimulusImageName } from '../study/output/stimulus-urls.js';
import { handleGraphQL } from './graphql-handler.js';
import { ResponseCache } from './response-cache.js';
import { studyScopes, type StudyScope } from './study-scopes.js';
import { parseStudyPath } from '../study/output/study-urls.js';
import { sendBytes, sendError, sendJson } from './respond.js';
import { pathSegments, readStatic, resolveStatic } from './static.js';
import { parseSubset } from '../study/output/subset.js';

export interface ApiServerOptions extends ApolloOptions {
  readonly study: StudyService;
  /** Further studies served beside `study` (the default); each reachable as study(id:) and under /studies/<id>/. */
  readonly studies?: readonly StudyService[];
  readonly adminToken?: string | undefined;
  /** Built figure site served at / (default site/dist); an index page of endpoints when absent. */
  readonly siteDir?: string;
  /** Example operations for the explorer (default schema/operations). */
  readonly operationsDir?: string;
  /** Whole-response cache of cacheable GraphQL answers (default true; the bench turns it off to measure execution). */
  readonly responseCache?: boolean;
}

export interface ApiServer {
  readonly http: Server;
  readonly apollo: ApolloServer<ApiContext>;
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
  const scopes = await studyScopes([o.study, ...(o.studies ?? [])]);
  const { study, downloads } = scopes.root;
  const responses = o.responseCache === false ? undefined : new ResponseCache();
  const invalidate = (): void => { scopes.clear(); responses?.clear(); };
  const apollo = await createApollo(await buildApiSchema(), { ...o, log });
  const deps = { study, downloads, adminToken: o.adminToken, invalidate, studies: scopes.set };
  const siteDir = o.siteDir ?? join(PROJECT_ROOT, 'site', 'dist');
  const explorer = explorerHtml(loadOperations(o.operationsDir ?? join(PROJECT_ROOT, 'schema', 'operations')));
  const sdl = await printApiSchema();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const segments = pathSegments(url.pathname);
    const [head, ...rest] = segments;
    const readOnly = method === 'GET' || method === 'HEAD';
    if (head === 'graphql' && rest.length === 0) {
      if (method === 'GET' && !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html')) {
        return html(res, explorer);
      }
      return handleGraphQL(apollo, req, res, url, async () => createContext(deps, req.headers.authorization), responses);
    }
    if (!readOnly) throw new DomainError('NOT_FOUND', `${method} ${url.pathname}: only GET and HEAD are served here (POST goes to /graphql)`);
    if (head === 'graphql' && rest.length === 1 && rest[0] === 'schema.graphql') {
      return sendBytes(res, method, req.headers['if-none-match'], Buffer.from(sdl), { contentType: 'text/plain; charset=utf-8', sha256: sha256(sdl) });
    }
    if (head === 'health' && rest.length === 0) return sendJson(res, 200, { ok: true, progress: study.progress().state }, { 'cache-control': 'no-store' });
    const studyPath = parseStudyPath(segments);
    if (studyPath) {
      if (await files(scopes.set.get(studyPath.study), studyPath.rest, url, req, res, method)) return;
      throw new DomainError('NOT_FOUND', `no such path: ${url.pathname}`, { value: url.pathname });
    }
    const done = await files(scopes.root, segments, url, req, res, method);
    if (done) return;
    const file = resolveStatic(siteDir, segments);
    if (file) {
      const body = readStatic(file.path);
      return sendBytes(res, method, req.headers['if-none-match'], body, { contentType: file.contentType, sha256: sha256(body), maxAge: 60 });
    }
    if (segments.length === 0) return html(res, indexHtml());
    throw new DomainError('NOT_FOUND', `no such path: ${url.pathname}`, { value: url.pathname });
  }

  /** A study's files (arrays, exports, stimulus PNGs); false when the path is none of them. */
  async function files({ study, downloads }: StudyScope, segments: readonly string[], url: URL, req: IncomingMessage, res: ServerResponse, method: string): Promise<boolean> {
    const [head, ...rest] = segments;
    if (head === 'arrays') {
      const { ref, format } = parseArrayPath(rest);
      const subset = parseSubset({ stimuli: url.searchParams.get('stimuli'), columns: url.searchParams.get('columns') });
      const e = await downloads.encode(ref, format, subset);
      const name = [...rest.slice(0, -1), rest.at(-1)!].join('_');
      sendBytes(res, method, req.headers['if-none-match'], e.bytes, {
        contentType: format === 'npy' ? 'application/octet-stream' : 'text/csv; charset=utf-8', sha256: e.sha256, filename: name,
      });
      return true;
    }
    if (head === 'export' && rest.length === 1) {
      const [name, ext] = splitExt(rest[0]!);
      if (!(EXPORT_FORMATS as readonly string[]).includes(ext)) throw new DomainError('NOT_FOUND', `unknown export format '.${ext}'; valid: ${EXPORT_FORMATS.join(', ')}`, { value: ext });
      const body = Buffer.from(await renderExport(study, name, ext as 'csv' | 'json'));
      sendBytes(res, method, req.headers['if-none-match'], body, {
        contentType: ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', sha256: sha256(body), filename: rest[0]!,
      });
      return true;
    }
    if (head === 'stimuli' && rest.length === 1) {
      const id = parseStimulusImageName(rest[0]!);
      const ids = (await study.stimuli()).map((s) => s.id);
      requireFound(ids.includes(id) ? id : undefined, 'UNKNOWN_STIMULUS', 'stimulus', id, ids);
      const png = await study.stimulusPng(id);
      sendBytes(res, method, req.headers['if-none-match'], png, { contentType: 'image/png', sha256: sha256(png) });
      return true;
    }
    return false;
  }

  const http = createServer((req, res) => {
    route(req, res).catch((e: unknown) => sendError(res, e, log));
  });
  http.keepAliveTimeout = 5000;
  return {
    http,
    apollo,
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

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
  res.end(body);
}

