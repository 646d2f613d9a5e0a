import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { getIntrospectionQuery, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complexityLimit } from '../../server/src/graphql/limits.js';
import { FakeStudy } from './fake-study.js';
import { operations, start, type Running } from './harness.js';

/** Issue 13 items 1-4 and 10: small requests that used to stall, flood or grow the server, over HTTP. */
export function fragmentDoubling(levels: number): string {
  const parts = ['fragment F0 on Query { __typename }'];
  for (let i = 1; i <= levels; i++) parts.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query { ...F${levels} }\n${parts.join('\n')}`;
}

describe('denial of service within the limits (test double study)', () => {
  let s: Running;
  const study = new FakeStudy();
  beforeAll(async () => { s = await start({ study, maxResponseBytes: 256 * 1024 }); });
  afterAll(async () => { await s.close(); });

  it('measures fragment-doubling documents in one pass: 12 levels run, 30 levels are refused by complexity, /health answers', async () => {
    const small = await s.gql(fragmentDoubling(12));
    expect(small.body).toEqual({ data: { __typename: 'Query' } });
    // 2^30 spreads of __typename: the unmemoised depth walk never returned (hours); now a coded 400.
    const [big, health] = await Promise.all([s.gql(fragmentDoubling(30)), s.get('/health')]);
    expect(big.status).toBe(400);
    expect(big.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', complexity: 2 ** 30 });
    expect(health.status).toBe(200);
  }, 30_000);

  it('keeps the complexity check on past 10,000 nodes (400 aliases padded with 10,000 __typename)', async () => {
    const before = study.calls.encoding ?? 0;
    const aliases = Array.from({ length: 400 }, (_, i) => `e${i}: encoding(first: 500) { nodes { scores } }`).join(' ');
    const padding = Array.from({ length: 10_000 }, (_, i) => `p${i}: __typename`).join(' ');
    const r = await s.gql(`{ ${aliases} ${padding} }`);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(study.calls.encoding ?? 0).toBe(before);
  });

  it('costs CSV and subset downloads: 30 aliases of different column subsets are refused before any encoding', async () => {
    const before = study.calls.readArray ?? 0;
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: activations(stimulusKind: RE, format: CSV, columns: "0:${1 + (i % 6)}") { sha256 }`).join(' ');
    const r = await s.gql(`{ layer(name: "conv1") { ${aliases} } }`);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(study.calls.readArray ?? 0).toBe(before);
    // A few are fine.
    const ok = await s.gql('{ layer(name: "conv1") { a: activations(stimulusKind: RE, format: CSV, columns: "0:2") { sha256 shape } } }');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.layer.a.shape).toEqual([4, 2]);
  });

  it('caps the number of expensive fields whatever their page sizes', async () => {
    const aliases = Array.from({ length: 41 }, (_, i) => `s${i}: stimuli(first: 1) { totalCount }`).join(' ');
    const r = await s.gql(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', expensiveFields: 41, limit: 40 });
  });

  it('refuses a response past the byte cap with RESPONSE_TOO_LARGE, not a 200 of megabytes', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `e${i}: encoding(first: 100) { nodes { subject roi layer family testKind reading r scores provenanceKey: r } }`).join(' ');
    const r = await s.gql(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 256 * 1024 });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('lets every figure operation of schema/operations through the limits', async () => {
    for (const [name, query] of Object.entries(operations())) {
      const r = await s.gql(query, name === 'browseLayer' ? { layer: 'conv1' } : name === 'browseRoi' ? { subject: 'S01', roi: 'V1' } : {});
      const codes = (r.body.errors ?? []).map((e) => e.extensions?.code);
      expect(codes.filter((c) => /QUERY_TOO|RESPONSE_TOO/.test(String(c))), name).toEqual([]);
    }
  });

  it('answers the standard introspection query (depth 15) and still bounds introspection depth', async () => {
    const r = await s.gql(getIntrospectionQuery());
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.__schema.queryType.name).toBe('Query');
    const deep = `{ __schema { types { ${'fields { type { '.repeat(12)}name${' } }'.repeat(12)} } } }`;
    const refused = await s.gql(deep);
    expect(refused.body.errors![0]!.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(refused.body.errors![0]!.message).toMatch(/introspection depth \d+ exceeds the limit of 20/);
    // Data fields keep their own limit of 10.
    const data = await s.gql('{ subjects { rois { subject } } }');
    expect(data.body.errors).toBeUndefined();
  });
});

describe('an estimator that fails', () => {
  it('refuses the query with QUERY_COST_UNKNOWN instead of skipping the check', async () => {
    let resolved = 0;
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: { broken: { type: GraphQLString, extensions: { complexity: () => { throw new Error('estimator bug'); } }, resolve: () => { resolved++; return 'x'; } } },
      }),
    });
    const apollo = new ApolloServer({ schema, plugins: [complexityLimit(schema)] });
    const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ broken }' }) });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('QUERY_COST_UNKNOWN');
      expect(body.errors[0]!.message).toContain('estimator bug');
      expect(resolved).toBe(0);
    } finally {
      await apollo.stop();
    }
  });
});

describe('bounded memory under distinct argument values (test double study)', () => {
  it('keeps the study memo and the response cache within their byte bounds under 1,500 distinct filter values', async () => {
    const s = await start({ study: new FakeStudy(), studyMemoBytes: 50_000, responseCacheBytes: 100_000 });
    try {
      for (let i = 0; i < 1500; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => s.gql(`{ stimuli(group: "g${i + j}") { totalCount } }`)));
      }
      const held = s.server.cacheBytes();
      expect(held.study).toBeGreaterThan(0);
      expect(held.study).toBeLessThanOrEqual(50_000);
      expect(held.responses).toBeGreaterThan(0);
      expect(held.responses).toBeLessThanOrEqual(100_000);
      // Still correct after evictions.
      expect((await s.gql('{ stimuli(group: "dogs") { totalCount } }')).body.data!.stimuli.totalCount).toBe(6);
    } finally {
      await s.close();
    }
  }, 60_000);
});
