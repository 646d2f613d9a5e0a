import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { Rng } from '../../../server/src/core/rng.js';
import { writeDataset } from '../../../server/src/brain/export.js';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { parseStudy, type StudyDefinition } from '../../../server/src/study/definition/definition.js';
import { loadStudy, SEED_DIR } from '../../../server/src/study/definition/load.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import type { Hemisphere, RoiName } from '../../../server/src/domain/vocabulary.js';
import { subjectOf, subjectPart, type BrainPayload } from '../../../server/src/study/pipeline/brain-stages.js';
import { stagesOf } from '../../../server/src/study/pipeline/graph.js';
import { pipelineSplits } from '../../../server/src/study/pipeline/split-stages.js';
import { gridCell } from '../../../server/src/study/grid.js';
import { createStudyService, type PipelineStudyService } from '../../../server/src/study/study-service.js';
import { fakeDeps } from './fake-deps.js';

/**
 * A subject has one identity (issue 10 item 5): its id (sim01 for a simulated subject, the dataset's label for an
 * imported one) names it in the per-subject stages' params and labels, the power stage's and the encoding stages'
 * input names, and the brain artifact's part names. Positions are only positions in arrays. The import uses the
 * labels S1, S10, S2 (sorted by name) so that a prefix "S1." must not pick up S10's parts, and the subjects'
 * order is not the order of their sorted names.
 */
