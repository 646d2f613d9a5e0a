import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../server/src/core/npy.js';
import { FakeStudy, PNG, sliceArray } from './fake-study.js';
import { start, type Running } from './harness.js';

describe('downloads, exports, images and static files over HTTP (test double study)', () => {
  let s: Running;
  const study = new FakeStudy();
  const site = mkdtempSync(join(tmpdir(), 'arsa-site-'));
  beforeAll(async () => {
    mkdirSync(join(site, 'fig3'));
    writeFileSync(join(site, 'index.html'), '<h1>site</h1>');
    writeFileSync(join(site, 'fig3', 'index.html'), '<h1>fig3</h1>');
    writeFileSync(join(site, 'style.css'), 'body{}');
    s = await start({ study, siteDir: site });
  });
  afterAll(async () => { await s.close(); });

  it('serves whole .npy arrays byte for byte with Content-Length, ETag and the described sha256', async () => {
    const r = await s.gql('{ layer(name: "conv1") { activations(stimulusKind: AN) { url format shape dtype contentLength sha256 } } }');
    const d = r.body.data!.layer.activations;
    expect(d).toMatchObject({ url: '/arrays/activations/conv1/AN.npy', format: 'NPY', shape: [4, 6], dtype: '<f4' });
    const res = await s.get(d.url);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const full = study.full({ kind: 'activations', layer: 'conv1', stimulusKind: 'AN' });
    expect(Buffer.from(bytes).equals(Buffer.from(encodeNpy({ shape: full.shape, data: full.data })))).toBe(true);
    expect(Number(res.headers.get('content-length'))).toBe(d.contentLength);
    expect(res.headers.get('etag')).toBe(`"${d.sha256}"`);
    expect((await s.get(d.url, { 'if-none-match': `"${d.sha256}"` })).status).toBe(304);
  });

  it('serves subsets along the stimulus and column axes with correct shapes and values', async () => {
    const ref = { kind: 'responses' as const, subject: 'S01', roi: 'V2' as const };
    const r = await s.gql('{ rois(subject: "S01", roi: V2, hemisphere: LH) { responses(stimuli: "1:3", columns: "0:2") { url shape contentLength sha256 } } }');
    const d = r.body.data!.rois[0].responses;
    expect(d.url).toBe('/arrays/responses/S01/V2.npy?stimuli=1:3&columns=0:2');
    expect(d.shape).toEqual([2, 2, 2]);
    const res = await s.get(d.url);
    const got = decodeNpy(new Uint8Array(await res.arrayBuffer()));
    const want = sliceArray(study.full(ref), { stimuli: [1, 3], columns: [0, 2] });
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.data)).toEqual(Array.from(want.data));
    expect(res.headers.get('x-content-sha256')).toBe(d.sha256);
  });

  it('serves .csv with row and column ids', async () => {
    const res = await s.get('/arrays/activations/conv2/RE.csv?stimuli=0:2');
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('id,u0,u1,u2,u3');
    expect(lines[1]).toBe('RE-n001,1000,1001,1002,1003');
    expect(lines).toHaveLength(3);
  });

  it('describes RDM sets and stimulus pixels as downloads', async () => {
    const r = await s.gql('{ study { rdmSet(sourceKind: ROI) { url shape } csv: stimulusPixels(kind: AI, format: CSV) { url format shape contentLength sha256 } } }');
    expect(r.body.data!.study.rdmSet).toEqual({ url: '/arrays/rdms/roi.npy', shape: [12, 6] });
    const csv = r.body.data!.study.csv;
    const res = await s.get(csv.url);
    expect((await res.arrayBuffer()).byteLength).toBe(csv.contentLength);
  });

  it('exports whole result sets as CSV with metadata lines and as JSON', async () => {
    const csv = await (await s.get('/export/similarities.csv')).text();
    expect(csv).toContain('# study: fake');
    expect(csv).toContain('# simulated: true');
    const header = csv.split('\n').find((l) => !l.startsWith('#'))!;
    expect(header.split(',')).toContain('provenance_key');
    expect(csv.trim().split('\n').filter((l) => !l.startsWith('#'))).toHaveLength(1 + 7 * 2);
    const json = (await (await s.get('/export/encoding.json')).json()) as { metadata: Record<string, unknown>; columns: string[]; rows: unknown[][] };
    expect(json.metadata.network).toBe('fakenet');
    expect(json.rows).toHaveLength(2 * 2 * 3 * 2 * 3 * 2);
    for (const name of ['differences', 'trends', 'power', 'stimuli']) expect((await s.get(`/export/${name}.csv`)).status).toBe(200);
  });

  it('serves stimulus PNGs and the site with MIME types', async () => {
    const png = await s.get('/stimuli/AN-n002.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    expect(await (await s.get('/')).text()).toBe('<h1>site</h1>');
    expect(await (await s.get('/fig3/')).text()).toBe('<h1>fig3</h1>');
    expect((await s.get('/style.css')).headers.get('content-type')).toContain('text/css');
  });

  it('serves the offline explorer (no external scripts) and the SDL', async () => {
    const page = await (await s.get('/graphql', { accept: 'text/html' })).text();
    expect(page).toContain('fig3Similarity');
    // Scripts only from this server (the GraphiQL bundle), none from another origin.
    for (const src of page.match(/<script[^>]+src="[^"]*"/g) ?? []) expect(src).toMatch(/src="\/graphql\/explorer\//);
    expect(page).not.toMatch(/https?:\/\/(?!localhost)/);
    expect(await (await s.get('/graphql/schema.graphql')).text()).toContain('type Similarity');
  });

  it('answers cacheable GraphQL GETs with Cache-Control, and progress uncached', async () => {
    const q = encodeURIComponent('{ trends { pair } }');
    const res = await s.get(`/graphql?query=${q}`, { 'apollo-require-preflight': 'true' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const p = await s.get(`/graphql?query=${encodeURIComponent('{ progress { state } }')}`, { 'apollo-require-preflight': 'true' });
    expect(p.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a repeated cacheable query from the response cache, never progress or errors', async () => {
    const q = '{ differences(sourceKind: ROI) { totalCount nodes { value } } }';
    const first = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
    const firstBody = await first.text();
    expect(first.headers.get('x-response-cache')).toBeNull();
    const again = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
    expect(again.headers.get('x-response-cache')).toBe('hit');
    expect(await again.text()).toBe(firstBody);
    for (const query of ['{ progress { state } }', '{ layer(name: "nope") { name } }']) {
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        expect(r.headers.get('x-response-cache')).toBeNull();
      }
    }
  });
});
