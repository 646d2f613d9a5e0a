/**
 * Issue 11, Done: "A user with torchvision's AlexNet weights runs one documented command and gets every figure for
 * AlexNet next to MobileNet's (the command is tested with the random-weight file)". The README's command
 * (`npm start -- --study zhang2021 --study zhang2021-alexnet-torchvision --weights alexnet_tv.npz`) is run as the
 * built CLI, with the small CI study for zhang2021, the 5-image torchvision fixture study (its weights left to
 * --weights, as in seed/) for the AlexNet one and the reduced-width random-weight file of make_alexnet_fixtures.py;
 * one more study, the BVLC fixture study recording its own weights file, is served beside them so that both
 * variants' preprocessing go through in one run (and --weights, which it does not read, stays out of it). The test
 * waits until /health says all three are computed, builds the site from the running server, and checks that
 * /compare/ has a Fig. 5 panel with the API's marks for every study (both AlexNets and MobileNet), each with its
 * layer mapping, and that every AlexNet study's claims page renders its claims.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../server/src/cli/commands/site.js';
import { loadConfig, PROJECT_ROOT } from '../../server/src/config/config.js';
import { sha256 } from '../../server/src/core/hash.js';
import { layerRole } from '../../server/src/domain/layer-role.js';

const DATA = process.env.ARSA_SITE_TEST_DATA ?? process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const FIX = join(PROJECT_ROOT, 'tests', 'fixtures', 'networks', 'alexnet');
const tmp = mkdtempSync(join(tmpdir(), 'arsa-alexnet-compare-'));
const outDir = join(tmp, 'dist');
const TV = 'alexnet-small-tv';
const CAFFE = 'alexnet-small-caffe';

/** The one command of README's "Running the study on AlexNet", as argv after `npm start --`. */
function readmeCommand(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Running the study on AlexNet'));
  const line = section.split('\n').find((l) => l.startsWith('npm start -- '))!;
  return line.slice('npm start -- '.length).trim().split(/\s+/);
}

/** A fixture study under another id, its weights left to --weights (undefined) or recorded (a file). */
function studyFile(from: string, id: string, weights?: string): string {
  const raw = JSON.parse(readFileSync(join(FIX, from), 'utf8')) as Record<string, unknown>;
  delete raw.weights;
  const f = join(tmp, `${id}.json`);
  writeFileSync(f, JSON.stringify({ ...raw, id, ...(weights ? { weights: { file: weights, sha256: sha256(readFileSync(weights)) } } : {}) }));
  return f;
}

let child: ChildProcess;
let base = '';
let stderr = '';

async function gql<T>(query: string): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

function page(path: string): Document {
  const file = join(outDir, path, 'index.html');
  expect(existsSync(file), path).toBe(true);
  return parseHTML(readFileSync(file, 'utf8')).document as unknown as Document;
}

/** Drawn marks of one kind (Observable Plot's aria-description) inside `scope`. */
function marks(scope: Element, label: string): number {
  return [...scope.querySelectorAll(`g[aria-description="${label}"]`)]
    .reduce((n, g) => n + [...g.querySelectorAll('*')].filter((e) => !['g', 'title', 'tspan'].includes(e.tagName.toLowerCase())).length, 0);
}

beforeAll(async () => {
  // The CI study is warm in a copy of the shared store; the AlexNet studies are computed by the command.
  copyFileSync(join(DATA, 'store.sqlite'), join(tmp, 'store.sqlite'));
  const args = readmeCommand();
  expect(args).toEqual(['--study', 'zhang2021', '--study', 'zhang2021-alexnet-torchvision', '--weights', 'alexnet_tv.npz']);
  const mapped = args.map((a) => (a === 'zhang2021' ? 'ci-small' : a === 'zhang2021-alexnet-torchvision' ? studyFile('alexnet-small-torchvision.json', TV) : a === 'alexnet_tv.npz' ? join(FIX, 'torchvision_small.npz') : a));
  const argv = ['start', ...mapped, '--study', studyFile('alexnet-small.json', CAFFE, join(FIX, 'caffe_small.npz')), '--store', join(tmp, 'store.sqlite'), '--port', '0', '--workers', '1', '--no-site'];
  child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'adversarial-rsa.js'), ...argv], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`start exited (${code}) before serving:\n${stderr}`)));
  });
  // Until /health says every study is computed (or one failed, which fails the test with its error).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited (${child.exitCode}) while computing:\n${stderr}`);
    // The server is busy computing: a kept-alive socket it closes late may reset under a poll, which is retried.
    const h = await fetch(`${base}/health`).then((r) => r.json() as Promise<{ studies: { id: string; phase: string; error: string | null }[] }>, () => null);
    if (h === null) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const failed = h.studies.find((s) => s.phase === 'failed');
    if (failed) throw new Error(`study ${failed.id} failed: ${failed.error}\n${stderr}`);
    if (h.studies.every((s) => s.phase === 'computed')) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const config = loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_STORE: join(tmp, 'store.sqlite') });
  await buildSite(config, { apiUrl: `${base}/graphql`, outDir });
}, 1_800_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

