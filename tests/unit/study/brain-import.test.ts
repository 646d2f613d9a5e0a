import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { isDomainError } from '../../../server/src/core/errors.js';
import { Rng } from '../../../server/src/core/rng.js';
import { writeDataset } from '../../../server/src/brain/export.js';
import { BRAIN_IMPORTERS } from '../../../server/src/brain/import/registry.js';
import type { SubjectData } from '../../../server/src/brain/types.js';
import { BRAIN_IMPORT_FORMATS, parseStudy, type StudyDefinition } from '../../../server/src/study/definition/definition.js';
import { SEED_DIR } from '../../../server/src/study/definition/load.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import type { Hemisphere, RoiName } from '../../../server/src/domain/vocabulary.js';
import type { SimilarityRecord } from '../../../server/src/domain/records.js';
import { subjectOf, type BrainPayload, type SelectionPayload } from '../../../server/src/study/pipeline/brain-stages.js';
import { domainDeps } from '../../../server/src/study/pipeline/domain.js';
import { createStudyService } from '../../../server/src/study/study-service.js';
import { fakeDeps } from './fake-deps.js';

/**
 * Real (non-simulated) brain data through the pipeline: a small NPY dataset with planted structure for the
 * ci-small study (10 RE images), imported by the brain stage, then the real vertex selection and the ROI RDM and
 * similarity stages. The network side is the fake one (fake-deps.ts), which generates every AN and AI image.
 */
const config = loadConfig({}, { '--images-dir': '/nonexistent', '--workers': '1' });
const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;
const rawAnalysis = raw.analysis as Record<string, unknown>;

function importStudy(brain: Record<string, unknown>, baseDir?: string): StudyDefinition {
  // 6 vertices kept per ROI and hemisphere: exactly the planted reliable cluster.
  return parseStudy({ ...raw, analysis: { ...rawAnalysis, verticesPerHemisphere: 6, draws: 40, permutations: 20 }, brain }, 'ci-small', baseDir ? { baseDir } : {});
}

const base = parseStudy(raw, 'ci-small');
const wnids = base.images.map((im) => im.wnid);
const ROIS: RoiName[] = ['V1', 'LO'];
const HEMIS: Hemisphere[] = ['LH', 'RH'];

/**
 * One subject: per ROI x hemisphere a cluster of 6 "signal" vertices (1 mm apart) and, 20 mm away, 6 noise
 * vertices. At signal vertices RE and AI of a source share a pattern, AN has its own; noise vertices are noise.
 * The stimulus axis is shuffled and holds an extra id, so the import must reorder and cut it.
 */
function plantedSubject(id: string, seed: string, drop?: string): SubjectData {
  const rng = new Rng(seed);
  const ids: string[] = [];
  const roi: RoiName[] = [];
  const hemisphere: Hemisphere[] = [];
  const x: number[] = [];
  const y: number[] = [];
  ROIS.forEach((r, ri) => HEMIS.forEach((h) => {
    for (const kind of ['sig', 'noise']) {
      for (let v = 0; v < 6; v++) {
        ids.push(`${r}-${h}-${kind}${v}`); roi.push(r); hemisphere.push(h);
        x.push(ri * 50 + v); y.push(kind === 'sig' ? 0 : 20);
      }
    }
  }));
  const stimuli = ['RE', 'AN', 'AI'].flatMap((k) => wnids.map((w) => `${k}-${w}`)).filter((s) => s !== drop);
  stimuli.push('AI_CONTROL-extra');
  stimuli.reverse();
  const nV = ids.length;
  const nS = stimuli.length;
  const pattern = new Map<string, number[]>();
  const patternOf = (key: string): number[] => {
    if (!pattern.has(key)) pattern.set(key, Array.from({ length: nV }, () => rng.normal()));
    return pattern.get(key)!;
  };
  const betas = new Float32Array(2 * nS * nV);
  for (let t = 0; t < 2; t++) {
    stimuli.forEach((s, i) => {
      const [kind, w] = [s.slice(0, s.indexOf('-')), s.slice(s.indexOf('-') + 1)];
      const sig = patternOf(kind === 'AN' ? `AN-${w}` : `src-${w}`);
      for (let v = 0; v < nV; v++) betas[(t * nS + i) * nV + v] = (ids[v]!.includes('-sig') ? sig[v]! : 0) + 0.3 * rng.normal();
    });
  }
  return {
    id, simulated: false, space: 'flat', stimulusIds: stimuli, nTrials: 2, betas,
    vertices: { ids, roi, hemisphere, x: Float64Array.from(x), y: Float64Array.from(y) }, source: `test:${id}`, params: {},
  };
}

function writeSubjects(root: string, drop?: string): SubjectData[] {
  const subjects = [plantedSubject('S1', 's1', drop), plantedSubject('S2', 's2', drop)];
  for (const s of subjects) writeDataset(join(root, s.id), s);
  return subjects;
}

