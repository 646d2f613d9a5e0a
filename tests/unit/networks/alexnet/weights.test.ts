import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../server/src/compute/backend.js';
import { sha256 } from '../../../../server/src/core/hash.js';
import { encodeNpy } from '../../../../server/src/core/npy.js';
import { alexnetFactory, alexnetTorchvisionFactory, buildAlexnet, randomAlexnetWeights, readImagenetLabels, type AlexnetVariant } from '../../../../server/src/networks/alexnet/index.js';
import type { AlexnetGraph } from '../../../../server/src/networks/alexnet/model.js';
import { NAMING_SCHEMES } from '../../../../server/src/networks/alexnet/names.js';
import { loadWeightsFile, parseWeights } from '../../../../server/src/networks/weights/load.js';
import { ModelProto } from '../../../../server/src/networks/weights/onnx.js';
import type { RawTensor } from '../../../../server/src/networks/weights/tensors.js';
import { fixture, readFixtureNpz, relMaxDiff } from './helpers.js';

/** Weight import: every naming scheme, ONNX layouts, and every refusal names the tensor and both shapes. */
beforeAll(async () => {
  await initBackend('wasm');
});

async function logits(g: AlexnetGraph, variant: AlexnetVariant): Promise<Float32Array> {
  const input = readFixtureNpz(`${variant}_outputs.npz`).get('input')!;
  const out = tf.tidy(() => g.apply(tf.tensor4d(input.data, input.shape as [number, number, number, number]), [])['logits']!);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  g.dispose();
  return data;
}

const expectedLogits = (variant: AlexnetVariant) => readFixtureNpz(`${variant}_outputs.npz`).get('fc8')!.data;

function npzBytes(tensors: Iterable<RawTensor>, rename: (n: string) => string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const t of tensors) files[`${rename(t.name)}.npy`] = encodeNpy({ shape: t.shape, data: t.data });
  return zipSync(files);
}

interface Msg { graph: { node: { input: string[]; opType: string; attribute: { name: string; i?: unknown }[] }[]; initializer: { name: string; dims: unknown[]; rawData: Uint8Array }[] } }

/** Re-encodes the fixture ONNX after `edit` (only the fields the importer reads survive, which is all it needs). */
function editOnnx(file: string, edit: (m: Msg) => void): Uint8Array {
  const m = ModelProto.decode(readFileSync(fixture(file))) as unknown as Msg;
  edit(m);
  return ModelProto.encode(m as never).finish();
}

function renameInitializers(m: Msg, rename: (n: string, i: number) => string): void {
  const map = new Map(m.graph.initializer.map((t, i) => [t.name, rename(t.name, i)]));
  m.graph.initializer.forEach((t) => (t.name = map.get(t.name)!));
  m.graph.node.forEach((n) => (n.input = n.input.map((x) => map.get(x) ?? x)));
}

describe('naming schemes and layouts', () => {
  it('reads the ONNX model zoo names (conv1_w_0, conv1_b_0, ... fc8_b_0) and float_data tensors', async () => {
    const bytes = editOnnx('caffe_small.onnx', (m) => {
      renameInitializers(m, (n) => n.replace(/^(\w+)\.weight$/, '$1_w_0').replace(/^(\w+)\.bias$/, '$1_b_0'));
      // Older exporters write float_data instead of raw_data: store conv2's kernel that way.
      const t = m.graph.initializer.find((x) => x.name === 'conv2_w_0')! as Msg['graph']['initializer'][number] & { floatData: number[] };
      t.floatData = Array.from(new Float32Array(new Uint8Array(t.rawData).buffer));
      t.rawData = new Uint8Array(0);
    });
    const w = parseWeights(bytes, 'bvlcalexnet-like.onnx');
    expect(w.tensors.has('conv1_w_0')).toBe(true);
    const g = buildAlexnet('caffe', w, { widths: 'infer' });
    expect(g.spec.description).toContain('caffe2');
    expect(relMaxDiff(await logits(g, 'caffe'), expectedLogits('caffe'))).toBeLessThan(1e-4);
  });

  it('falls back to Conv/Gemm node order for anonymous initializers, transposing Gemm weights with transB = 0', async () => {
    const bytes = editOnnx('torchvision_small.onnx', (m) => {
      renameInitializers(m, (_n, i) => `onnx::Param_${i}`);
      for (const node of m.graph.node.filter((n) => n.opType === 'Gemm')) {
        node.attribute = node.attribute.filter((a) => a.name !== 'transB'); // default transB = 0: B is [in, out]
        const t = m.graph.initializer.find((x) => x.name === node.input[1])!;
        const [out, inp] = t.dims.map(Number) as [number, number];
        const src = new Float32Array(new Uint8Array(t.rawData).buffer);
        const dst = new Float32Array(out * inp);
        for (let o = 0; o < out; o++) for (let i = 0; i < inp; i++) dst[i * out + o] = src[o * inp + i]!;
        t.dims = [inp, out];
        t.rawData = new Uint8Array(dst.buffer);
      }
    });
    const g = buildAlexnet('torchvision', parseWeights(bytes, 'anonymous.onnx'), { widths: 'infer' });
    expect(g.spec.description).toContain('onnx_node_order');
    expect(relMaxDiff(await logits(g, 'torchvision'), expectedLogits('torchvision'))).toBeLessThan(1e-4);
  });

  it('reads Caffe names for the torchvision variant and a DataParallel prefix', async () => {
    const tv = readFixtureNpz('torchvision_small.npz');
    const toCaffe = new Map<string, string>();
    for (const l of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8'] as const) {
      for (const k of ['weight', 'bias'] as const) toCaffe.set(NAMING_SCHEMES.torchvision(l, k), NAMING_SCHEMES.caffe(l, k));
    }
    const caffeNamed = parseWeights(npzBytes(tv.values(), (n) => toCaffe.get(n)!), 'tv-caffe-names.npz');
    expect(relMaxDiff(await logits(buildAlexnet('torchvision', caffeNamed, { widths: 'infer' }), 'torchvision'), expectedLogits('torchvision'))).toBeLessThan(1e-4);
    const prefixed = parseWeights(npzBytes(tv.values(), (n) => `module.${n}`), 'dp.npz');
    const g = buildAlexnet('torchvision', prefixed, { widths: 'infer' });
    expect(g.spec.description).toContain("prefix 'module.'");
    expect(relMaxDiff(await logits(g, 'torchvision'), expectedLogits('torchvision'))).toBeLessThan(1e-4);
  });

  it('records the sha256 of the file bytes', async () => {
    const g = buildAlexnet('caffe', await loadWeightsFile(fixture('caffe_small.npz')), { widths: 'infer' });
    expect(g.spec.weightsSha256).toBe(sha256(readFileSync(fixture('caffe_small.npz'))));
    g.dispose();
  });
});

