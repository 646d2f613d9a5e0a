/**
 * GraphQL `claims` against the real ci-small study (the warm store of the global setup, ARSA_API_TEST_DATA): every
 * claim of the registry comes back with its status, the numbers it used and the paper's; the headline counts are
 * recomputed here from the study's own records; another study id is refused with the served one.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_IDS } from '../../server/src/analysis/claims/registry.js';
import { loadConfig } from '../../server/src/config/config.js';
import { studyClaims } from '../../server/src/study/claims-service.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';
import { start, type Running } from './harness.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });

const QUERY = `query($study: ID, $family: EncodingFamily) {
  claims(study: $study, encodingFamily: $family) {
    study network dissimilarity comparison draws encodingFamily encodingReading holds fails notComputable
    claims { id section where statement test status detail used { name value total note } paper { name value total note } }
  }
}`;

describe('GraphQL claims on the ci-small study', () => {
  let study: PipelineStudyService;
  let s: Running;
  beforeAll(async () => {
    study = await createStudyService(config);
    s = await start({ study });
  }, 600_000);
  afterAll(async () => {
    await s?.close();
    await study?.close();
  });

  it('returns every claim with its status, the numbers used and the paper\'s, agreeing with the service', async () => {
    const r = await s.gql(QUERY);
    expect(r.body.errors).toBeUndefined();
    const set = r.body.data!.claims;
    expect(set).toMatchObject({ study: 'ci-small', network: 'mobilenet_v1_025', dissimilarity: 'one_minus_spearman', comparison: 'spearman', draws: 100, encodingFamily: 'ROMP', encodingReading: 'ACROSS_IMAGES' });
    expect(set.claims.map((c: { id: string }) => c.id)).toEqual(CLAIM_IDS);
    expect(set.holds + set.fails + set.notComputable).toBe(CLAIM_IDS.length);
    for (const c of set.claims) {
      expect(['HOLDS', 'FAILS', 'NOT_COMPUTABLE'], c.id).toContain(c.status);
      expect(c.paper.length, c.id).toBeGreaterThan(0);
      // the study has brain data, layers 1..8, an output layer and encoding models: everything is computable
      expect(c.status, `${c.id}: ${c.detail}`).not.toBe('NOT_COMPUTABLE');
      expect(c.used.length, c.id).toBeGreaterThan(0);
    }
    const direct = await studyClaims(study);
    expect(set.claims.map((c: { status: string }) => c.status.toLowerCase())).toEqual(direct.claims.map((c) => c.status));
  });

  it('headline counts equal counts recomputed from the study\'s records', async () => {
    const set = (await s.gql(QUERY)).body.data!.claims;
    const byId = (id: string) => set.claims.find((c: { id: string }) => c.id === id);
    const diffs = (await study.differences()).filter((d) => d.source.kind === 'roi');
    expect(diffs.length).toBe(10);
    expect(byId('brain_ai_above_an').used[0]).toMatchObject({ value: diffs.filter((d) => d.value > 0 && d.p < 0.05).length, total: 10 });
    expect(byId('brain_ai_above_an').paper[0]).toMatchObject({ value: 15, total: 15 });
    const ai = (await study.encoding({ family: 'ROMP', reading: 'ACROSS_IMAGES', testKind: 'AI' }));
    expect(byId('encoding_generalises_to_ai').used[0]).toMatchObject({ value: ai.filter((m) => m.r > 0 && m.p < 0.05).length, total: ai.length });
    expect(byId('encoding_generalises_to_ai').paper[0]).toMatchObject({ value: 113, total: 120 });
    const trend = (await study.trends()).find((t) => t.pair === 'RE_AN')!;
    expect(byId('cnn_an_increases').used[0].value).toBeCloseTo(trend.p, 12);
    expect(byId('cnn_an_increases').status).toBe(trend.p < 0.05 && trend.s > 0 ? 'HOLDS' : 'FAILS');
  });

  it('evaluates the encoding claims on the family asked for', async () => {
    const set = (await s.gql(QUERY, { family: 'RIDGE' })).body.data!.claims;
    expect(set.encodingFamily).toBe('RIDGE');
    expect(set.claims.find((c: { id: string }) => c.id === 'encoding_not_to_an').used[0].name).toMatch(/RIDGE/);
  });

  it('accepts the served study id and refuses another, naming the served one', async () => {
    expect((await s.gql(QUERY, { study: 'ci-small' })).body.errors).toBeUndefined();
    const err = (await s.gql(QUERY, { study: 'zhang2021' })).body.errors?.[0];
    expect(err?.extensions?.code).toBe('UNKNOWN_STUDY');
    expect(err?.message).toBe("unknown study 'zhang2021'; valid: ci-small");
  });
  it('exports the claims as a labelled table (/export/claims.csv and .json), row for row the API\'s', async () => {
    const set = (await s.gql(QUERY)).body.data!.claims;
    const json = (await (await s.get('/export/claims.json')).json()) as { metadata: Record<string, unknown>; columns: string[]; rows: unknown[][] };
    expect(json.metadata).toMatchObject({ export: 'claims', study: 'ci-small', rows: CLAIM_IDS.length });
    const col = (name: string) => json.columns.indexOf(name);
    expect(json.rows.map((r) => r[col('id')])).toEqual(CLAIM_IDS);
    for (const [i, c] of (set.claims as { id: string; status: string; used: { value: number | null; total?: number | null }[]; paper: { value: number | null }[] }[]).entries()) {
      const row = json.rows[i]!;
      expect(row[col('status')], c.id).toBe(c.status.toLowerCase());
      expect(row[col('here')], c.id).toBe(c.used[0]!.value);
      expect(row[col('paper')], c.id).toBe(c.paper[0]!.value);
      expect(row[col('draws')], c.id).toBe(100);
      expect(String(row[col('used')]), c.id).toContain(`=`);
    }
    const csv = await (await s.get('/export/claims.csv')).text();
    expect(csv).toContain('# export: claims');
    const lines = csv.trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(lines[0]).toBe(json.columns.join(','));
    expect(lines).toHaveLength(1 + CLAIM_IDS.length);
  });
});