function serviceDeps(study: StudyDefinition, calls: Record<string, number> = {}) {
  // The network side is fake; the vertex selection is the real one (it must find the planted clusters).
  return { ...fakeDeps(calls), selectVertices: domainDeps(config, study).selectVertices };
}

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string } | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isDomainError(e) ? { code: e.code, message: e.message } : { code: 'not a DomainError', message: String(e) };
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'brain-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('study definition: brain.source import', () => {
  it('parses an import, resolves a relative dir against the study directory, defaults simulated to false', () => {
    const s = importStudy({ source: 'import', format: 'npy', dir: 'data/real', subjects: 2 }, '/studies');
    expect(s.brain).toMatchObject({ source: 'import', format: 'npy', dir: '/studies/data/real', simulated: false, subjects: 2, seed: 0 });
    expect(importStudy({ source: 'import', format: 'nifti', dir: '/abs/d', subjects: 1 }).brain.dir).toBe('/abs/d');
  });

  it('keeps simulated studies as they were (no key added)', () => {
    expect(base.brain).toEqual({ simulated: true, subjects: 2, seed: 7 });
  });

  it('refuses bad entries naming them', () => {
    const msg = (brain: Record<string, unknown>): string => {
      try {
        importStudy(brain);
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg({ source: 'import', format: 'csv', dir: 'd', subjects: 2 })).toMatch(/study ci-small: brain: 'format' must be one of npy, nifti, got "csv"/);
    expect(msg({ source: 'import', format: 'npy', subjects: 2 })).toMatch(/brain: 'dir' must be a non-empty string/);
    expect(msg({ source: 'fmri', subjects: 2 })).toMatch(/brain: 'source' must be one of simulate, import, got "fmri"/);
    expect(msg({ simulated: false, subjects: 2, seed: 1 })).toMatch(/brain: 'simulated' is false but 'source' is 'simulate'.*"source": "import"/);
    expect(msg({ simulated: true, subjects: 2, seed: 1, dir: 'x' })).toMatch(/brain: 'dir' is only read when 'source' is 'import'/);
    expect(msg({ source: 'import', format: 'npy', dir: 'd' })).toMatch(/brain: 'subjects' must be a finite number/);
  });

  it('lists exactly the registered importers', () => {
    expect([...BRAIN_IMPORT_FORMATS].sort()).toEqual(Object.keys(BRAIN_IMPORTERS).sort());
  });
});

