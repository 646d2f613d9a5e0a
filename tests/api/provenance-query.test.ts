import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start, type Running } from './harness.js';

/** The site's footers say every store key is "resolvable with the provenance query": this is that query. */
describe('provenance(key:) query', () => {
  let s: Running;
  const study = new FakeStudy();
  beforeAll(async () => { s = await start({ study }); });
  afterAll(async () => { await s.close(); });

  it('resolves a record\'s provenance key to the same provenance the record carries', async () => {
    const r = await s.gql('{ study { provenance { key producedBy codeVersion network } } }');
    expect(r.body.errors).toBeUndefined();
    const own = r.body.data!.study.provenance as { key: string };
    const q = await s.gql('query($k: String!) { provenance(key: $k) { key producedBy codeVersion network } }', { k: own.key });
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data!.provenance).toEqual(own);
  });

  it('answers null, without an error, for a key the store does not hold', async () => {
    const q = await s.gql('{ provenance(key: "no-such-key") { key } }');
    expect(q.body.errors).toBeUndefined();
    expect(q.body.data).toEqual({ provenance: null });
  });
});