describe('refusals', () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as { code: string; message: string };
    }
    throw new Error('expected an error');
  };

  it('the standard network demands the standard shapes, naming tensor, expected and found shape', async () => {
    const w = await loadWeightsFile(fixture('caffe_small.npz'));
    const e = err(() => buildAlexnet('caffe', w));
    expect(e.code).toBe('BAD_WEIGHTS');
    expect(e.message).toContain("'conv1.weight'");
    expect(e.message).toContain('expected [96, 3, 11, 11]');
    expect(e.message).toContain('[8, 3, 11, 11]');
  });

  it('refuses Caffe (grouped) weights for the torchvision architecture', async () => {
    const e = err(() => buildAlexnet('torchvision', parseWeights(readFileSync(fixture('caffe_small.npz')), 'c.npz'), { widths: 'infer' }));
    expect(e.code).toBe('BAD_WEIGHTS');
    expect(e.message).toMatch(/'conv2\.weight' has shape \[16, 4, 5, 5\], expected \[16, 8, 5, 5\]/);
  });

  it('refuses widths that the grouped Caffe layers cannot split', () => {
    const odd = randomAlexnetWeights('torchvision', 3, { conv: [5, 16, 24, 16, 16], fc: [8, 8] });
    const e = err(() => buildAlexnet('caffe', odd, { widths: 'infer' }));
    expect(e.code).toBe('BAD_WEIGHTS');
    expect(e.message).toContain('conv2 has 2 groups: input 5');
  });

  it('names a missing tensor', () => {
    const t = readFixtureNpz('torchvision_small.npz');
    t.delete('classifier.4.bias');
    const e = err(() => buildAlexnet('torchvision', parseWeights(npzBytes(t.values(), (n) => n), 'short.npz'), { widths: 'infer' }));
    expect(e.code).toBe('BAD_WEIGHTS');
    expect(e.message).toContain('classifier.4.bias');
  });

  it('refuses a file with no AlexNet tensors, corrupt bytes, and a missing file', async () => {
    const other = parseWeights(npzBytes([{ name: 'x', shape: [2], data: new Float32Array(2) }], (n) => n), 'other.npz');
    expect(err(() => buildAlexnet('caffe', other)).message).toContain('no AlexNet tensors found');
    expect(err(() => parseWeights(new Uint8Array([0x50, 0x4b, 1, 2, 3, 4, 5]), 'bad.npz')).code).toBe('BAD_WEIGHTS');
    expect(err(() => parseWeights(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), 'bad.onnx')).code).toBe('BAD_WEIGHTS');
    await expect(loadWeightsFile('/nonexistent/alexnet.npz')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/nonexistent/alexnet.npz') });
  });

  it('the registry factories need a weights file and report a missing one', async () => {
    await expect(alexnetFactory({ modelsDir: '/nowhere' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('--weights') });
    await expect(alexnetTorchvisionFactory({ modelsDir: '/nowhere', weights: '/nonexistent/w.onnx' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const modelsDir = mkdtempSync(join(tmpdir(), 'alexnet-labels-'));
    writeFileSync(join(modelsDir, 'imagenet_labels.txt'), ['background', ...Array.from({ length: 1000 }, (_, i) => `label ${i}`)].join('\n'));
    expect(readImagenetLabels(modelsDir)[0]).toBe('label 0');
    // The registry entries read the widths from the weights (the CI study runs the reduced-width fixture) and say
    // so in the spec; another variant's weights are still refused, tensor by tensor.
    const small = await alexnetFactory({ modelsDir, weights: fixture('caffe_small.npz') });
    expect(small.spec.description).toContain('widths conv 8/16/24/24/16, fc 64/64 (not the standard 96/256/384/384/256, 4096/4096: not a pretrained AlexNet)');
    small.dispose();
    await expect(alexnetTorchvisionFactory({ modelsDir, weights: fixture('caffe_small.npz') })).rejects.toMatchObject({ code: 'BAD_WEIGHTS', message: expect.stringContaining("'conv2.weight' has shape [16, 4, 5, 5], expected [16, 8, 5, 5]") });
    rmSync(modelsDir, { recursive: true });
  });
});
