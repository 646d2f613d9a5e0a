import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start, type Running } from './harness.js';

/** Issue 13 items 5, 8, 9, 11 and 12: request checks, codes, disconnects, headers and sockets, over HTTP. */
const post = (url: string, body: string, headers: Record<string, string>) => fetch(`${url}/graphql`, { method: 'POST', headers, body });

/** A raw socket to the server; resolves with everything it answers once it closes. */
function raw(url: string, send: string): { socket: Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let data = '';
  socket.on('data', (c) => { data += c.toString(); });
  const answer = new Promise<string>((resolve) => { socket.on('close', () => resolve(data)); socket.on('error', () => {}); });
  socket.on('connect', () => { if (send) socket.write(send); });
  return { socket, answer };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('request checks, codes and headers (test double study)', () => {
  let s: Running;
  beforeAll(async () => { s = await start({ study: new FakeStudy() }); });
  afterAll(async () => { await s.close(); });

  it('applies the CSRF rule before the response cache', async () => {
    const body = JSON.stringify({ query: '{ study { id } }' });
    const first = await post(s.url, body, { 'content-type': 'application/json' });
    expect(first.status).toBe(200);
    expect((await post(s.url, body, { 'content-type': 'application/json' })).headers.get('x-response-cache')).toBe('hit');
    const plain = await post(s.url, body, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(plain.headers.get('x-response-cache')).toBeNull();
    expect(JSON.stringify(await plain.json())).toContain('Cross-Site Request Forgery');
    const get = await s.get(`/graphql?query=${encodeURIComponent('{ study { id } }')}`);
    expect(get.status).toBe(400);
    expect((await s.get(`/graphql?query=${encodeURIComponent('{ study { id } }')}`, { 'apollo-require-preflight': '1' })).status).toBe(200);
  });

  it('answers a subscription and a wrong persisted-query hash with client error codes', async () => {
    const sub = await s.gql('subscription { progress { state } }');
    expect(sub.status).toBe(400);
    expect(sub.body.errors![0]!.extensions?.code).toBe('SUBSCRIPTION_NOT_SUPPORTED');
    const apq = await post(s.url, JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }), { 'content-type': 'application/json' });
    expect(apq.status).toBe(400);
    const e = ((await apq.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0]!;
    expect(e.extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    expect(e.message).toContain('abab');
  });

  it('sends nosniff everywhere, a CSP on the explorer and site, CORS on the API and downloads only', async () => {
    const health = await s.get('/health');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    const explorer = await s.get('/graphql', { accept: 'text/html' });
    expect(explorer.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(explorer.headers.get('access-control-allow-origin')).toBeNull();
    expect((await s.get('/')).headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await s.get('/')).headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${s.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://notebook.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const dl = await s.get('/arrays/activations/conv1/RE.npy', { origin: 'http://notebook.example' });
    expect(dl.headers.get('access-control-allow-origin')).toBe('*');
    expect(dl.headers.get('access-control-expose-headers')).toContain('content-range');
  });

  it.each([
    ['DELETE', '/graphql', 'GET, POST, OPTIONS'],
    ['PUT', '/graphql', 'GET, POST, OPTIONS'],
    ['POST', '/health', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/arrays/activations/conv1/RE.npy', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/export/similarities.csv', 'GET, HEAD, OPTIONS'],
    ['POST', '/', 'GET, HEAD, OPTIONS'],
  ])('answers %s %s with 405 and Allow', async (method, path, allow) => {
    const r = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'DELETE' ? undefined : '{}' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe(allow);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('handles weak ETags and * in If-None-Match, and Range on array downloads', async () => {
    const path = '/arrays/activations/conv1/RE.npy';
    const full = await s.get(path);
    const bytes = new Uint8Array(await full.arrayBuffer());
    const etag = full.headers.get('etag')!;
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect((await s.get(path, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await s.get(path, { 'if-none-match': '*' })).status).toBe(304);
    expect((await s.get(path, { 'if-none-match': 'W/"other", ' + etag })).status).toBe(304);
    expect((await s.get(path, { 'if-none-match': '"other"' })).status).toBe(200);
    const part = await s.get(path, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    const resume = await s.get(path, { range: 'bytes=100-' });
    expect(new Uint8Array(await resume.arrayBuffer())).toEqual(bytes.subarray(100));
    const tail = await s.get(path, { range: 'bytes=-8' });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 8));
    const past = await s.get(path, { range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    expect((await s.get(path, { range: 'bytes=0-3', 'if-range': '"changed"' })).status).toBe(200);
  });

  it('logs nothing when a client disconnects mid-body or mid-response', async () => {
    const before = s.logged.length;
    const a = raw(s.url, 'POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query": "{ stu');
    await new Promise((r) => setTimeout(r, 100));
    a.socket.destroy();
    const b = raw(s.url, 'GET /arrays/activations/conv2/AN.csv HTTP/1.1\r\nhost: x\r\n\r\n');
    b.socket.destroy();
    await Promise.all([a.answer, b.answer]);
    await new Promise((r) => setTimeout(r, 300));
    expect(s.logged.slice(before)).toEqual([]);
    expect((await s.get('/health')).status).toBe(200);
  });
});

describe('socket timeouts and the per-IP connection limit', () => {
  let s: Running;
  beforeAll(async () => { s = await start({ study: new FakeStudy(), requestTimeoutMs: 600, headersTimeoutMs: 400, maxConnectionsPerIp: 3 }); });
  afterAll(async () => { await s.close(); });

  it('closes a socket that stalls its headers or its body', async () => {
    const headers = raw(s.url, 'GET /health HTTP/1.1\r\nhost: x\r\n');
    const body = raw(s.url, 'POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query"');
    // Node's defaults held such sockets for 60 s (headers) and 300 s (body).
    expect(await within(headers.answer, 10_000)).not.toBe('pending');
    const answered = await within(body.answer, 10_000);
    expect(answered).not.toBe('pending');
    expect(String(answered)).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);

  it('answers 503 TOO_MANY_CONNECTIONS past the per-IP limit, and serves again once connections close', async () => {
    const held = [raw(s.url, ''), raw(s.url, ''), raw(s.url, '')];
    await new Promise((r) => setTimeout(r, 100));
    const extra = raw(s.url, 'GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
    const answer = await within(extra.answer, 5000);
    expect(String(answer)).toMatch(/^HTTP\/1\.1 503/);
    expect(String(answer)).toContain('TOO_MANY_CONNECTIONS');
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.answer));
    expect((await fetch(`${s.url}/health`, { headers: { connection: 'close' } })).status).toBe(200);
  });
});
