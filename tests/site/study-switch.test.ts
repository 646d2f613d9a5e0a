/**
 * Two studies started in turn on one checkout (issue 12 item 5): ci-small (simulated brain responses) and a
 * second small study with imported, real-labelled brain data (an NPY dataset written to a temp dir, simulated =
 * false). Each gets its own study key; the site built for the first is stale for the second (siteStaleness); the
 * rebuilt site names the second study and drops the SIMULATED badge. Two site builds in all. The first build's
 * pages also carry the home-page sentence, the gallery's AI_CONTROL row and the link texts (items 6 and 8).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config.js';
import { Rng } from '../../server/src/core/rng.js';
import { writeDataset } from '../../server/src/brain/export.js';
import type { SubjectData } from '../../server/src/brain/types.js';
import { HEMISPHERES, ROI_NAMES } from '../../server/src/domain/vocabulary.js';
import { parseStudy, type StudyDefinition } from '../../server/src/study/definition/definition.js';
import { SEED_DIR } from '../../server/src/study/definition/load.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { createApiServer } from '../../server/src/http/server.js';
import { buildSite } from '../../server/src/cli/commands/site.js';
import { siteStaleness, writeSiteStamp } from '../../server/src/cli/commands/start.js';

const DATA = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_DATA_DIR: DATA, ARSA_STORE: join(DATA, 'store.sqlite') });
const tmp = mkdtempSync(join(tmpdir(), 'arsa-switch-'));
const dist = join(tmp, 'dist');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;

/** A subject with 12 vertices per ROI x hemisphere (6 sharing a pattern across trials), every ci-small stimulus. */
function subject(id: string, stimuli: readonly string[]): SubjectData {
  const rng = new Rng(id);
  const ids: string[] = []; const roi: SubjectData['vertices']['roi'] = []; const hemisphere: SubjectData['vertices']['hemisphere'] = [];
  const x: number[] = []; const y: number[] = [];
  ROI_NAMES.forEach((r, ri) => HEMISPHERES.forEach((h, hi) => {
    for (let v = 0; v < 12; v++) { ids.push(`${r}-${h}-${v}`); (roi as string[]).push(r); (hemisphere as string[]).push(h); x.push(ri * 40 + (v % 4) + hi * 200); y.push(Math.floor(v / 4)); }
  }));
  const nV = ids.length; const nS = stimuli.length;
  const signal = stimuli.map(() => Array.from({ length: nV }, () => rng.normal()));
  const betas = new Float32Array(2 * nS * nV);
  for (let t = 0; t < 2; t++) for (let i = 0; i < nS; i++) for (let v = 0; v < nV; v++) betas[(t * nS + i) * nV + v] = (v % 12 < 6 ? signal[i]![v]! : 0) + 0.3 * rng.normal();
  return { id, simulated: false, space: 'flat', stimulusIds: [...stimuli], nTrials: 2, betas, vertices: { ids, roi, hemisphere, x: Float64Array.from(x), y: Float64Array.from(y) }, source: `test:${id}`, params: {} };
}

function importedStudy(): StudyDefinition {
  const base = parseStudy(raw, 'ci-small');
  const stimuli = ['RE', 'AN', 'AI'].flatMap((k) => base.images.map((im) => `${k}-${im.wnid}`));
  for (const s of ['S1', 'S2']) writeDataset(join(tmp, 'brain', s), subject(s, stimuli));
  const analysis = { ...(raw.analysis as Record<string, unknown>), verticesPerHemisphere: 6 };
  return parseStudy({ ...raw, id: 'ci-small-import', title: 'ci-small with imported brain data', analysis, brain: { source: 'import', format: 'npy', dir: join(tmp, 'brain'), subjects: 2 } }, 'ci-small-import');
}

/** Opens the study, serves it, (re)builds `dist` when stale as `start` does; returns the key and the home page. */
async function startStudy(study?: StudyDefinition): Promise<{ key: string; why: string | null; home: string; api: unknown }> {
  const service = await createStudyService(config, study ? { study } : {});
  const server = await createApiServer({ study: service, siteDir: dist });
  try {
    const url = await server.listen(0, '127.0.0.1');
    const key = (await service.summary()).provenanceKey;
    const why = siteStaleness(key, dist);
    if (why) {
      await buildSite(config, { apiUrl: `${url.replace(/\/$/, '')}/graphql`, outDir: dist });
      writeSiteStamp(key, dist);
    }
    expect(siteStaleness(key, dist)).toBeNull();
    const home = await (await fetch(`${url.replace(/\/$/, '')}/`)).text();
    // The subjects as the API names them, and the subject param of a per-subject stage (issue 10: one identity).
    const query = '{ study { subjectIds subjects { id } } similarities(sourceKind: ROI, first: 1) { nodes { source { subject } provenance { params } } } }';
    const api = (await (await fetch(`${url.replace(/\/$/, '')}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as { data: unknown };
    return { key, why, home, api: api.data };
  } finally {
    await server.close();
    await service.close();
  }
}

describe('switching studies on one checkout', () => {
  it('gives each study its own key and rebuilds the site for the second, with its id and simulated label', async () => {
    const a = await startStudy();
    expect(a.why).toMatch(/missing/);
    expect(a.home).toContain('Study <b>ci-small</b>');
    expect(a.home).toContain('>SIMULATED<');
    // Item 6: the sentence names the network and the data.
    expect(a.home).toMatch(/computed by this project's service from the network <b>mobilenet_v1_025<\/b>[^<]*, backend \S+ and <b>simulated<\/b> brain responses/);
    const gallery = readFileSync(join(dist, 'gallery', 'index.html'), 'utf8');
    expect(gallery).toContain('(AI_CONTROL) image for ImageNet class');
    const layer = readFileSync(join(dist, 'browse', 'layer', 'logits', 'index.html'), 'utf8');
    expect(layer).toMatch(/RE activations \(NPY\)/);
    const roiPage = readFileSync(join(dist, 'browse', 'index.html'), 'utf8');
    expect(roiPage.indexOf('>logits<')).toBeLessThan(roiPage.indexOf('>prob<'));
    const study = readFileSync(join(dist, 'study', 'index.html'), 'utf8');
    expect(study).not.toMatch(/\(JSON\) \(json\)|Csv \(csv\)/);

    const b = await startStudy(importedStudy());
    expect(b.key).not.toBe(a.key);
    expect(b.why).toMatch(/study or its data changed/);
    expect(b.home).toContain('Study <b>ci-small-import</b>');
    expect(b.home).not.toContain('>SIMULATED<');
    expect(b.home).toContain('<b>measured</b> (imported) brain responses');
    // Imported subjects are named by the dataset's labels (the directory names S1, S2) in the API, in the stage
    // params, and on the site's pages and paths.
    const api = b.api as { study: { subjectIds: string[]; subjects: { id: string }[] }; similarities: { nodes: { source: { subject: string }; provenance: { params: string } }[] } };
    expect(api.study.subjectIds).toEqual(['S1', 'S2']);
    expect(api.study.subjects.map((x) => x.id)).toEqual(['S1', 'S2']);
    const node = api.similarities.nodes[0]!;
    expect(JSON.parse(node.provenance.params).subject).toBe(node.source.subject);
    const browse = readFileSync(join(dist, 'browse', 'index.html'), 'utf8');
    expect(browse).toContain('/browse/roi/S1/V1/');
    expect(readFileSync(join(dist, 'browse', 'roi', 'S2', 'V1', 'index.html'), 'utf8')).toContain('S2');
  }, 900_000);
});
