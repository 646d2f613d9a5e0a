import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../server/src/cli/main.js';
import { loadConfig, PROJECT_ROOT } from '../../../server/src/config/config.js';
import { DomainError } from '../../../server/src/core/errors.js';
import { loadBatch } from '../../../server/src/core/image.js';
import { decodeNpy } from '../../../server/src/core/npy.js';
import { loadNetwork } from '../../../server/src/networks/load.js';
import type { Network } from '../../../server/src/networks/types.js';

// The pool's workers run the compiled code: `npm test` builds dist/ first.
const built = existsSync(join(PROJECT_ROOT, 'dist', 'server', 'src', 'networks', 'workers', 'worker.js'));
const config = { ...loadConfig(), workers: 2 };
const img = (f: string) => join(config.imagesDir, f);
const FILES = ['n01818515_macaw.JPEG', 'n01440764_tench.JPEG', 'n01443537_goldfish.JPEG', 'n02504458_African_elephant.JPEG', 'n01530575_brambling.JPEG'];
let pool: Network;
let local: Network;

beforeAll(async () => {
  expect(built, 'run `npm run build` first (npm test does)').toBe(true);
  pool = await loadNetwork(config, { name: 'mobilenet_v1_025' }, { pool: true });
  local = await loadNetwork(config, { name: 'mobilenet_v1_025' }, { pool: false });
});
afterAll(async () => {
  await pool?.dispose();
  await local?.dispose();
});

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('worker pool (2 threads) behind the Network interface', () => {
  it('splits a batch across workers and stitches results in order, equal to in-process', async () => {
    const batch = await loadBatch(FILES.map(img), 128);
    expect(pool.spec.name).toBe('mobilenet_v1_025');
    expect(pool.backend).toBe(local.backend);
    const [a, b] = await Promise.all([pool.classify(batch), local.classify(batch)]);
    expect(maxDiff(a.probs.data, b.probs.data)).toBeLessThan(1e-5);
    const [ga, gb] = [await pool.inputGradient(batch, Int32Array.from([88, 0, 1, 386, 10]), 'logprob'), await local.inputGradient(batch, Int32Array.from([88, 0, 1, 386, 10]), 'logprob')];
    expect(maxDiff(ga.grad, gb.grad)).toBeLessThan(1e-4);
    const acts = await pool.activations(batch, ['pointwise_3', 'prob']);
    expect([acts.pointwise_3!.rows, acts.pointwise_3!.cols]).toEqual([5, 32 * 32 * 32]);
    expect(maxDiff(acts.prob!.data, b.probs.data)).toBeLessThan(1e-5);
  });

  it('carries domain errors back from the workers', async () => {
    const batch = await loadBatch([img(FILES[0]!)], 128);
    const e = await pool.activations(batch, ['nope']).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('UNKNOWN_LAYER');
  });
});

describe('CLI: classify, activations, validate', () => {
  const run = async (argv: string[]) => {
    let out = '', err = '';
    const io = { stdout: { write: (s: string) => { out += s; return true; } }, stderr: { write: (s: string) => { err += s; return true; } } };
    const code = await main(argv, io as never);
    return { code, out, err };
  };

  it('classify prints one JSON line per image with 0-based indices', async () => {
    const r = await run(['classify', '--network', 'mobilenet_v1_025', '--top', '3', '--workers', '1', img(FILES[0]!), img(FILES[1]!)]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { image: string; top: { index: number; label: string; probability: number }[] });
    expect(lines.map((l) => l.image)).toEqual([img(FILES[0]!), img(FILES[1]!)]);
    expect(lines[0]!.top).toHaveLength(3);
    expect(lines[0]!.top[0]).toMatchObject({ index: 88, label: 'macaw' });
  });

  it('activations writes float32 [images x units]', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'arsa-acts-')), 'a.npy');
    const r = await run(['activations', '--network', 'mobilenet_v1_025', '--layer', 'pointwise_13', '--out', out, '--workers', '1', img(FILES[0]!), img(FILES[2]!)]);
    expect(r.code).toBe(0);
    const arr = decodeNpy(new Uint8Array(readFileSync(out)));
    expect(arr.shape).toEqual([2, 4 * 4 * 256]);
    expect(arr.data).toBeInstanceOf(Float32Array);
  });

  it('validate prints a JSON summary; bad names and files fail with a message', async () => {
    const r = await run(['validate', '--network', 'mobilenet_v1_025', '--limit', '10', '--workers', '1']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.trim().split('\n').pop()!) as { images: number; top1: number; top5: number; resize: string };
    expect(summary).toMatchObject({ images: 10, resize: 'resize' });
    expect(summary.top5).toBeGreaterThanOrEqual(summary.top1);
    const bad = await run(['classify', '--network', 'resnet', img(FILES[0]!)]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/unknown network 'resnet'; valid: mobilenet_v2/);
    const missing = await run(['classify', '--network', 'mobilenet_v1_025', '--workers', '1', '/nonexistent.jpg']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/IMAGE '\/nonexistent\.jpg' does not exist/);
    const mode = await run(['validate', '--resize', 'stretch']);
    expect(mode.err).toMatch(/valid: resize, center_crop/);
  });
});
