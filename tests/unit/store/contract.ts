import { describe, expect, it, afterEach } from 'vitest';
import { artifactKey } from '../../../server/src/store/codec.js';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import type { ArtifactStore, NewArtifact } from '../../../server/src/store/types.js';

/** What each implementation's test file supplies: a fresh store plus ways to damage its bytes directly. */
export interface StoreHarness {
  readonly store: ArtifactStore;
  /** Every corruption the store reported. */
  readonly reports: { key: string; reason: string }[];
  /** Flips one byte of a stored part, behind the store's back (a server-backed store does it asynchronously). */
  corruptPart(key: string, part: string): void | Promise<void>;
  /** Alters the stored provenance text of an entry, behind the store's back. */
  corruptMetadata(key: string): void | Promise<void>;
  cleanup(): Promise<void>;
}

const PROV = { backend: 'cpu', network: 'toy', weightsSha256: 'abc', computedAt: '2021-01-01T00:00:00.000Z', durationMs: 12.5, seed: 7 };

export function entry(key: string, kind = 'toy', extra: Partial<NewArtifact> = {}): NewArtifact {
  return {
    key,
    kind,
    params: '{"a":1}',
    inputs: ['in1', 'in2'],
    codeVersion: `${kind}@1`,
    provenance: PROV,
    payload: {
      meta: { shape: [2, 3], ids: ['x', 'y'], nested: { ok: true, none: null } },
      f32: new Float32Array([1.5, -2, 3e-8, Infinity, NaN, 0]),
      f64: new Float64Array([Math.PI, -1e300]),
      i32: new Int32Array([-5, 2147483647]),
      png: new Uint8Array([137, 80, 78, 71, 0, 255]),
      // An unaligned view: stored by value, returned aligned.
      view: new Float32Array(new Float32Array([9, 8, 7, 6]).buffer, 4, 2),
    },
    ...extra,
  };
}

