/**
 * The convention grid on the real ci-small study (warm store of the global setup, ARSA_API_TEST_DATA): a 2-cell
 * grid (the study's own 1 - Spearman and 1 - Pearson, both with Spearman comparison). The study-convention cell
 * is the study (same keys); the other cell computes only its statistics and reads every upstream artifact of the
 * study by key; GraphQL `grid` serves claims and Fig. 5 per cell without computing; `seed --grid` refuses unknown
 * methods before opening a store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seed from '../../server/src/cli/commands/seed.js';
import { loadConfig, type Config } from '../../server/src/config/config.js';
import { openStore } from '../../server/src/store/open.js';
import type { ArtifactStore, NewArtifact } from '../../server/src/store/types.js';
import { gridSpec } from '../../server/src/study/grid.js';
import { GridService } from '../../server/src/study/grid-service.js';
import { topologicalOrder } from '../../server/src/study/stage.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';
import { start, type Running } from './harness.js';

const SHARED = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
// This file deletes and recomputes a grid cell: it works on its own copy of the shared warm store (SQLite's backup,
// consistent while others read), so the browser tests that draw the grid from the shared store in parallel never
// see a cell vanish between their build and their check.
const DATA = mkdtempSync(join(tmpdir(), 'arsa-grid-test-'));
await new Database(join(SHARED, 'store.sqlite'), { readonly: true }).backup(join(DATA, 'store.sqlite'));
const config: Config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const SPEC = gridSpec({ dissimilarities: ['one_minus_spearman', 'one_minus_pearson'], comparisons: ['spearman'] });
const CELL_KINDS = ['similarity.layer', 'similarity.roi', 'trends', 'power'];

function counting(store: ArtifactStore): { store: ArtifactStore; puts: NewArtifact[] } {
  const puts: NewArtifact[] = [];
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'put') return (e: NewArtifact) => { puts.push(e); return store.put(e); };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { puts, store: proxy };
}

async function runSeed(values: Record<string, string | boolean | string[]>, cfg: Config = config): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await seed.run({ values, positionals: [], config: cfg, stdout, stderr: new PassThrough() });
  return { code, out };
}

describe('convention grid on the ci-small study', () => {
  let counted: { store: ArtifactStore; puts: NewArtifact[] };
  let study: PipelineStudyService;
  let grid: GridService;
  let s: Running;
  beforeAll(async () => {
    counted = counting(openStore(config));
    study = await createStudyService(config, { store: counted.store });
    grid = new GridService(study);
    s = await start({ study });
  }, 600_000);
  afterAll(async () => {
    await s?.close();
    await study?.close();
    await counted?.store.close();
    rmSync(DATA, { recursive: true, force: true });
  });

  it('the study-convention cell has exactly the study\'s keys', () => {
    const [own, other] = grid.cells(SPEC);
    expect(own!.studyConvention).toBe(true);
    expect(other!.studyConvention).toBe(false);
    const k = (st: Parameters<typeof study.engine.keyOf>[0]) => study.engine.keyOf(st);
    for (const [layer, st] of own!.layerSimilarities) expect(k(st), layer).toBe(k(study.pipeline.layerSimilarities.get(layer)!));
    own!.roiSimilarities.forEach((st, i) => expect(k(st)).toBe(k(study.pipeline.roiSimilarities[i]!)));
    expect(k(own!.trends)).toBe(k(study.pipeline.trends));
    expect(k(own!.power)).toBe(k(study.pipeline.power));
    for (const st of other!.stages) expect(study.pipeline.groups.similarity.map(k).concat(k(study.pipeline.power))).not.toContain(k(st));
  });

  it('computes a 2-cell grid: only the new cell\'s statistics, every upstream artifact read by the study\'s key', async () => {
    const other = grid.cells(SPEC)[1]!;
    // make the cell cold (a warm store from an earlier run holds it), so that this run really computes it
    for (const st of other.stages) await counted.store.delete(study.engine.keyOf(st));
    expect(await grid.computed(other)).toBe(false);
    counted.puts.length = 0;
    const r = await grid.compute(SPEC);
    expect(r.computed).toBe(other.stages.length);
    expect(counted.puts.map((p) => p.kind).sort()).toEqual(other.stages.map((st) => st.kind).sort());
    for (const kind of counted.puts.map((p) => p.kind)) expect(CELL_KINDS).toContain(kind);
    expect(await grid.computed(other)).toBe(true);
    // every stage upstream of the cell is one of the study's own (activations, brain, selections)
    const studyKeys = new Set(topologicalOrder(Object.values(study.pipeline.groups).flat()).map((st) => study.engine.keyOf(st)));
    const cellKeys = new Set(other.stages.map((st) => study.engine.keyOf(st)));
    for (const st of topologicalOrder([...other.stages])) {
      const key = study.engine.keyOf(st);
      if (!cellKeys.has(key)) expect(studyKeys.has(key), st.label).toBe(true);
    }
    const info = await counted.store.describe(study.engine.keyOf(other.layerSimilarities.get(study.pipeline.layers[0]!.name)!));
    expect(info!.inputs).toEqual([study.engine.keyOf(study.pipeline.activations.get(study.pipeline.layers[0]!.name)!)]);
  }, 600_000);

  it('GraphQL grid serves claims and Fig. 5 per computed cell, the study cell equal to the study\'s own', async () => {
    const q = `query($d: [RdmDissimilarity!], $c: [RdmComparison!]) { grid(dissimilarities: $d, comparisons: $c) {
      study dissimilarities comparisons
      cells { dissimilarity comparison draws studyConvention computed
        claims { dissimilarity comparison draws claims { id status used { name value total } } }
        fig5 { layer ordinal reAn { value rdmMethod comparison null { draws } provenance { producedBy } } reAi { value } difference { value ciLow ciHigh p } }
        trends { pair p } } } }`;
    const r = await s.gql(q, { d: ['ONE_MINUS_SPEARMAN', 'ONE_MINUS_PEARSON'], c: ['SPEARMAN'] });
    expect(r.body.errors).toBeUndefined();
    const g = r.body.data!.grid;
    expect(g).toMatchObject({ study: 'ci-small', dissimilarities: ['ONE_MINUS_SPEARMAN', 'ONE_MINUS_PEARSON'], comparisons: ['SPEARMAN'] });
    expect(g.cells).toHaveLength(2);
    const [own, other] = g.cells;
    expect(own).toMatchObject({ dissimilarity: 'ONE_MINUS_SPEARMAN', comparison: 'SPEARMAN', draws: 100, studyConvention: true, computed: true });
    expect(other).toMatchObject({ dissimilarity: 'ONE_MINUS_PEARSON', studyConvention: false, computed: true });
    const served = (await s.gql('{ claims { claims { id status used { name value total } } } }')).body.data!.claims.claims;
    // searchlight maps are not part of a cell: that claim is not computable there, every other one is the study's
    const SEARCHLIGHT = 'searchlight_ai_above_an';
    expect(own.claims.claims.filter((c: { id: string }) => c.id !== SEARCHLIGHT)).toEqual(served.filter((c: { id: string }) => c.id !== SEARCHLIGHT));
    expect(served.find((c: { id: string }) => c.id === SEARCHLIGHT).status).not.toBe('NOT_COMPUTABLE');
    for (const cell of [own, other]) expect(cell.claims.claims.find((c: { id: string }) => c.id === SEARCHLIGHT).status).toBe('NOT_COMPUTABLE');
    expect(other.claims).toMatchObject({ dissimilarity: 'one_minus_pearson', comparison: 'spearman', draws: 100 });
    expect(other.claims.claims).toHaveLength(served.length);
    const layers = await study.layers();
    expect(own.fig5.map((p: { layer: string }) => p.layer)).toEqual(layers.map((l) => l.name));
    const sims = await study.similarities({ sourceKind: 'layer', pair: 'RE_AN' });
    for (const p of own.fig5) expect(p.reAn.value).toBe(sims.find((x) => x.source.kind === 'layer' && x.source.layer === p.layer)!.value);
    for (const p of other.fig5) {
      expect(p.reAn).toMatchObject({ rdmMethod: 'one_minus_pearson', comparison: 'spearman', null: { draws: 100 }, provenance: { producedBy: 'similarity.layer' } });
      expect(Number.isFinite(p.reAi.value)).toBe(true);
      expect(p.difference.value).toBeCloseTo(p.reAi.value - p.reAn.value, 12);
    }
    expect(other.trends.map((t: { pair: string }) => t.pair)).toEqual(expect.arrayContaining(['RE_AN', 'RE_AI']));
  });

  it('an uncomputed cell reads as not computed, with no claims or figure, and the query computes nothing', async () => {
    counted.puts.length = 0;
    const r = await s.gql('{ grid(dissimilarities: [COSINE], comparisons: [COSINE], draws: 17) { cells { draws studyConvention computed claims { study } fig5 { layer } trends { p } } } }');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.grid.cells).toEqual([{ draws: 17, studyConvention: false, computed: false, claims: null, fig5: null, trends: null }]);
    expect(counted.puts).toEqual([]);
  });

  it('computedDraws lists every draws count with a computed cell, each answered by grid(draws:)', async () => {
    const q = '{ grid(dissimilarities: [ONE_MINUS_SPEARMAN, ONE_MINUS_PEARSON], comparisons: [SPEARMAN]) { computedDraws } none: grid(dissimilarities: [COSINE], comparisons: [COSINE]) { computedDraws } }';
    const before = (await s.gql(q)).body.data!;
    expect(before.grid.computedDraws).toContain(100);
    expect(before.none.computedDraws).toEqual([]);
    // one cell at 10 draws (the least allowed): it appears, and grid(draws: 10) answers it as computed
    const at10 = gridSpec({ dissimilarities: ['one_minus_pearson'], comparisons: ['spearman'], draws: 10 });
    await grid.compute(at10);
    const after = (await s.gql(q)).body.data!;
    expect(after.grid.computedDraws).toEqual([...new Set([10, ...before.grid.computedDraws])].sort((a, b) => a - b));
    expect(after.none.computedDraws).toEqual([]);
    const cells = (await s.gql('{ study(id: "ci-small") { grid(draws: 10, dissimilarities: [ONE_MINUS_SPEARMAN, ONE_MINUS_PEARSON], comparisons: [SPEARMAN]) { computedDraws cells { dissimilarity draws computed } } } }')).body.data!.study.grid;
    expect(cells.computedDraws).toEqual(after.grid.computedDraws);
    expect(cells.cells).toEqual([{ dissimilarity: 'ONE_MINUS_SPEARMAN', draws: 10, computed: false }, { dissimilarity: 'ONE_MINUS_PEARSON', draws: 10, computed: true }]);
  }, 300_000);

  it('refuses another study id, and draws out of bounds', async () => {
    const e = (await s.gql('{ grid(study: "zhang2021") { study } }')).body.errors?.[0];
    expect(e?.extensions?.code).toBe('UNKNOWN_STUDY');
    expect(e?.message).toMatch(/valid: ci-small/);
    expect((await s.gql('{ grid(draws: 3) { study } }')).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('seed --grid prints each cell\'s claims (warm cells: nothing computed); unknown methods are refused before any store is opened', async () => {
    const r = await runSeed({ grid: true, 'grid-dissimilarity': ['one_minus_spearman,one_minus_pearson'], 'grid-comparison': ['spearman'] });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.computed).toBe(0);
    expect(out.grid.map((c: { dissimilarity: string; draws: number }) => [c.dissimilarity, c.draws])).toEqual([['one_minus_spearman', 100], ['one_minus_pearson', 100]]);
    expect(Object.keys(out.grid[0].claims)).toHaveLength(Object.keys(out.grid[1].claims).length);
    const dir = mkdtempSync(join(tmpdir(), 'arsa-grid-'));
    try {
      const cold = { ...config, dataDir: dir, storePath: join(dir, 'store.sqlite') };
      await expect(runSeed({ grid: true, 'grid-comparison': ['spearman', 'kendall'] }, cold)).rejects.toThrow("unknown RDM comparison 'kendall'; valid: spearman, pearson, kendall_tau_a, cosine");
      await expect(runSeed({ grid: true, 'grid-dissimilarity': ['manhattan'] }, cold)).rejects.toThrow("unknown RDM dissimilarity 'manhattan'; valid: one_minus_spearman, one_minus_pearson, euclidean, squared_euclidean_per_channel, cosine");
      await expect(runSeed({ grid: true, 'grid-draws': '5' }, cold)).rejects.toThrow(/grid draws 5 must be an integer from 10/);
      await expect(runSeed({ 'grid-draws': '50' }, cold)).rejects.toThrow('--grid-draws needs --grid');
      await expect(runSeed({ grid: true, only: ['stimuli'] }, cold)).rejects.toThrow(/does not combine with --only/);
      expect(existsSync(cold.storePath)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
