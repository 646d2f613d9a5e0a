import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/config.js';
import { parseStudy, type StudyDefinition } from '../../../server/src/study/definition/definition.js';
import { SEED_DIR } from '../../../server/src/study/definition/load.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import type { SimilarityRecord } from '../../../server/src/study/model.js';
import { subjectOf, type BrainPayload } from '../../../server/src/study/pipeline/brain-stages.js';
import { domainDeps } from '../../../server/src/study/pipeline/domain.js';
import { createStudyService } from '../../../server/src/study/study-service.js';
import { fakeDeps } from '../study/fake-deps.js';
import { FIXTURES } from './helpers.js';

/**
 * docs/importing-nifti.md, issue 12 item 16: the blocks marked "verbatim" are the shipped example's files, and its
 * study snippet, parsed out of the markdown as written, imports the example through the pipeline (real import,
 * selection, RDMs and similarity statistics; the network side is the fake one of fake-deps.ts).
 */
const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'importing-nifti.md'), 'utf8');
const EXAMPLE = join(FIXTURES, 'nifti-example');

function block(name: string): string {
  const m = new RegExp(`<!-- verbatim: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!m) throw new Error(`docs/importing-nifti.md has no verbatim block '${name}'`);
  return m[1]!;
}

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [relative(EXAMPLE, p)];
  });
}

describe('docs/importing-nifti.md shows the shipped example verbatim', () => {
  it('the file tree', () => {
    expect(block('tree').trim().split('\n')).toEqual(files(EXAMPLE));
  });
  it('the head of events.tsv, rois.tsv and meta.json', () => {
    const events = readFileSync(join(EXAMPLE, 'sub-01', 'events.tsv'), 'utf8');
    expect(events.startsWith(block('events-head'))).toBe(true);
    expect(block('events-head').split('\n')[0]).toBe('volume\tstimulus_id\ttrial');
    expect(block('rois-tsv')).toBe(readFileSync(join(EXAMPLE, 'sub-01', 'rois.tsv'), 'utf8'));
    expect(block('meta-json')).toBe(readFileSync(join(EXAMPLE, 'sub-01', 'meta.json'), 'utf8'));
  });
});

describe("the doc's study snippet imports the example into ci-small", () => {
  const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;
  // the snippet is a JSON member ("brain": {...}): wrapped in braces it is an object
  const { brain } = JSON.parse(`{${block('study-brain')}}`) as { brain: Record<string, unknown> };
  // as the doc says: a copy of ci-small.json in seed/ with its own id and this brain section
  const study: StudyDefinition = parseStudy({ ...raw, id: 'ci-small-nifti', brain }, 'ci-small-nifti', { baseDir: SEED_DIR });
  const config = loadConfig({}, { '--images-dir': '/nonexistent', '--workers': '1' });
  let svc: Awaited<ReturnType<typeof createStudyService>>;

  beforeAll(async () => {
    const deps = { ...fakeDeps({}), selectVertices: domainDeps(config, study).selectVertices };
    svc = await createStudyService(config, { store: new MemoryArtifactStore({ onCorrupt: () => {} }), deps, study });
    const p = svc.pipeline;
    await svc.engine.run([p.brain, ...p.selections, ...p.roiRdms, ...p.roiSimilarities]);
  });

  it('resolves dir against seed/ to the shipped example and reads both subjects as real volume data', async () => {
    expect(study.brain).toMatchObject({ source: 'import', format: 'nifti', dir: EXAMPLE, subjects: 2, simulated: false });
    const brain = (await svc.engine.resolve(svc.pipeline.brain)).payload as BrainPayload;
    expect(brain.meta.subjects.map((m) => [m.id, m.simulated])).toEqual([['sub-01', false], ['sub-02', false]]);
    for (let i = 0; i < 2; i++) {
      const s = subjectOf(brain, i);
      expect(s.meta.vertexIds).toHaveLength(96);
      expect(s.meta.vertexIds).toContain('v3_0_1');
    }
  });

  it('every ROI shows the planted structure: RE-AI similarity well above RE-AN', async () => {
    for (const sim of svc.pipeline.roiSimilarities) {
      const recs = (await svc.engine.resolvePart(sim, 'records')) as SimilarityRecord[];
      for (const roi of ['V1', 'LO']) {
        const at = (pair: string): number => recs.find((r) => r.pair === pair && r.source.kind === 'roi' && r.source.roi === roi)!.value;
        expect(at('RE_AI') - at('RE_AN'), roi).toBeGreaterThan(0.3);
      }
    }
  });
});
