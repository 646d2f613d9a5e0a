/**
 * Large stages split into jobs merge exactly (issue 15): a layer's similarity computed as blocks of draws and then
 * merged, and a layer's encoding models computed per subject x ROI and then merged, are stored under the unsplit
 * stage's key with the unsplit artifact's bytes (every part's sha256), whatever the block size. Runs in process
 * on a copy of the global setup's embedded ci-small store, the whole artifacts deleted first.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { analysedLayers } from '../../server/src/domain/layer-role.js';
import { pipelineSplits } from '../../server/src/study/pipeline/split-stages.js';
import type { AnyStage } from '../../server/src/study/stage.js';
import { createStudyService, type PipelineStudyService } from '../../server/src/study/study-service.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');

let dir: string;
let store: SqliteArtifactStore;
let svc: PipelineStudyService;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'arsa-split-'));
  copyFileSync(join(DATA, 'store.sqlite'), join(dir, 'store.sqlite'));
  store = new SqliteArtifactStore(join(dir, 'store.sqlite'));
  svc = await createStudyService(loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1' }, { '--store': join(dir, 'store.sqlite') }), { store });
});
afterAll(async () => {
  await svc?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Deletes the whole stage's artifact, computes it from `blockDraws`-sized blocks, and returns what was stored. */
async function viaBlocks(whole: AnyStage, blockDraws: number): Promise<{ key: string; parts: unknown; blocks: number; computed: boolean }> {
  const split = pipelineSplits(svc.pipeline, svc.deps, { blockDraws }).get(whole)!;
  expect(split, `${whole.label} has a split`).toBeDefined();
  const key = svc.engine.keyOf(whole);
  await store.delete(key);
  const r = await svc.engine.resolve(split.merged(async (b) => (await svc.engine.resolve(b)).payload));
  for (const b of split.blocks) await store.delete(svc.engine.keyOf(b));
  return { key: r.key, parts: r.info.parts, blocks: split.blocks.length, computed: r.computed };
}

describe('split stages', () => {
  it('a layer similarity merged from blocks of draws equals the unsplit artifact, key and bytes, for any block size', async () => {
    const layer = analysedLayers(svc.pipeline.layers)[1]!.name;
    const whole = svc.pipeline.layerSimilarities.get(layer)!;
    const want = await store.describe(svc.engine.keyOf(whole));
    expect(want, 'the embedded run stored it').toBeDefined();
    for (const blockDraws of [30, 7]) {
      const got = await viaBlocks(whole, blockDraws);
      expect(got.computed).toBe(true);
      expect(got.blocks).toBe(Math.ceil(svc.pipeline.study.analysis.draws / blockDraws));
      expect(got.key).toBe(want!.key);
      expect(got.parts).toEqual(want!.parts);
    }
  });

  it('a layer encoding merged from one job per subject x ROI equals the unsplit artifact', async () => {
    const [layer, whole] = [...svc.pipeline.encodings][0]!;
    const want = await store.describe(svc.engine.keyOf(whole));
    expect(want, `the embedded run stored encoding ${layer}`).toBeDefined();
    const got = await viaBlocks(whole, 1000);
    expect(got.blocks).toBe(svc.pipeline.nSubjects * 5);
    expect(got.key).toBe(want!.key);
    expect(got.parts).toEqual(want!.parts);
  });

  it('a study whose draws fit one block does not split its similarity; a bad block size is refused', () => {
    const splits = pipelineSplits(svc.pipeline, svc.deps, { blockDraws: svc.pipeline.study.analysis.draws });
    expect([...svc.pipeline.layerSimilarities.values()].some((s) => splits.has(s))).toBe(false);
    expect(() => pipelineSplits(svc.pipeline, svc.deps, { blockDraws: 0 })).toThrow(/draws per block must be a positive integer, got '0'/);
  });
});
