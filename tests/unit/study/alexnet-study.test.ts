import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../server/src/cli/main.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { PROJECT_ROOT } from '../../../server/src/config/config.js';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';
import { stagesOf } from '../../../server/src/study/pipeline/graph.js';
import { createStudyService, type PipelineStudyService } from '../../../server/src/study/study-service.js';

/**
 * Issue 11 items 1-2 in CI: the README's AlexNet command, run (as `seed`: `start` is the same computation, then
 * serving) on a 5-image study with the reduced-width random-weight AlexNets of make_alexnet_fixtures.py, in both
 * variants' preprocessing, through AN/AI generation, activations, RDMs, statistics and encoding; keys follow the
 * weights file's content; bad input is refused before anything is stored.
 */
const FIX = join(PROJECT_ROOT, 'tests', 'fixtures', 'networks', 'alexnet');
const tmp = mkdtempSync(join(tmpdir(), 'arsa-alexnet-study-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const storePath = join(tmp, 'store.sqlite');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += String(d)));
  err.on('data', (d) => (e += String(d)));
  const code = await main([...args, '--store', storePath, '--workers', '1'], { stdout: out as unknown as typeof process.stdout, stderr: err as unknown as typeof process.stderr });
  return { code, out: o, err: e };
}

/** The one command of README's "Running the study on AlexNet", as argv after `npm start --`. */
function readmeCommand(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Running the study on AlexNet'));
  const line = section.split('\n').find((l) => l.startsWith('npm start -- '))!;
  return line.slice('npm start -- '.length).trim().split(/\s+/);
}

async function service(study: string, weights?: string): Promise<PipelineStudyService> {
  const config = loadConfig({ ...process.env, ARSA_STUDY: study, ARSA_STORE: storePath, ARSA_WORKERS: '1', ...(weights ? { ARSA_WEIGHTS: weights } : {}) });
  return createStudyService(config);
}

describe('the study on AlexNet (reduced-width random weights)', () => {
  const variants = [
    { name: 'torchvision', study: join(FIX, 'alexnet-small-torchvision.json'), weights: join(FIX, 'torchvision_small.npz'), network: 'alexnet_torchvision', size: 224 },
    { name: 'BVLC', study: join(FIX, 'alexnet-small.json'), weights: join(FIX, 'caffe_small.npz'), network: 'alexnet', size: 227 },
  ];

  for (const v of variants) {
    it(`${v.name}: the README command runs the whole pipeline`, async () => {
      // The README serves AlexNet next to MobileNet (tests/site/alexnet-compare.test.ts runs that start command);
      // seed computes one study: the AlexNet one of the command.
      const args = readmeCommand();
      expect(args).toEqual(['--study', 'zhang2021', '--study', 'zhang2021-alexnet-torchvision', '--weights', 'alexnet_tv.npz']);
      const run = await cli(['seed', ...args.slice(2).map((a) => (a === 'zhang2021-alexnet-torchvision' ? v.study : a === 'alexnet_tv.npz' ? v.weights : a))]);
      expect(run.err).not.toMatch(/adversarial-rsa seed:/);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.out.trim().split('\n').pop()!) as { computed: number };
      expect(summary.computed).toBeGreaterThan(40);

      const svc = await service(v.study, v.weights);
      try {
        const s = await svc.summary();
        expect(s.network).toBe(v.network);
        expect(s.networkDescription).toContain('not a pretrained AlexNet');
        expect(svc.pipeline.layers.map((l) => `${l.name}:${l.ordinal}`)).toEqual(['conv1:1', 'conv2:2', 'conv3:3', 'conv4:4', 'conv5:5', 'fc6:6', 'fc7:7', 'fc8:8', 'prob:9']);
        expect(svc.pipeline.networkSpec.inputSize).toBe(v.size);
        const stimuli = await svc.stimuli();
        expect(stimuli.map((r) => r.kind).sort().join(',')).toBe('AI,AI,AI,AI,AI,AI_CONTROL,AI_CONTROL,AI_CONTROL,AI_CONTROL,AI_CONTROL,AN,AN,AN,AN,AN,RE,RE,RE,RE,RE');
        expect((await svc.similarities({ sourceKind: 'layer', pair: 'RE_AN' })).map((r) => r.source.kind === 'layer' && r.source.layer)).toHaveLength(9);
        expect((await svc.trends()).length).toBeGreaterThan(0);
        expect(new Set((await svc.encoding()).map((r) => r.layer))).toEqual(new Set(['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8']));
        // A second run computes nothing.
        expect((await svc.compute()).computed).toBe(0);
      } finally {
        await svc.close();
      }
    }, 300_000);
  }

  it('keys follow the weights file: the same bytes recorded in the study file give the same keys, another file (same tensors as ONNX) all new ones', async () => {
    const keys = async (study: string, weights?: string): Promise<Map<string, string>> => {
      const svc = await service(study, weights);
      try {
        return new Map(stagesOf(svc.pipeline).map((s) => [s.label, svc.engine.keyOf(s)] as const));
      } finally {
        await svc.close();
      }
    };
    const tv = variants[0]!;
    // The torchvision study records torchvision_small.npz (relative path, sha256): no flag needed, same keys.
    expect(await keys(tv.study)).toEqual(await keys(tv.study, tv.weights));
    const npz = await keys(variants[1]!.study, variants[1]!.weights);
    const onnx = await keys(variants[1]!.study, join(FIX, 'caffe_small.onnx'));
    expect([...npz].filter(([label, key]) => onnx.get(label) === key).map(([label]) => label)).toEqual(['stimuli RE']);
  }, 120_000);

  it('refuses bad input before computing or storing anything, naming the bad value and the valid ones', async () => {
    const bad = mkdtempSync(join(tmp, 'bad-'));
    const badStore = join(bad, 'store.sqlite');
    const raw = JSON.parse(readFileSync(variants[0]!.study, 'utf8')) as Record<string, unknown>;
    const write = (id: string, patch: Record<string, unknown>): string => {
      const f = join(bad, `${id}.json`);
      writeFileSync(f, JSON.stringify({ ...raw, id, ...patch }));
      return f;
    };
    const run = async (args: string[]) => {
      const out = new PassThrough();
      const err = new PassThrough();
      let e = '';
      err.on('data', (d) => (e += String(d)));
      const code = await main([...args, '--store', badStore, '--workers', '1'], { stdout: out as unknown as typeof process.stdout, stderr: err as unknown as typeof process.stderr });
      return { code, err: e };
    };
    const wrongSha = write('wrong-sha', { weights: { file: join(FIX, 'torchvision_small.npz'), sha256: 'a'.repeat(64) } });
    const cases: [string[], RegExp][] = [
      [['seed', '--study', wrongSha], /weights file '.*torchvision_small\.npz' has sha256 [0-9a-f]{64}, but the study file records a{64}/],
      [['seed', '--study', write('no-weights', { weights: undefined })], /network alexnet_torchvision needs a weights file .*torchvision\.models\.alexnet\(weights='DEFAULT'\)/s],
      [['seed', '--study', join(FIX, 'alexnet-small.json'), '--weights', join(bad, 'missing.npz')], /weights file of alexnet '.*missing\.npz' does not exist/],
      [['seed', '--study', join(FIX, 'alexnet-small.json'), '--weights', bad], /weights file of alexnet '.*' cannot be read/],
      [['seed', '--study', join(FIX, 'alexnet-small.json'), '--weights', join(FIX, 'torchvision_small.npz')], /the weights do not fit network alexnet: .*\(conv2\.weight\) has shape \[16, 8, 5, 5\], expected \[16, 4, 5, 5\]/],
      [['seed', '--study', write('unknown-net', { network: 'alexnet_caffe' })], /'network': unknown network 'alexnet_caffe'; valid: mobilenet_v2, .*alexnet_torchvision/],
      [['seed', '--study', join(FIX, 'alexnet-small.json'), '--network', 'vgg16', '--weights', join(FIX, 'caffe_small.npz')], /--network: unknown network 'vgg16'; valid: /],
      [['seed', '--study', write('unknown-field', { weigths: 'x.npz' })], /unknown field\(s\) 'weigths'; valid: id, title, .*weights/],
      [['seed', '--study', write('mobilenet-weights', { network: 'mobilenet_v1_025' })], /network mobilenet_v1_025 takes no weights file .*weights are read by alexnet, alexnet_torchvision/],
      [['seed', '--study', join(bad, 'nowhere.json')], /study file '.*nowhere\.json' does not exist; studies in seed\/: .*zhang2021/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.code, args.join(' ')).toBe(1);
    }
    const store = new SqliteArtifactStore(badStore);
    try {
      expect(await store.list()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