const config = loadConfig({}, { '--images-dir': '/nonexistent', '--workers': '1' });
const tmp = mkdtempSync(join(tmpdir(), 'subject-ids-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const simulated = loadStudy('ci-small');
const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;
const IMPORTED_IDS = ['S1', 'S10', 'S2'];

/** A subject with 2 ROIs x 2 hemispheres x 6 vertices of noise, its values distinct per subject. */
function noiseSubject(id: string, stimulusIds: readonly string[]): SubjectData {
  const rng = new Rng(id);
  const ids: string[] = [];
  const roi: RoiName[] = [];
  const hemisphere: Hemisphere[] = [];
  for (const r of ['V1', 'LO'] as const) for (const h of ['LH', 'RH'] as const) for (let v = 0; v < 6; v++) { ids.push(`${r}-${h}-${v}`); roi.push(r); hemisphere.push(h); }
  const betas = Float32Array.from({ length: 2 * stimulusIds.length * ids.length }, () => rng.normal());
  return {
    id, simulated: false, space: 'flat', stimulusIds: [...stimulusIds], nTrials: 2, betas,
    vertices: { ids, roi, hemisphere, x: Float64Array.from(ids, (_, i) => i), y: Float64Array.from(ids, (_, i) => 20 * (i % 2)) }, source: `test:${id}`, params: {},
  };
}

function importedStudy(): { study: StudyDefinition; written: SubjectData[] } {
  const wnids = simulated.images.map((im) => im.wnid);
  const stimuli = ['RE', 'AN', 'AI'].flatMap((k) => wnids.map((w) => `${k}-${w}`));
  const written = IMPORTED_IDS.map((id) => noiseSubject(id, stimuli));
  for (const s of written) writeDataset(join(tmp, 'real', s.id), s);
  const study = parseStudy({ ...raw, brain: { source: 'import', format: 'npy', dir: 'real', subjects: IMPORTED_IDS.length } }, 'ci-small', { baseDir: tmp });
  return { study, written };
}

/** Checks every subject-named thing of a pipeline against `ids`, in the subjects' order. */
function expectSubjectIds(svc: PipelineStudyService, ids: readonly string[]): void {
  const p = svc.pipeline;
  const deps = fakeDeps();
  const perSubject = { selection: p.selections, searchlight: p.searchlights, rdm: p.roiRdms, similarity: p.roiSimilarities };
  for (const [word, stages] of Object.entries(perSubject)) {
    expect(stages.map((s) => s.label)).toEqual(ids.map((id) => `${word} ${id}`));
    expect(stages.map((s) => (s.params as { subject: string }).subject)).toEqual(ids);
  }
  expect(Object.keys(p.power.inputs).sort()).toEqual([...ids].sort());
  ids.forEach((id, i) => expect(p.power.inputs[id]).toBe(p.roiSimilarities[i]));
  const cell = gridCell(p, deps, 'euclidean', 'pearson');
  expect(Object.keys(cell.power.inputs).sort()).toEqual([...ids].sort());
  ids.forEach((id, i) => expect(cell.power.inputs[id]).toBe(cell.roiSimilarities[i]));
  for (const [layer, enc] of p.encodings) {
    expect(Object.keys(enc.inputs).sort()).toEqual(['acts', 'brain', ...ids.map((id) => `selection.${id}`)].sort());
    ids.forEach((id, i) => expect((enc.inputs as Record<string, unknown>)[`selection.${id}`]).toBe(p.selections[i]));
    const blocks = pipelineSplits(p, deps, { blockDraws: 10 }).get(enc)!.blocks;
    expect(blocks.map((b) => b.label)).toEqual(ids.flatMap((id) => ['V1', 'V2', 'V3', 'V4', 'LO'].map((roi) => `encoding ${layer} ${id} ${roi}`)));
  }
  // No stage names a subject by its position any more.
  for (const s of stagesOf(p)) expect(s.label).not.toMatch(/subject \d|\bs\d{3}\b/);
}

function expectPartNames(brain: BrainPayload, ids: readonly string[]): void {
  expect(brain.meta.subjects.map((m) => m.id)).toEqual(ids);
  const names = Object.keys(brain).filter((k) => k !== 'meta');
  expect(names.sort()).toEqual(ids.flatMap((id) => ['betas', 'x', 'y'].map((part) => subjectPart(id, part))).sort());
}

describe('one subject id everywhere', () => {
  it('simulated ci-small: sim01, sim02 in labels, params, input names and brain part names', async () => {
    const svc = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: fakeDeps(), study: simulated });
    expectSubjectIds(svc, ['sim01', 'sim02']);
    const brain = (await svc.engine.resolve(svc.pipeline.brain)).payload as BrainPayload;
    expectPartNames(brain, ['sim01', 'sim02']);
    expect(subjectOf(brain, 1).betas).toBe(brain['sim02.betas']);
  });

  describe('an imported dataset labelled S1, S10, S2', () => {
    let svc: PipelineStudyService;
    let written: SubjectData[];
    beforeAll(async () => {
      const s = importedStudy();
      written = s.written;
      svc = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: fakeDeps(), study: s.study });
    });

    it('names the stages and their inputs by the labels', () => {
      expectSubjectIds(svc, IMPORTED_IDS);
    });

    it('prefixes the brain parts by the labels, and each subject reads back its own data (S1 not S10)', async () => {
      const brain = (await svc.engine.resolve(svc.pipeline.brain)).payload as BrainPayload;
      expectPartNames(brain, IMPORTED_IDS);
      IMPORTED_IDS.forEach((id, i) => {
        const s = subjectOf(brain, i);
        expect(s.meta.id).toBe(id);
        expect(Array.from(s.betas)).toEqual(Array.from(written[i]!.betas));
      });
      // Per-subject results carry the same id as the stage that made them.
      const sims = await svc.similarities({ sourceKind: 'roi' });
      expect([...new Set(sims.map((r) => (r.source.kind === 'roi' ? r.source.subject : '')))]).toEqual(IMPORTED_IDS);
      expect((await svc.power()).every((r) => r.nSubjects === IMPORTED_IDS.length)).toBe(true);
    });
  });

  it('refuses subject ids that cannot prefix parts (a ".", a repeat), naming them, before storing the artifact', async () => {
    const renamed = (ids: string[]) => {
      const deps = fakeDeps();
      return { ...deps, subjects: async (...a: Parameters<typeof deps.subjects>) => (await deps.subjects(...a)).map((s, i) => ({ ...s, id: ids[i]! })) };
    };
    for (const [ids, message] of [[['sim.01', 'sim02'], /subject id 'sim\.01' is not a valid subject id/], [['sim01', 'sim01'], /two subjects have the id 'sim01'/]] as const) {
      const store = new MemoryArtifactStore({ onCorrupt: () => {} });
      const svc = await createStudyService(config, { store, deps: renamed([...ids]), study: simulated });
      await expect(svc.engine.run([svc.pipeline.brain])).rejects.toThrow(message);
      expect(await svc.engine.has(svc.pipeline.brain)).toBe(false);
    }
  });
});