type Sim = { source: { layer: string }; pair: string; p: number };

describe('the README command: AlexNet next to MobileNet, through the site', () => {
  it('serves the three studies, the MobileNet one the default, --weights only where the study names none', async () => {
    const d = await gql<{ studies: { id: string; isDefault: boolean; network: string; networkDescription: string }[] }>('{ studies { id isDefault network networkDescription } }');
    expect(d.studies.map((s) => [s.id, s.isDefault, s.network])).toEqual([['ci-small', true, 'mobilenet_v1_025'], [TV, false, 'alexnet_torchvision'], [CAFFE, false, 'alexnet']]);
    // Each AlexNet runs the file meant for it: torchvision's from --weights, the BVLC one its study file's.
    expect(d.studies[1]!.networkDescription).toContain(join(FIX, 'torchvision_small.npz'));
    expect(d.studies[2]!.networkDescription).toContain(join(FIX, 'caffe_small.npz'));
    expect(stderr).toMatch(new RegExp(`study ${CAFFE}: reads the weights file its study file records`));
    expect(stderr).not.toMatch(/skipping|failed/);
  });

  it('/compare/ has a Fig. 5 panel with the API\'s marks and its layer mapping for AlexNet (both variants) and MobileNet', async () => {
    const d = await gql<{ studies: { id: string; layers: { name: string; ordinal: number }[]; similarities: { nodes: Sim[] } }[] }>(
      '{ studies { id layers { name ordinal } similarities(sourceKind: LAYER, first: 500) { nodes { source { layer } pair p } } } }');
    const doc = page('compare');
    expect(doc.querySelectorAll('#compare .compare-panel').length).toBe(3);
    for (const s of d.studies) {
      const panel = doc.querySelector(`#compare .compare-panel[data-study="${s.id}"]`);
      expect(panel, s.id).not.toBeNull();
      const drawn = new Set(s.layers.filter((l) => layerRole(l.ordinal) !== 'extra').map((l) => l.name));
      const sims = s.similarities.nodes.filter((x) => drawn.has(x.source.layer) && (x.pair === 'RE_AN' || x.pair === 'RE_AI'));
      expect(sims.length, s.id).toBeGreaterThan(0);
      expect(marks(panel!, 'bar'), s.id).toBe(sims.length);
      expect(marks(panel!, 'interval'), s.id).toBe(sims.length);
      expect(marks(panel!, 'significance'), s.id).toBe(sims.filter((x) => x.p < 0.05).length);
      const mapping = panel!.querySelector('.mapping')!.textContent!;
      for (const l of s.layers.filter((x) => drawn.has(x.name))) expect(mapping).toContain(`${l.ordinal === 9 ? 'out' : l.ordinal} = ${l.name}`);
    }
    // The AlexNet panels map the paper's layers: conv1..conv5, fc6..fc8 = 1..8, prob = the output.
    for (const id of [TV, CAFFE]) {
      expect(doc.querySelector(`#compare .compare-panel[data-study="${id}"] .mapping`)!.textContent).toContain('1 = conv1, 2 = conv2, 3 = conv3, 4 = conv4, 5 = conv5, 6 = fc6, 7 = fc7, 8 = fc8, out = prob');
    }
  });

  it('each AlexNet study\'s claims page renders its claims, as the API evaluates them', async () => {
    for (const id of [TV, CAFFE]) {
      const d = await gql<{ study: { claims: { holds: number; claims: { id: string; status: string }[] } } }>(`{ study(id: "${id}") { claims { holds claims { id status } } } }`);
      const doc = page(`studies/${id}/claims`);
      const rows = doc.querySelectorAll(`#claims-${id} table.claims tbody tr`);
      expect(rows.length, id).toBe(d.study.claims.claims.length);
      expect(rows.length, id).toBeGreaterThan(0);
      expect(doc.querySelectorAll(`#claims-${id} .claim-status.holds`).length, id).toBe(d.study.claims.holds);
      expect(existsSync(join(outDir, 'studies', id, 'index.html')), `${id} study page`).toBe(true);
    }
  });
});
