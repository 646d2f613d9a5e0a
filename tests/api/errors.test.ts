import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start, type Running } from './harness.js';

/** Every error the API speaks, each refused with a code and a message naming the bad value; the server stays up. */
describe('errors and limits over HTTP (test double study)', () => {
  let s: Running;
  const study = new FakeStudy();
  beforeAll(async () => { s = await start({ study, adminToken: 'sesame' }); });
  afterAll(async () => { await s.close(); });

  const code = async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
    const r = await s.gql(query, variables, headers);
    expect(r.body.errors, JSON.stringify(r.body)).toBeDefined();
    return { status: r.status, error: r.body.errors![0]! };
  };

  it.each([
    ['UNKNOWN_LAYER', '{ layer(name: "conv9") { name } }', 'conv9', 'conv1, conv2, fc8'],
    ['UNKNOWN_LAYER', '{ similarities(layer: "conv9") { totalCount } }', 'conv9', 'conv1'],
    ['UNKNOWN_SUBJECT', '{ subject(id: "S99") { id } }', 'S99', 'S01, S02'],
    ['UNKNOWN_SUBJECT', '{ encoding(subject: "S99") { totalCount } }', 'S99', 'S01, S02'],
    ['UNKNOWN_ROI', '{ similarities(roi: LO) { totalCount } }', 'LO', 'V1, V2'],
    ['UNKNOWN_STIMULUS', '{ stimulus(id: "RE-x") { id } }', 'RE-x', 'RE-n001'],
    ['UNKNOWN_METHOD', '{ similarities(method: "euclid") { totalCount } }', 'euclid', 'correlation'],
    ['BAD_USER_INPUT', '{ stimuli(first: 100000) { totalCount } }', '100000', '500'],
    ['BAD_USER_INPUT', '{ stimuli(first: 0) { totalCount } }', '0', ''],
    ['BAD_USER_INPUT', '{ stimuli(after: "bm9wZQ") { totalCount } }', 'bm9wZQ', 'cursor'],
    ['BAD_USER_INPUT', '{ layer(name: "conv1") { activations(stimulusKind: RE, stimuli: "5:2") { url } } }', '5:2', 'start:end'],
    ['BAD_USER_INPUT', '{ layer(name: "conv1") { activations(stimulusKind: RE, stimuli: "0:99") { url } } }', '0:99', '0:4'],
  ])('%s for %s', async (want, query, value, valid) => {
    const { error } = await code(query);
    expect(error.extensions?.code).toBe(want);
    expect(error.message).toContain(value);
    expect(error.message).toContain(valid);
  });

  it('refuses malformed queries, unknown fields and bad enum values with GraphQL codes', async () => {
    expect((await code('{ study { id ')).error.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await code('{ study { nope } }')).error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const bad = await code('query($k: StimulusKind) { stimuli(kind: $k) { totalCount } }', { k: 'XX' });
    expect(bad.status).toBe(400);
    expect(bad.error.extensions?.code).toBe('BAD_USER_INPUT');
    const notJson = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(notJson.status).toBe(400);
  });

  it('refuses over-deep and over-complex queries before running them', async () => {
    // Introspection is bounded by its own limit (20; the standard introspection query is 15 deep).
    const deep = await code(`{ __schema { types { fields { type { ${'ofType { '.repeat(18)}name${' }'.repeat(18)} } } } } }`);
    expect(deep.error.extensions?.code).toBe('QUERY_TOO_DEEP');
    const before = study.calls.encoding ?? 0;
    const aliases = Array.from({ length: 30 }, (_, i) => `e${i}: encoding(first: 500) { nodes { r scores provenance { key inputs } } }`).join(' ');
    const complex = await code(`{ ${aliases} }`);
    expect(complex.status).toBe(400);
    expect(complex.error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(complex.error.message).toMatch(/complexity \d+ exceeds the limit/);
    expect(study.calls.encoding ?? 0).toBe(before);
  });

  it('keeps recompute FORBIDDEN without the admin token, and runs it with the token', async () => {
    expect((await code('mutation { recompute { state } }')).error.extensions?.code).toBe('FORBIDDEN');
    expect((await code('mutation { recompute { state } }', {}, { authorization: 'Bearer wrong' })).error.extensions?.code).toBe('FORBIDDEN');
    const ok = await s.gql('mutation { recompute { state stages { stage done total } } }', {}, { authorization: 'Bearer sesame' });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.recompute.state).toBe('DONE');
  });

  it('masks unexpected errors as "internal error" and logs them', async () => {
    const broken = new FakeStudy();
    broken.trends = async () => { throw new Error('secret stack detail'); };
    const b = await start({ study: broken });
    try {
      const r = await b.gql('{ trends { pair } }');
      expect(r.body.errors![0]).toMatchObject({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(r.body)).not.toContain('secret');
      expect(String(b.logged[0])).toContain('secret stack detail');
    } finally {
      await b.close();
    }
  });

  it.each([
    ['/arrays/activations/conv9/RE.npy', 404, 'UNKNOWN_LAYER'],
    ['/arrays/responses/S99/V1.npy', 404, 'UNKNOWN_SUBJECT'],
    ['/arrays/responses/S01/V9.npy', 404, 'UNKNOWN_ROI'],
    ['/arrays/activations/conv1/XX.npy', 400, 'BAD_USER_INPUT'],
    ['/arrays/activations/conv1/RE.exe', 404, 'NOT_FOUND'],
    ['/arrays/weights/conv1.npy', 404, 'NOT_FOUND'],
    ['/arrays/activations/conv1/RE.npy?stimuli=0:999', 400, 'BAD_USER_INPUT'],
    ['/arrays/activations/conv1/RE.npy?columns=abc', 400, 'BAD_USER_INPUT'],
    ['/stimuli/RE-nope.png', 404, 'UNKNOWN_STIMULUS'],
    ['/export/secrets.csv', 404, 'NOT_FOUND'],
    ['/export/similarities.xlsx', 404, 'NOT_FOUND'],
    ['/nothing/here', 404, 'NOT_FOUND'],
  ])('GET %s -> %i %s as JSON', async (path, status, want) => {
    const res = await s.get(path);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(want);
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/stimuli/..%2F..%2Fpackage.json.png',
    '/arrays/activations/..%2F..%2Fetc/RE.npy',
    '/arrays/..%5C..%5Cpackage.json',
    '/fig3/%00.html',
    '/%E0%A4%A',
  ])('refuses path traversal %s with 400 JSON and stays up', async (path) => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // fetch would normalise "/../"; send the raw path with node:http.
      import('node:http').then(({ request }) => {
        const req = request(`${s.url}${path}`, { method: 'GET' }, (r) => {
          let body = '';
          r.on('data', (c) => { body += c; });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect([400, 404]).toContain(res.status);
    expect(JSON.parse(res.body).error.code).toMatch(/BAD_USER_INPUT|NOT_FOUND|UNKNOWN_/);
    expect(res.body).not.toContain('"name": "adversarial-rsa"');
    expect((await s.get('/health')).status).toBe(200);
  });

  it('refuses oversized request bodies', async () => {
    const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ study { id } }${' '.repeat(2 * 1024 * 1024)}` }) });
    expect(res.status).toBe(413);
    expect((await s.get('/health')).status).toBe(200);
  });
});
