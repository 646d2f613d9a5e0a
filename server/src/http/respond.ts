import type { ServerResponse } from 'node:http';
import { isDomainError, type ErrorCode } from '../core/errors.js';
import { etagMatches, parseRange } from './policy.js';

/** HTTP status of each domain error code on the download and file routes (GraphQL answers 200 with errors). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNKNOWN_LAYER: 404,
  UNKNOWN_SUBJECT: 404,
  UNKNOWN_ROI: 404,
  UNKNOWN_STIMULUS: 404,
  UNKNOWN_METHOD: 404,
  UNKNOWN_NETWORK: 404,
  UNKNOWN_STUDY: 404,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendErrorBody(res: ServerResponse, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  sendJson(res, status, { error: { code, message, ...details } }, { 'cache-control': 'no-store' });
}

/** Domain errors keep their code and message; anything else is logged and masked. */
export function sendError(res: ServerResponse, e: unknown, log: (msg: string, e: unknown) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (isDomainError(e)) {
    const status = STATUS[e.code] ?? 500;
    if (status === 500) log('domain error on an HTTP route', e);
    sendErrorBody(res, status, e.code, e.message, e.details ?? {});
    return;
  }
  log('internal error on an HTTP route', e);
  sendErrorBody(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
}

export function sendBytes(
  res: ServerResponse,
  method: string,
  ifNoneMatch: string | undefined,
  body: Uint8Array,
  o: { contentType: string; sha256: string; filename?: string; maxAge?: number; range?: string | undefined; ifRange?: string | undefined },
): void {
  const etag = `"${o.sha256}"`;
  // Range is offered where a caller passes the request's Range header (array downloads: large .npy files resume).
  const ranged = 'range' in o;
  const headers: Record<string, string | number> = {
    'content-type': o.contentType,
    etag,
    'x-content-sha256': o.sha256,
    'cache-control': `public, max-age=${o.maxAge ?? 300}`,
    ...(o.filename ? { 'content-disposition': `attachment; filename="${o.filename.replace(/[^\w.-]/g, '_')}"` } : {}),
    ...(ranged ? { 'accept-ranges': 'bytes' } : {}),
  };
  if (etagMatches(ifNoneMatch, etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  // If-Range with another validator: the representation changed, send it whole.
  const range = ranged && (o.ifRange === undefined || o.ifRange.trim() === etag) ? parseRange(o.range, body.byteLength) : undefined;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${body.byteLength}`, 'content-length': 0 });
    res.end();
    return;
  }
  if (range) {
    const part = body.subarray(range.start, range.end + 1);
    res.writeHead(206, { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${body.byteLength}`, 'content-length': part.byteLength });
    res.end(method === 'HEAD' ? undefined : part);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': body.byteLength });
  res.end(method === 'HEAD' ? undefined : body);
}
