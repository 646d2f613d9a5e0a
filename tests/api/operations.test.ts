import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy, LAYERS, SUBJECTS } from './fake-study.js';
import { operations, start, studyVariables, type Running } from './harness.js';

/** Variables for operations with required arguments. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  browseRoi: { subject: SUBJECTS[0], roi: 'V1' },
  browseLayer: { name: LAYERS[0] },
  StudyBrowseRoi: { subject: SUBJECTS[0], roi: 'V1' },
  StudyBrowseLayer: { name: LAYERS[0] },
};

describe('operations of schema/operations over HTTP (test double study)', () => {
  let s: Running;
  const study = new FakeStudy();
  beforeAll(async () => { s = await start({ study }); });
  afterAll(async () => { await s.close(); });

  it.each(Object.keys(operations()))('%s runs without errors and returns data', async (name) => {
    const q = operations()[name]!;
    const r = await s.gql(q, { ...studyVariables(q, (await study.summary()).id), ...VARIABLES[name] });
    expect(r.body.errors, JSON.stringify(r.body.errors)).toBeUndefined();
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data ?? {}).length).toBeGreaterThan(0);
    for (const v of Object.values(r.body.data!)) expect(v).not.toBeNull();
  });

  it('fig5Layers returns every layer x pair with provenance', async () => {
    const r = await s.gql(operations().fig5Layers!);
    const nodes = r.body.data!.similarities.nodes as { source: { layer: string }; pair: string; provenance: { key: string; producedBy: string } }[];
    expect(nodes).toHaveLength(LAYERS.length * 2);
    expect(new Set(nodes.map((n) => n.source.layer))).toEqual(new Set(LAYERS));
    expect(nodes[0]!.provenance.producedBy).toBe('sim');
    expect(r.body.data!.trends).toHaveLength(2);
  });

  it('browseLayer describes activation downloads that the server then serves byte for byte', async () => {
    const r = await s.gql(operations().browseLayer!, { name: 'conv2' });
    const re = r.body.data!.layer.re as { url: string; shape: number[]; contentLength: number; sha256: string };
    expect(re.shape).toEqual([4, 4]);
    const file = await s.get(re.url);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.byteLength).toBe(re.contentLength);
    expect(file.headers.get('x-content-sha256')).toBe(re.sha256);
  });
});
