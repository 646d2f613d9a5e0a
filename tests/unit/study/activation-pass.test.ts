import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../server/src/core/matrix.js';
import type { ImageBatch, Network } from '../../../server/src/networks/types.js';
import { activationPass } from '../../../server/src/study/pipeline/activation-pass.js';
import type { StimulusSetPayload } from '../../../server/src/study/pipeline/payloads.js';

/**
 * The activations stages' shared forward pass (issue 14): the first layer asked computes every missing layer in one
 * call per chunk, the others are handed out from it, once each; the values are those of one call per layer.
 */
const LAYERS = { a: 3, b: 5, c: 2 } as Record<string, number>;

/** A network whose layer L of image i is f(L, pixels of i); it logs the layers of every call. */
function fakeNet(calls: string[][], fail = { next: false }): Network {
  const activations = async (batch: ImageBatch, layers: readonly string[]): Promise<Record<string, Matrix<Float32Array>>> => {
    if (fail.next) {
      fail.next = false;
      throw new Error('out of memory');
    }
    calls.push([...layers]);
    const per = batch.height * batch.width * 3;
    const out: Record<string, Matrix<Float32Array>> = {};
    for (const l of layers) {
      const units = LAYERS[l]!;
      const data = new Float32Array(batch.n * units);
      for (let i = 0; i < batch.n; i++) {
        let s = 0;
        for (let q = 0; q < per; q++) s += batch.data[i * per + q]!;
        for (let u = 0; u < units; u++) data[i * units + u] = s * (u + 1) + l.charCodeAt(0);
      }
      out[l] = { rows: batch.n, cols: units, data };
    }
    return out;
  };
  return { activations } as unknown as Network;
}

function set(n: number, seed: number): StimulusSetPayload {
  const pixels = Uint8Array.from({ length: n * 2 * 2 * 3 }, (_, q) => (q * 7 + seed) % 251);
  return { meta: { kind: 'RE', ids: Array.from({ length: n }, (_, i) => `i${i}`), sourceIds: [], height: 2, width: 2 }, pixels };
}

describe('activation pass', () => {
  it('computes the missing layers in one call per chunk and hands each out once, equal to per-layer calls', async () => {
    const calls: string[][] = [];
    const net = fakeNet(calls);
    const stored = new Set<string>();
    const pass = activationPass(async () => ['a', 'b', 'c'].filter((l) => !stored.has(l)));
    const s = set(11, 1);
    const got: Record<string, Matrix<Float32Array>> = {};
    for (const l of ['a', 'b', 'c']) {
      got[l] = await pass.layer(net, s, 'k1', l, 4, () => {});
      stored.add(l);
    }
    expect(calls).toEqual([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']]); // 11 images in chunks of 4
    const perLayerCalls: string[][] = [];
    const perLayer = activationPass(async () => ['a', 'b', 'c'], true);
    for (const l of ['a', 'b', 'c']) {
      const want = await perLayer.layer(fakeNet(perLayerCalls), s, 'k1', l, 4, () => {});
      expect(got[l]!.cols).toBe(LAYERS[l]);
      expect(Array.from(got[l]!.data)).toEqual(Array.from(want.data));
    }
    expect(perLayerCalls.map((c) => c.join())).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);
    // all handed out and stored: asking again (a recompute of b alone) is a pass of b alone
    calls.length = 0;
    await pass.layer(net, s, 'k1', 'b', 4, () => {});
    expect(calls).toEqual([['b'], ['b'], ['b']]);
  });

  it('keeps sets (and networks) apart by key, adds the asked layer to the missing ones, and retries after a failure', async () => {
    const calls: string[][] = [];
    const fail = { next: true };
    const net = fakeNet(calls, fail);
    const pass = activationPass(async () => ['b']);
    await expect(pass.layer(net, set(3, 2), 'k2', 'a', 8, () => {})).rejects.toThrow(/out of memory/);
    const x = await pass.layer(net, set(3, 2), 'k2', 'a', 8, () => {});
    expect(calls).toEqual([['b', 'a']]);
    const y = await pass.layer(net, set(3, 3), 'k3', 'a', 8, () => {});
    expect(Array.from(y.data)).not.toEqual(Array.from(x.data));
    expect(calls).toEqual([['b', 'a'], ['b', 'a']]);
    await pass.layer(net, set(3, 2), 'k2', 'b', 8, () => {});
    expect(calls).toHaveLength(2);
  });
});
