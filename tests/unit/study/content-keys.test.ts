import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { main } from '../../../server/src/cli/main.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { loadStudy } from '../../../server/src/study/definition/load.js';
import { fileHasher } from '../../../server/src/store/file-hash.js';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';
import { StudyEngine } from '../../../server/src/study/engine.js';
import { domainDeps } from '../../../server/src/study/pipeline/domain.js';
import { specStageOf, stagesOf } from '../../../server/src/study/pipeline/graph.js';
import { planRun } from '../../../server/src/study/plan.js';
import { createStudyService, type PipelineStudyService } from '../../../server/src/study/study-service.js';

/**
 * Issue 16 on the real CI study (seed/ci-small.json, computed by the global setup): the network's key is the
 * content of the files it reads. A copied models directory with an unrelated file and every mtime changed costs
 * nothing; one changed byte of the network's TFLite file re-keys every network-dependent artifact.
 */
const base = loadConfig(process.env);
const tmp = mkdtempSync(join(tmpdir(), 'arsa-content-keys-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function keysOf(svc: PipelineStudyService): Map<string, string> {
  return new Map(stagesOf(svc.pipeline).map((s) => [`${s.kind} ${s.label}`, svc.engine.keyOf(s)] as const));
}

describe('content keys (issue 16)', () => {
  const models = join(tmp, 'models');
  const storePath = join(tmp, 'store.sqlite');

  it('copied models dir, unrelated file, every file touched: a warm start computes nothing; one changed byte re-keys the network', async () => {
    // Plain copy: new mtimes everywhere (what cp -r, a download or a container image does).
    cpSync(base.modelsDir, models, { recursive: true });
    writeFileSync(join(models, 'unrelated_model.tflite'), 'not read by ci-small');
    const later = new Date(Date.now() + 60_000);
    for (const f of readdirSync(models)) utimesSync(join(models, f), later, later);
    copyFileSync(join(process.env.ARSA_API_TEST_DATA!, 'store.sqlite'), storePath);
    const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_MODELS_DIR: models, ARSA_STORE: storePath, ARSA_WORKERS: '1' });
    const study = loadStudy('ci-small', { imagesDir: config.imagesDir });

    const store = new SqliteArtifactStore(storePath);
    try {
      const warm = await createStudyService(config, { store });
      const plan = await planRun(warm.engine, stagesOf(warm.pipeline));
      expect(plan.missing.map((m) => m.label)).toEqual([]);
      expect((await warm.compute()).computed).toBe(0);
      const before = keysOf(warm);
      await warm.close();
      // Only the two files mobilenet_v1_025 reads were re-hashed (new mtimes), not the unrelated one.
      expect(fileHasher(store).hashed).toBe(2);

      // One byte of the network's file (a weight in the middle of the TFLite buffers).
      const file = join(models, 'mobilenet_v1_0.25_128_quant.tflite');
      const bytes = readFileSync(file);
      bytes[bytes.length >> 1]! ^= 1;
      writeFileSync(file, bytes);
      const deps = domainDeps(config, study, undefined, fileHasher(store));
      const specPlan = await planRun(new StudyEngine(new ArtifactCache(store)), [await specStageOf(study, deps, { imagesDir: config.imagesDir })]);
      expect(specPlan.missing).toHaveLength(1);
      expect(specPlan.missing[0]!.reasons.join('; ')).toMatch(/^data 'model' changed: cb273c23ee76\.\.\. -> [0-9a-f]{12}\.\.\.$/);

      // `seed --dry-run` says the same before computing anything but the network spec (it needs the layers).
      const stored = (await store.list()).length;
      const out = new PassThrough();
      let text = '';
      out.on('data', (d) => (text += String(d)));
      const code = await main(['seed', '--dry-run', '--study', 'ci-small', '--models-dir', models, '--store', storePath, '--workers', '1'], { stdout: out as unknown as typeof process.stdout, stderr: new PassThrough() as unknown as typeof process.stderr });
      expect(code).toBe(0);
      const lines = text.trim().split('\n');
      expect(lines[0]).toBe('study ci-small on mobilenet_v1_025: 55 of 57 artifacts would be computed:');
      expect(lines[1]).toMatch(/^  network\.spec 'network' [0-9a-f]{12}: data 'model' changed: cb273c23ee76\.\.\. -> [0-9a-f]{12}\.\.\.; computed now to learn the layers$/);
      // Network stages name the weights checksum that moved.
      expect(lines.find((l) => l.includes("activations 'activations pointwise_1'"))).toMatch(/param 'weightsSha256' cb273c23ee76\.\.\. -> [0-9a-f]{12}\.\.\./);
      expect(JSON.parse(lines[lines.length - 1]!)).toMatchObject({ study: 'ci-small', dryRun: true, wouldCompute: 54, cached: 3, specComputed: true });
      expect((await store.list()).length).toBe(stored + 1);

      const changed = await createStudyService(config, { store, deps, study });
      const after = keysOf(changed);
      await changed.close();
      const same = [...before].filter(([name, key]) => after.get(name) === key).map(([name]) => name);
      // Only the RE photos do not depend on the network (the mean is no target of its own: an input of AN).
      expect(same).toEqual(['stimuli.re stimuli RE']);
      expect(after.size).toBe(before.size);
    } finally {
      await store.close();
    }
  }, 240_000);
});