/** The contract every ArtifactStore implementation passes (house style 4). */
export function storeContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let h: StoreHarness;
    const open = async (): Promise<StoreHarness> => (h = await make());
    afterEach(async () => h?.cleanup());

    it('round-trips JSON and binary parts with their types', async () => {
      const { store } = await open();
      const info = await store.put(entry('k1'));
      expect(info.parts.map((p) => p.name)).toEqual(['f32', 'f64', 'i32', 'meta', 'png', 'view']);
      const got = await store.get('k1');
      expect(got).toBeDefined();
      const p = got!.payload;
      expect(p.meta).toEqual({ shape: [2, 3], ids: ['x', 'y'], nested: { ok: true, none: null } });
      expect(p.f32).toBeInstanceOf(Float32Array);
      expect(Array.from(p.f32 as Float32Array)).toEqual([1.5, -2, Math.fround(3e-8), Infinity, NaN, 0]);
      expect(p.f64).toBeInstanceOf(Float64Array);
      expect(Array.from(p.f64 as Float64Array)).toEqual([Math.PI, -1e300]);
      expect(Array.from(p.i32 as Int32Array)).toEqual([-5, 2147483647]);
      expect(p.png).toBeInstanceOf(Uint8Array);
      expect(Array.from(p.png as Uint8Array)).toEqual([137, 80, 78, 71, 0, 255]);
      expect(Array.from(p.view as Float32Array)).toEqual([8, 7]);
      expect(got!.provenance).toEqual(PROV);
      expect(got!.inputs).toEqual(['in1', 'in2']);
      expect(got!.params).toBe('{"a":1}');
      expect(got!.codeVersion).toBe('toy@1');
      expect(got!.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(got!.checksum).toBe(info.checksum);
    });

    it('caches file hashes by (path, size, mtime): any change of the three misses, a new record replaces the old', async () => {
      const { store } = await open();
      expect(await store.fileHash('/d/model.tflite', 10, 1.5)).toBeUndefined();
      await store.putFileHash({ path: '/d/model.tflite', size: 10, mtimeMs: 1.5, sha256: 'a'.repeat(64) });
      expect(await store.fileHash('/d/model.tflite', 10, 1.5)).toBe('a'.repeat(64));
      expect(await store.fileHash('/d/model.tflite', 11, 1.5)).toBeUndefined();
      expect(await store.fileHash('/d/model.tflite', 10, 2.5)).toBeUndefined();
      expect(await store.fileHash('/d/other.tflite', 10, 1.5)).toBeUndefined();
      await store.putFileHash({ path: '/d/model.tflite', size: 11, mtimeMs: 2.5, sha256: 'b'.repeat(64) });
      expect(await store.fileHash('/d/model.tflite', 10, 1.5)).toBeUndefined();
      expect(await store.fileHash('/d/model.tflite', 11, 2.5)).toBe('b'.repeat(64));
      // Not artifacts: listing and verification do not see them.
      expect(await store.list()).toEqual([]);
    });

    it('answers missing keys as undefined and has() as false', async () => {
      const { store } = await open();
      expect(await store.get('nope')).toBeUndefined();
      expect(await store.has('nope')).toBe(false);
      expect(await store.describe('nope')).toBeUndefined();
      expect(await store.getPart('nope', 'meta')).toBeUndefined();
      await store.put(entry('k1'));
      expect(await store.has('k1')).toBe(true);
    });

    it('is immutable: a second put of a key keeps the first value', async () => {
      const { store } = await open();
      const first = await store.put(entry('k1'));
      const second = await store.put(entry('k1', 'toy', { payload: { meta: 'other' } }));
      expect(second.checksum).toBe(first.checksum);
      expect((await store.get('k1'))!.payload.meta).toEqual(entry('k1').payload.meta);
    });

    it('copies values in and out: mutating the caller\'s arrays changes nothing stored', async () => {
      const { store } = await open();
      const e = entry('k1');
      await store.put(e);
      (e.payload.f32 as Float32Array)[0] = 99;
      const got = await store.get('k1');
      expect((got!.payload.f32 as Float32Array)[0]).toBe(1.5);
      (got!.payload.f32 as Float32Array)[0] = 42;
      expect(((await store.get('k1'))!.payload.f32 as Float32Array)[0]).toBe(1.5);
    });

    it('reads single parts, and refuses an unknown part naming the valid ones', async () => {
      const { store } = await open();
      await store.put(entry('k1'));
      expect(Array.from((await store.getPart('k1', 'i32')) as Int32Array)).toEqual([-5, 2147483647]);
      expect(await store.getPart('k1', 'meta')).toEqual(entry('k1').payload.meta);
      await expect(store.getPart('k1', 'bogus')).rejects.toThrow(/no part 'bogus'; valid: f32, f64, i32, meta, png, view/);
    });

    it('lists by kind, describes without payload, deletes and invalidates', async () => {
      const { store } = await open();
      await store.put(entry('b2', 'rdm'));
      await store.put(entry('a1', 'rdm'));
      await store.put(entry('c3', 'stimuli'));
      expect((await store.list('rdm')).map((i) => i.key)).toEqual(['a1', 'b2']);
      expect((await store.list()).map((i) => i.key)).toEqual(['a1', 'b2', 'c3']);
      const d = await store.describe('c3');
      expect(d!.kind).toBe('stimuli');
      expect(d!.provenance.seed).toBe(7);
      expect('payload' in d!).toBe(false);
      expect(d!.parts.find((p) => p.name === 'f64')!.byteLength).toBe(16);
      expect(await store.delete('c3')).toBe(true);
      expect(await store.delete('c3')).toBe(false);
      expect(await store.has('c3')).toBe(false);
      expect(await store.invalidate('rdm')).toBe(2);
      expect(await store.list()).toEqual([]);
    });

    it('detects a corrupted part, removes it, reports it and answers missing (never serves it)', async () => {
      const harness = await open();
      const { store } = harness;
      await store.put(entry('k1'));
      await store.put(entry('k2'));
      await harness.corruptPart('k1', 'f32');
      expect(await store.get('k1')).toBeUndefined();
      expect(harness.reports).toHaveLength(1);
      expect(harness.reports[0]!.key).toBe('k1');
      expect(harness.reports[0]!.reason).toMatch(/f32/);
      expect(await store.has('k1')).toBe(false);
      expect(await store.get('k2')).toBeDefined();
    });

    it('detects a corrupted single part read and corrupted metadata', async () => {
      const harness = await open();
      const { store } = harness;
      await store.put(entry('k1'));
      await store.put(entry('k2'));
      await harness.corruptPart('k1', 'png');
      expect(await store.getPart('k1', 'png')).toBeUndefined();
      await harness.corruptMetadata('k2');
      expect(await store.describe('k2')).toBeUndefined();
      expect(harness.reports.map((r) => r.key)).toEqual(['k1', 'k2']);
      expect(harness.reports[1]!.reason).toMatch(/checksum/);
    });

    it('verifyAll checks every entry and removes the corrupt ones', async () => {
      const harness = await open();
      const { store } = harness;
      for (const k of ['a', 'b', 'c']) await store.put(entry(k));
      await harness.corruptPart('b', 'meta');
      expect(await store.verifyAll()).toEqual({ checked: 3, corrupt: ['b'] });
      expect(await store.verifyAll()).toEqual({ checked: 2, corrupt: [] });
    });

    it('single flight: 50 concurrent calls compute once, store it, and record provenance', async () => {
      const { store } = await open();
      const cache = new ArtifactCache(store);
      let calls = 0;
      const spec = { kind: 'toy', params: { n: 3 }, inputs: { a: 'k-a' }, codeVersion: 'toy@1' };
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.getOrCompute(spec, async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return { payload: { v: new Float32Array([1, 2, 3]) }, provenance: { backend: 'wasm', seed: 3 } };
      })));
      expect(calls).toBe(1);
      expect(cache.inFlight).toBe(0);
      const key = artifactKey(spec);
      expect(new Set(results.map((r) => r.key))).toEqual(new Set([key]));
      const stored = await store.get(key);
      expect(Array.from(stored!.payload.v as Float32Array)).toEqual([1, 2, 3]);
      expect(stored!.provenance.backend).toBe('wasm');
      expect(stored!.provenance.network).toBe('none');
      expect(stored!.provenance.seed).toBe(3);
      expect(stored!.provenance.durationMs).toBeGreaterThanOrEqual(0);
      expect(Number.isNaN(Date.parse(stored!.provenance.computedAt))).toBe(false);
      expect(stored!.params).toBe('{"n":3}');
      expect(stored!.inputs).toEqual(['k-a']);
      // Later calls read the store.
      const again = await cache.getOrCompute(spec, async () => { calls++; return { payload: {} }; });
      expect(again.computed).toBe(false);
      expect(calls).toBe(1);
    });

    it('single flight: a failed computation stores nothing, rejects every waiter, and is retried', async () => {
      const { store } = await open();
      const cache = new ArtifactCache(store);
      const spec = { kind: 'toy', params: {}, inputs: {}, codeVersion: 'toy@1' };
      let calls = 0;
      const failing = async (): Promise<never> => { calls++; await Promise.resolve(); throw new Error('boom'); };
      const all = await Promise.allSettled([cache.getOrCompute(spec, failing), cache.getOrCompute(spec, failing)]);
      expect(all.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(calls).toBe(1);
      expect(await store.has(artifactKey(spec))).toBe(false);
      const ok = await cache.getOrCompute(spec, async () => ({ payload: { x: 1 } }));
      expect(ok.computed).toBe(true);
      expect(ok.payload.x).toBe(1);
    });

    it('a corrupted entry is recomputed through single flight', async () => {
      const harness = await open();
      const cache = new ArtifactCache(harness.store);
      const spec = { kind: 'toy', params: {}, inputs: {}, codeVersion: 'toy@1' };
      let calls = 0;
      const compute = async () => { calls++; return { payload: { v: new Float64Array([calls]) } }; };
      await cache.getOrCompute(spec, compute);
      await harness.corruptPart(artifactKey(spec), 'v');
      const again = await cache.getOrCompute(spec, compute);
      expect(again.computed).toBe(true);
      expect(calls).toBe(2);
      expect(harness.reports).toHaveLength(1);
    });
  });
}
