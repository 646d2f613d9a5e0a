import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start, type Running } from './harness.js';

describe('cursor pagination, DataLoader batching and single flight (test double study)', () => {
  let s: Running;
  const study = new FakeStudy();
  beforeAll(async () => { s = await start({ study }); });
  afterAll(async () => { await s.close(); });

  it('walks every encoding row in pages with cursors, without gaps or repeats', async () => {
    const q = 'query($after: String) { encoding(first: 7, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { subject roi layer family testKind reading } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r = await s.gql(q, { after });
      const c = r.body.data!.encoding;
      expect(c.totalCount).toBe(144);
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...c.edges.map((e: { node: Record<string, string> }) => Object.values(e.node).join('/')));
      pages++;
      if (!c.pageInfo.hasNextPage) break;
      expect(c.pageInfo.endCursor).toBe(c.edges.at(-1).cursor);
      after = c.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(144 / 7));
    expect(new Set(seen).size).toBe(144);
  });

  it('filters by subject, ROI, layer, kind and method', async () => {
    const r = await s.gql('{ encoding(subject: "S02", roi: V1, layer: "fc8", testKind: AN, reading: ACROSS_IMAGES) { totalCount nodes { subject roi layer testKind r } } similarities(sourceKind: ROI, subject: "S01", pair: RE_AI, method: "correlation") { totalCount } rdms(sourceKind: LAYER, layer: "conv2", stimulusKind: AI) { nodes { stimulusIds size vector } } stimuli(kind: AN, group: "cars") { totalCount } }');
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.encoding.totalCount).toBe(2); // ROMP and RIDGE
    expect(d.encoding.nodes.every((n: { subject: string; roi: string; layer: string }) => n.subject === 'S02' && n.roi === 'V1' && n.layer === 'fc8')).toBe(true);
    expect(d.similarities.totalCount).toBe(2);
    expect(d.rdms.nodes).toEqual([{ stimulusIds: ['AI-n001', 'AI-n002', 'AI-n003', 'AI-n004'], size: 4, vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] }]);
    expect(d.stimuli.totalCount).toBe(2);
  });

  it('resolves every provenance of a page in one batched StudyService.provenance call', async () => {
    const before = study.provenanceBatches.length;
    const r = await s.gql('{ encoding(first: 144) { nodes { provenance { key producedBy } } } }');
    expect(r.body.data!.encoding.nodes).toHaveLength(144);
    const batches = study.provenanceBatches.slice(before);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(144);
  });

  it('computes once for 50 parallel identical cold requests', async () => {
    const cold = new FakeStudy();
    cold.delayMs = 50;
    // 70 clients at once, each on its own connection (no keep-alive reuse here): above the default per-IP limit
    // of 64, which this test is not about (hostile-http.test.ts tests that limit).
    const c = await start({ study: cold, maxConnectionsPerIp: 1000 });
    try {
      const q = '{ similarities(sourceKind: LAYER, pair: RE_AN) { nodes { value provenance { key } } } }';
      const all = await Promise.all(Array.from({ length: 50 }, () => c.gql(q)));
      for (const r of all) expect(r.body).toEqual(all[0]!.body);
      expect(all[0]!.body.data!.similarities.nodes).toHaveLength(3);
      expect(cold.calls.similarities).toBe(1);
      const arrays = await Promise.all(Array.from({ length: 20 }, () => c.get('/arrays/activations/conv1/RE.csv?columns=0:2').then((x) => x.text())));
      expect(new Set(arrays).size).toBe(1);
      expect(cold.calls.readArray).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('drops its caches after an admin recompute, so new results are served', async () => {
    const st = new FakeStudy();
    const a = await start({ study: st, adminToken: 't0ken' });
    try {
      await a.gql('{ power { roi } }');
      await a.gql('{ power { roi } }');
      expect(st.calls.power).toBe(1);
      await a.gql('mutation { recompute { state } }', {}, { authorization: 'Bearer t0ken' });
      await a.gql('{ power { roi } }');
      expect(st.calls.power).toBe(2);
      expect(st.calls.precompute).toBe(1);
    } finally {
      await a.close();
    }
  });
});