describe('the pipeline over imported brain data', () => {
  const root = join(tmp, 'real');
  let written: SubjectData[];
  const study = (): StudyDefinition => importStudy({ source: 'import', format: 'npy', dir: 'real', subjects: 2 }, tmp);
  let svc: Awaited<ReturnType<typeof createStudyService>>;
  const calls: Record<string, number> = {};

  beforeAll(async () => {
    written = writeSubjects(root);
    svc = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: serviceDeps(study(), calls), study: study() });
    const p = svc.pipeline;
    await svc.engine.run([p.brain, ...p.selections, ...p.roiRdms, ...p.roiSimilarities]);
  });

  it('imports the subjects (not the simulator), in the pipeline\'s stimulus order, labelled not simulated', async () => {
    expect(calls.subjects).toBeUndefined();
    const resolved = await svc.engine.resolve(svc.pipeline.brain);
    expect(resolved.info.provenance).toMatchObject({ simulated: false, format: 'npy', dir: root, source: 'test:S1' });
    const brain = resolved.payload as BrainPayload;
    expect(brain.meta.subjects.map((m) => [m.id, m.simulated])).toEqual([['S1', false], ['S2', false]]);
    const s1 = subjectOf(brain, 0);
    // The study's order RE, AN, AI (brain.subjects v2; v1 was alphabetical, AI first).
    const ids = ['RE', 'AN', 'AI'].flatMap((k) => wnids.map((w) => `${k}-${w}`));
    expect(s1.meta.stimulusIds).toEqual(ids);
    // A value read back: trial 2, stimulus AN of the 4th image, vertex 7, as written (file order differs).
    const w = written[0]!;
    const nV = w.vertices.ids.length;
    const src = w.stimulusIds.indexOf(`AN-${wnids[3]}`);
    expect(s1.betas[(1 * ids.length + ids.indexOf(`AN-${wnids[3]}`)) * nV + 7]).toBe(w.betas[(1 * w.stimulusIds.length + src) * nV + 7]);
    expect((await svc.summary()).simulated).toBe(false);
    expect((await svc.subjects()).map((s) => s.simulated)).toEqual([false, false]);
  });

  it('selection recovers the planted reliable clusters', async () => {
    for (const [i, sel] of svc.pipeline.selections.entries()) {
      const p = (await svc.engine.resolve(sel)).payload as SelectionPayload;
      expect(p.meta.rois.map((r) => `${r.roi}:${r.hemisphere}:${r.nVertices}`)).toEqual(['V1:LH:12', 'V1:RH:12', 'LO:LH:12', 'LO:RH:12']);
      const vertexIds = written[i]!.vertices.ids;
      for (const r of p.meta.rois) {
        const chosen = Array.from(p[r.part] as Int32Array, (k) => vertexIds[k]!);
        expect(chosen.sort()).toEqual(Array.from({ length: 6 }, (_, v) => `${r.roi}-${r.hemisphere}-sig${v}`));
      }
    }
  });

  it('RDMs and similarities come from the imported responses: RE-AI high, RE-AN near zero', async () => {
    const rdms = (await svc.engine.resolvePart(svc.pipeline.roiRdms[0]!, 'records')) as { stimulusKind: string; stimulusIds: string[]; vector: number[] }[];
    expect(rdms.map((r) => r.stimulusKind)).toEqual(['RE', 'AN', 'AI', 'RE', 'AN', 'AI']);
    expect(rdms[0]!.vector).toHaveLength(45);
    for (const sim of svc.pipeline.roiSimilarities) {
      const recs = (await svc.engine.resolvePart(sim, 'records')) as SimilarityRecord[];
      for (const roi of ROIS) {
        const at = (pair: string): number => recs.find((r) => r.pair === pair && r.source.kind === 'roi' && r.source.roi === roi)!.value;
        // 10 images, 12 vertices, trial noise 0.3 of the signal: RE and AI share a pattern, AN does not.
        expect(at('RE_AI')).toBeGreaterThan(0.6);
        expect(Math.abs(at('RE_AN'))).toBeLessThan(0.5);
        expect(at('RE_AI') - at('RE_AN')).toBeGreaterThan(0.4);
      }
    }
  });

  it('keys the brain stage on the data\'s contents, not its path', async () => {
    const keyOf = async (s: StudyDefinition): Promise<string> => {
      const other = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: serviceDeps(s), study: s });
      return other.engine.keyOf(other.pipeline.brain);
    };
    const same = join(tmp, 'copy');
    writeSubjects(same);
    const changed = join(tmp, 'changed');
    const subjects = writeSubjects(changed);
    subjects[1]!.betas[5] = 42;
    writeDataset(join(changed, 'S2'), subjects[1]!);
    const key = svc.engine.keyOf(svc.pipeline.brain);
    expect(await keyOf(importStudy({ source: 'import', format: 'npy', dir: same, subjects: 2 }))).toBe(key);
    expect(await keyOf(importStudy({ source: 'import', format: 'npy', dir: changed, subjects: 2 }))).not.toBe(key);
  });
});

describe('refused imports', () => {
  // Building the pipeline is part of the run: it names the subjects (subject-param.ts), so a subject count other
  // than the study's is refused there, before anything is computed.
  const run = async (s: StudyDefinition) => errorOf((async () => {
    const svc = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: serviceDeps(s), study: s });
    await svc.engine.run([svc.pipeline.brain]);
  })());

  it('a dataset without one of the study\'s stimuli, naming it', async () => {
    const dir = join(tmp, 'missing');
    writeSubjects(dir, `AI-${wnids[4]}`);
    const e = await run(importStudy({ source: 'import', format: 'npy', dir, subjects: 2 }));
    expect(e?.code).toBe('UNKNOWN_STIMULUS');
    expect(e?.message).toContain(`study ci-small: brain data ${dir}`);
    expect(e?.message).toContain(`subject 'S1': no responses for stimulus 'AI-${wnids[4]}'`);
  });

  it('a subject count other than the study\'s, and simulated data in a study that says real', async () => {
    const dir = join(tmp, 'three');
    writeSubjects(dir);
    writeDataset(join(dir, 'S3'), plantedSubject('S3', 's3'));
    expect((await run(importStudy({ source: 'import', format: 'npy', dir, subjects: 2 })))?.message).toMatch(/holds 3 subjects \(S1, S2, S3\) but brain.subjects is 2/);
    const sim = join(tmp, 'sim');
    for (const s of [plantedSubject('S1', 'a'), plantedSubject('S2', 'b')]) writeDataset(join(sim, s.id), { ...s, simulated: true });
    expect((await run(importStudy({ source: 'import', format: 'npy', dir: sim, subjects: 2 })))?.message).toMatch(/subject 'S1' is labelled simulated=true .* brain.simulated=false/);
  });

  it('a missing directory, when the pipeline is built', async () => {
    const s = importStudy({ source: 'import', format: 'npy', dir: join(tmp, 'nowhere'), subjects: 2 });
    expect(await errorOf(createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps: serviceDeps(s), study: s })))
      .toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nowhere') });
  });
});
