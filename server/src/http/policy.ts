import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What every response of the server says about itself, and how long and how many connections a client may hold.
 *
 * CORS (deliberate, README "API"): collaborators' notebooks call from other origins, so GET/POST of /graphql and
 * GET/HEAD of the downloads (/arrays, /export, /stimuli, /graphql/schema.graphql) are allowed from any origin,
 * without credentials (`*`, no Access-Control-Allow-Credentials, no Authorization in the allowed headers: the
 * admin mutation is not reachable from another site's page). The figure site and the explorer are same-origin only.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // The static site: Astro may inline small scripts and styles; nothing is loaded from elsewhere.
  'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
};

/** The explorer page: its script is a same-origin bundle, never inline; CodeMirror sets inline styles. */
export const EXPLORER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const GRAPHQL_METHODS = ['GET', 'POST', 'OPTIONS'] as const;
export const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

const CORS_EXPOSED = 'etag, content-length, content-range, accept-ranges, content-disposition, x-content-sha256, x-response-cache';
const CORS_ALLOWED_HEADERS = 'content-type, apollo-require-preflight, x-apollo-operation-name, range, if-none-match, if-range';

/** Whether a path is open to other origins (the API and its downloads, not the site). */
export function corsOpen(head: string | undefined): boolean {
  return head === 'graphql' || head === 'arrays' || head === 'export' || head === 'stimuli';
}

export function setCorsHeaders(res: ServerResponse, methods: readonly string[]): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-allow-methods', methods.join(', '));
  res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
  res.setHeader('access-control-expose-headers', CORS_EXPOSED);
  res.setHeader('access-control-max-age', '600');
}

/** 204 to a preflight, or 405 with Allow for any method a route does not serve. Returns whether it answered. */
export function answerMethod(req: IncomingMessage, res: ServerResponse, method: string, allowed: readonly string[]): boolean {
  if (method === 'OPTIONS') {
    res.writeHead(204, { allow: allowed.join(', '), 'content-length': 0 });
    res.end();
    return true;
  }
  if (allowed.includes(method)) return false;
  const text = JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: `${method} ${new URL(req.url ?? '/', 'http://localhost').pathname}: allowed methods are ${allowed.join(', ')}`, allowed } });
  res.writeHead(405, { allow: allowed.join(', '), 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
  return true;
}

/** Errors that only mean the client went away (closed the socket, reset it, stopped reading). */
export function isClientDisconnect(e: unknown, req: IncomingMessage, res: ServerResponse): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  if (code && ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END'].includes(code)) return true;
  return (e as Error | undefined)?.message === 'aborted' || req.destroyed || res.destroyed || req.socket.destroyed;
}

export interface ConnectionPolicy {
  /** Whole request (headers and body) must arrive within this (default 30 s: operations are small). */
  readonly requestTimeoutMs?: number;
  /** Headers must arrive within this (default 10 s). */
  readonly headersTimeoutMs?: number;
  /**
   * A socket idle this long (no bytes either way) is closed; default 0 (off): a cold request may compute for
   * minutes before its first byte, and stalled requests are already bounded by the two timeouts above.
   */
  readonly idleTimeoutMs?: number;
  /** Concurrent connections one remote address may hold (default 64); more are answered 503 and closed. */
  readonly maxConnectionsPerIp?: number;
}

export const DEFAULT_MAX_CONNECTIONS_PER_IP = 64;

/**
 * Applies the timeouts (Node's defaults let a body-stalling client hold a socket for 300 s) and the per-IP limit
 * of concurrent connections to a server. Node checks request timeouts every `connectionsCheckingInterval`, which
 * the caller sets at createServer to at most the shortest timeout.
 */
export function applyConnectionPolicy(http: Server, o: ConnectionPolicy): void {
  http.requestTimeout = o.requestTimeoutMs ?? 30_000;
  http.headersTimeout = Math.min(o.headersTimeoutMs ?? 10_000, http.requestTimeout);
  http.keepAliveTimeout = 5000;
  http.timeout = o.idleTimeoutMs ?? 0;
  const max = o.maxConnectionsPerIp ?? DEFAULT_MAX_CONNECTIONS_PER_IP;
  const open = new Map<string, number>();
  http.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '?';
    const n = (open.get(ip) ?? 0) + 1;
    if (n > max) {
      const body = JSON.stringify({ error: { code: 'TOO_MANY_CONNECTIONS', message: `more than ${max} concurrent connections from ${ip}; reuse connections (keep-alive) or raise --max-connections-per-ip`, limit: max } });
      socket.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nretry-after: 1\r\nconnection: close\r\n\r\n${body}`);
      socket.destroySoon?.();
      return;
    }
    open.set(ip, n);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
  });
}

/** A parsed single byte range of a body of `size` bytes, 'unsatisfiable', or undefined (absent, or ignored). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // multiple ranges or another unit: serve the whole body
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** If-None-Match: `*`, or any listed tag equal to `etag` under the weak comparison (W/ prefixes ignored). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (t: string): string => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag));
}
