import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { ResponseCache } from './response-cache.js';
import { sendErrorBody } from './respond.js';

/** Request bodies larger than this are refused (413) before parsing: operations are small. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Response bodies larger than this are replaced by a RESPONSE_TOO_LARGE error: page through big results instead. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Content types a browser may send cross-origin without a preflight (Apollo's CSRF prevention rule). */
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

/**
 * Apollo's CSRF rule, applied here too because the response cache answers before Apollo runs: a request that a
 * browser could send from another site without a preflight (no content type, or a "simple" one, and none of the
 * preflight headers) is refused. Returns the refusal message, or undefined when the request may proceed.
 */
export function csrfRefusal(headers: IncomingMessage['headers']): string | undefined {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && !SIMPLE_TYPES.includes(type)) return undefined;
  if (PREFLIGHT_HEADERS.some((h) => headers[h] !== undefined && headers[h] !== '')) return undefined;
  return 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send a JSON body with '
    + "'content-type: application/json', or a non-empty 'apollo-require-preflight' header (GET).";
}

/**
 * Apollo Server on plain node:http: converts the request to an HTTPGraphQLRequest, runs
 * `executeHTTPGraphQLRequest` (CSRF prevention, GET and POST, batching rules, cache-control headers all Apollo's)
 * and writes the response back, streaming incremental bodies.
 */
export async function handleGraphQL<C extends object>(
  apollo: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: () => Promise<C>,
  cache?: ResponseCache,
  maxResponseBytes: number = MAX_RESPONSE_BYTES,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  }
  let body: unknown;
  let rawText = '';
  if (req.method === 'POST') {
    const raw = await readBody(req);
    if (raw === undefined) {
      sendErrorBody(res, 413, 'BAD_USER_INPUT', `request body larger than ${MAX_BODY_BYTES} bytes`);
      return;
    }
    rawText = raw.toString('utf8');
    const type = headers.get('content-type') ?? '';
    if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
      try {
        body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
      } catch (e) {
        sendErrorBody(res, 400, 'BAD_USER_INPUT', `request body is not JSON: ${(e as Error).message}`);
        return;
      }
    } else {
      body = raw.toString('utf8');
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  // Every request check runs before the cache: a cached answer must not reach a request Apollo would refuse.
  const csrf = csrfRefusal(req.headers);
  if (csrf !== undefined) {
    sendGraphQLError(res, 400, 'BAD_REQUEST', csrf);
    return;
  }
  const pq = persistedQueryMismatch(body, url);
  if (pq !== undefined) {
    sendGraphQLError(res, 400, 'PERSISTED_QUERY_HASH_MISMATCH', pq);
    return;
  }
  const key = ResponseCache.key(method, url.search, req.headers.accept, req.headers['content-type'], rawText);
  const hit = cache?.get(key);
  if (hit) {
    res.writeHead(hit.status, [...hit.headers, ['x-response-cache', 'hit']].flat());
    res.end(hit.body);
    return;
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
  const result = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
  for (const [k, v] of result.headers) res.setHeader(k, v);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    const bytes = Buffer.byteLength(result.body.string);
    if (bytes > maxResponseBytes) {
      res.removeHeader('cache-control');
      sendGraphQLError(res, 400, 'RESPONSE_TOO_LARGE', `the response would be ${bytes} bytes, more than the limit of ${maxResponseBytes}; ask for fewer fields or smaller pages (first), or download arrays by their url`, { bytes, limit: maxResponseBytes });
      return;
    }
    res.setHeader('content-length', bytes);
    res.end(result.body.string);
    cache?.offer(key, res.statusCode, Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]), result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * An automatic persisted query whose sha256Hash is not the hash of the query sent with it: a client error with its
 * own code (Apollo answers it as INTERNAL_SERVER_ERROR). Returns the message, or undefined.
 */
function persistedQueryMismatch(body: unknown, url: URL): string | undefined {
  let query: unknown;
  let extensions: unknown;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    ({ query, extensions } = body as { query?: unknown; extensions?: unknown });
  } else if (body === undefined) {
    query = url.searchParams.get('query') ?? undefined;
    try {
      extensions = JSON.parse(url.searchParams.get('extensions') ?? 'null');
    } catch {
      return undefined; // Apollo refuses the malformed parameter itself
    }
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  if (typeof query !== 'string' || typeof hash !== 'string') return undefined;
  const actual = createHash('sha256').update(query).digest('hex');
  return actual === hash.toLowerCase() ? undefined
    : `persisted query hash ${JSON.stringify(hash.slice(0, 80))} is not the sha256 of the query sent with it (${actual}); send the query's own hash`;
}

/** A GraphQL-shaped error response ({ errors: [...] }), never cached. */
function sendGraphQLError(res: ServerResponse, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code, ...details } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** The whole body, or undefined when it exceeds MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
    // A client that closes mid-body: settle (the caller sees a disconnect and logs nothing) instead of hanging.
    req.on('close', () => { if (!req.complete) reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })); });
  });
}
