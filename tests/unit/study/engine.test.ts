import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../server/src/core/errors.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import { StudyEngine } from '../../../server/src/study/engine.js';
import { defineStage } from '../../../server/src/study/stage.js';
import { toyChain } from './toy-stages.js';

function setup(): { store: MemoryArtifactStore; engine: StudyEngine } {
  const store = new MemoryArtifactStore({ onCorrupt: () => {} });
  return { store, engine: new StudyEngine(new ArtifactCache(store)) };
}

describe('StudyEngine', () => {
  it('resolves inputs first, computes each artifact once, then reads the store', async () => {
    const { store, engine } = setup();
    const log: string[] = [];
    const [a, b, , d] = toyChain(log);
    const r = await engine.resolve(d!);
    expect(r.computed).toBe(true);
    // d reads b and c, c reads b: b is computed once (diamond), and in dependency order.
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    const av = await engine.resolve(a!);
    const mean = Array.from(av.payload.values as Float64Array).reduce((s, x) => s + x, 0) / 5 * 2;
    expect(r.payload.mean).toBeCloseTo(mean, 12);
    expect(av.computed).toBe(false);
    expect((await store.list()).length).toBe(4);
    const again = await engine.resolve(d!);
    expect(again.computed).toBe(false);
    expect(again.key).toBe(r.key);
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    // Only what is missing is computed: without b and d, resolving d recomputes b (needed by d) and d, not a or c.
    await store.delete(engine.keyOf(b!));
    await store.delete(r.key);
    await engine.resolve(d!);
    expect(log).toEqual(['a', 'b', 'c', 'd', 'b', 'd']);
  });

  it('keys follow the recipe: parameters upstream change every downstream key', () => {
    const { engine } = setup();
    const s2 = toyChain([], { scale: 2 });
    const s2b = toyChain([], { scale: 2 });
    const s3 = toyChain([], { scale: 3 });
    expect(s2.map((s) => engine.keyOf(s))).toEqual(s2b.map((s) => engine.keyOf(s)));
    expect(engine.keyOf(s3[0]!)).toBe(engine.keyOf(s2[0]!));
    for (const i of [1, 2, 3]) expect(engine.keyOf(s3[i]!)).not.toBe(engine.keyOf(s2[i]!));
    const v2 = defineStage({ ...s2[0]!, version: '2' });
    expect(engine.keyOf(v2)).not.toBe(engine.keyOf(s2[0]!));
  });

  it('records provenance: seed, label, duration, inputs, and fields the stage reports', async () => {
    const { engine } = setup();
    const s = defineStage({
      kind: 'toy.net', version: '1', params: { seed: 42 }, inputs: {},
      compute: async (_i, _p, ctx) => {
        ctx.provenance({ backend: 'wasm', network: 'mobilenet_v2', weightsSha256: 'ff00' });
        return { x: ctx.rng.uniform() };
      },
    });
    const r = await engine.resolve(s);
    expect(r.info.provenance).toMatchObject({ backend: 'wasm', network: 'mobilenet_v2', weightsSha256: 'ff00', seed: 42, label: 'toy.net' });
    expect(r.info.provenance.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.info.codeVersion).toBe('toy.net@1');
    expect(r.info.params).toBe('{"seed":42}');
    // The rng is seeded by params.seed: a fresh store gives the same number.
    const other = setup().engine;
    expect((await other.resolve(s)).payload.x).toBe(r.payload.x);
  });

  it('a stage that throws stores nothing; the rerun keeps what finished before it', async () => {
    const { store, engine } = setup();
    const log: string[] = [];
    let fail = true;
    const stages = toyChain(log, { hook: (l) => { if (l === 'c' && fail) throw new Error('out of memory'); } });
    const err = await engine.run([stages[3]!]).catch((e: unknown) => e);
    expect(isDomainError(err) && err.code === 'COMPUTE_FAILED').toBe(true);
    expect((err as Error).message).toMatch(/toy\.c failed: out of memory/);
    expect((await store.list()).map((i) => i.kind).sort()).toEqual(['toy.a', 'toy.b']);
    expect(engine.tracker.snapshot().state).toBe('failed');
    fail = false;
    const r = await engine.run([stages[3]!]);
    expect(r).toEqual({ computed: 2, cached: 2 });
    expect(log).toEqual(['a', 'b', 'c', 'c', 'd']);
    expect(engine.tracker.snapshot().state).toBe('done');
  });

  it('50 concurrent resolutions of one stage compute it (and its inputs) once', async () => {
    const { engine } = setup();
    const log: string[] = [];
    const stages = toyChain(log, { hook: () => new Promise((r) => setTimeout(r, 5)) });
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.resolve(stages[i % 2 === 0 ? 3 : 2]!)));
    expect(log.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(new Set(rs.map((r) => r.key)).size).toBe(2);
  });

  it('run() reports what it computed and what it found', async () => {
    const { engine } = setup();
    const stages = toyChain([]);
    expect(await engine.run([stages[1]!])).toEqual({ computed: 2, cached: 0 });
    expect(await engine.run(stages)).toEqual({ computed: 2, cached: 2 });
    expect(await engine.run(stages)).toEqual({ computed: 0, cached: 4 });
  });
});
