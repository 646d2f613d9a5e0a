import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { ResponseCache } from './response-cache.js';
import { sendErrorBody } from './respond.js';

/** Request bodies larger than this are refused (413) before parsing: operations are small. */
export const MAX_BODY_BYTES = 1024 * 1024;

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
  const key = ResponseCache.key(method, url.search, req.headers.accept, rawText);
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
    res.setHeader('content-length', Buffer.byteLength(result.body.string));
    res.end(result.body.string);
    cache?.offer(key, res.statusCode, Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]), result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
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
  });
}
