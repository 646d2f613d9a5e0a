/**
 * Issue 12 items 9, 10, 12, 14 over HTTP (test double study): misspelt download parameters refused with the valid
 * ones, subset file names, labels with each download, the simulated flag on each result, the Subject.rois filter,
 * rdmSet(rows:) beside the deprecated stimuli argument.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStudy } from './fake-study.js';
import { start, type Running } from './harness.js';

describe('download edges (test double study)', () => {
  let s: Running;
  beforeAll(async () => { s = await start({ study: new FakeStudy() }); });
  afterAll(async () => { await s.close(); });

  it.each(['kind=AI', 'stimulus=0:2', 'column=0:2'])('refuses the unknown parameter ?%s with 400 naming the valid ones', async (q) => {
    const res = await s.get(`/arrays/activations/conv1/RE.npy?${q}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_USER_INPUT');
    expect(body.error.message).toContain(`'${q.split('=')[0]}'`);
    expect(body.error.message).toContain('valid: stimuli, columns');
  });

  it('refuses parameters on exports and images, which take none', async () => {
    expect((await s.get('/export/power.csv?format=json')).status).toBe(400);
    const ids = (await s.gql('{ stimuli(first: 1) { nodes { id } } }')).body.data!.stimuli.nodes as { id: string }[];
    expect((await s.get(`/stimuli/${ids[0]!.id}.png?size=2`)).status).toBe(400);
  });

  it('names a subset download as a subset, the whole array plainly', async () => {
    const whole = await s.get('/arrays/responses/S01/V2.npy');
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="responses_S01_V2.npy"');
    const part = await s.get('/arrays/responses/S01/V2.npy?stimuli=1:3&columns=0:2');
    expect(part.status).toBe(200);
    expect(part.headers.get('content-disposition')).toBe('attachment; filename="responses_S01_V2.subset_stimuli-1-3_columns-0-2.npy"');
  });

  it('labels a download: stimulus ids of the rows, vertex ids of the columns, study and simulated flag', async () => {
    const r = await s.gql('{ rois(subject: "S01", roi: V2, hemisphere: LH) { responses(stimuli: "1:3") { shape labels { rows columns study simulated studyProvenanceKey } } } }');
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!.rois[0].responses;
    expect(d.labels.rows).toHaveLength(d.shape[1]);
    expect(d.labels.columns).toHaveLength(d.shape[2]);
    const csv = (await (await s.get('/arrays/responses/S01/V2.csv?stimuli=1:3')).text()).trim().split('\n');
    expect(csv[0]!.split(',').slice(1)).toEqual(d.labels.columns);
    expect(csv[1]!.split(',')[0]).toBe(`t0/${d.labels.rows[0]}`);
    expect(d.labels).toMatchObject({ study: 'fake', simulated: true });
    expect(d.labels.studyProvenanceKey).toMatch(/\w/);
    const side = await s.gql('{ rois(subject: "S01", roi: V2, hemisphere: LH) { responses(stimuli: "1:3") { labelsUrl } } }');
    const url = side.body.data!.rois[0].responses.labelsUrl as string;
    expect(url).toBe('/arrays/responses/S01/V2.labels.json?stimuli=1:3');
    expect(await (await s.get(url)).json()).toEqual(d.labels);
    expect((await s.get('/arrays/responses/S01/V2.labels.json?stimulus=1:3')).status).toBe(400);
    const act = await s.gql('{ layer(name: "conv1") { activations(stimulusKind: AN) { labels { rows columns simulated } } } }');
    expect(act.body.data!.layer.activations.labels.simulated).toBe(false);
    expect(act.body.data!.layer.activations.labels.rows[0]).toMatch(/^AN-/);
  });

  it('carries the simulated flag of its source on Similarity, Difference, Rdm and EncodingResult', async () => {
    const r = await s.gql(`{
      layerSims: similarities(sourceKind: LAYER, first: 500) { nodes { simulated } }
      roiSims: similarities(sourceKind: ROI, first: 500) { nodes { simulated } }
      encoding(first: 5) { nodes { simulated } }
      rdms(sourceKind: ROI, first: 5) { nodes { simulated } }
    }`);
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.layerSims.nodes.every((n: { simulated: boolean }) => n.simulated === false)).toBe(true);
    expect(d.roiSims.nodes.every((n: { simulated: boolean }) => n.simulated === true)).toBe(true);
    expect(d.encoding.nodes[0].simulated).toBe(true);
    expect(d.rdms.nodes[0].simulated).toBe(true);
    const json = (await (await s.get('/export/similarities.json')).json()) as { metadata: { simulated: unknown }; columns: string[]; rows: unknown[][] };
    expect(json.metadata.simulated).toBe(true);
    const col = json.columns.indexOf('simulated');
    expect(col).toBeGreaterThan(0);
    expect(new Set(json.rows.map((row) => typeof row[col]))).toEqual(new Set(['boolean']));
  });

  it('filters Subject.rois by ROI and hemisphere', async () => {
    const r = await s.gql('{ subject(id: "S01") { all: rois { roi } v2: rois(roi: V2) { roi hemisphere } lh: rois(roi: V2, hemisphere: LH) { roi hemisphere } } }');
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!.subject;
    expect(d.all.length).toBeGreaterThan(2);
    expect(d.v2).toEqual([{ roi: 'V2', hemisphere: 'LH' }, { roi: 'V2', hemisphere: 'RH' }]);
    expect(d.lh).toEqual([{ roi: 'V2', hemisphere: 'LH' }]);
  });

  it('selects RDM rows with rows:, the deprecated stimuli: giving the same', async () => {
    const r = await s.gql('{ study { a: rdmSet(sourceKind: LAYER, rows: "0:2") { url shape } b: rdmSet(sourceKind: LAYER, stimuli: "0:2") { url shape } } }');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.study.a).toEqual(r.body.data!.study.b);
    expect(r.body.data!.study.a.shape[0]).toBe(2);
    const bad = await s.gql('{ study { rdmSet(sourceKind: LAYER, rows: "0:2", stimuli: "0:1") { url } } }');
    expect(bad.body.errors?.[0]?.message).toMatch(/rows or the deprecated stimuli/);
  });

  it('exposes the selected vertices of each ROI with their reliability (item 11)', async () => {
    const r = await s.gql('{ rois(subject: "S01", roi: V2, hemisphere: LH) { nSelected selectedVertices { id roi hemisphere x y reliability selected } } }');
    expect(r.body.errors).toBeUndefined();
    const roi = r.body.data!.rois[0];
    expect(roi.selectedVertices).toHaveLength(roi.nSelected);
    expect(roi.selectedVertices[0]).toEqual({ id: 'LH-V2-0', roi: 'V2', hemisphere: 'LH', x: 0, y: 0, reliability: 0.5, selected: true });
    const csv = (await (await s.get('/export/vertices.csv')).text()).split('\n').filter((l) => l && !l.startsWith('#'));
    expect(csv[0]).toBe('subject,vertex_id,roi,hemisphere,x,y,reliability,selected,simulated,provenance_key');
    expect(csv.filter((l) => l.includes(',true,')).length).toBeGreaterThan(0);
  });
});
