/**
 * Artifact store throughput: put and get (checksums verified) for typical payload sizes, SQLite and memory, and
 * the overhead of single flight on a warm key. Figures only; nothing is asserted.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactCache } from '../server/src/store/single-flight.js';
import { MemoryArtifactStore } from '../server/src/store/memory.js';
import { SqliteArtifactStore } from '../server/src/store/sqlite.js';
import type { ArtifactStore, Payload } from '../server/src/store/types.js';

const PROV = { backend: 'bench', network: 'none', weightsSha256: 'none', computedAt: new Date(0).toISOString(), durationMs: 0 };

const CASES: { name: string; payload: () => Payload; reps: number }[] = [
  { name: 'rdm 40x40 (json meta + f64 780)', payload: () => ({ meta: { ids: Array.from({ length: 40 }, (_, i) => `RE-${i}`) }, vector: new Float64Array(780).map(Math.random) }), reps: 200 },
  { name: 'responses 2x40x2000 f32 (640 kB)', payload: () => ({ meta: { shape: [2, 40, 2000] }, data: new Float32Array(160_000).map(Math.random) }), reps: 20 },
  { name: 'activations 40x100k f32 (16 MB)', payload: () => ({ meta: { shape: [40, 100_000] }, data: new Float32Array(4_000_000).map(Math.random) }), reps: 3 },
  { name: 'activations 40x1M f32 (160 MB)', payload: () => ({ meta: { shape: [40, 1_000_000] }, data: fill(new Float32Array(40_000_000)) }), reps: 1 },
];

function fill(a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = (i % 9973) / 9973;
  return a;
}

function bytesOf(p: Payload): number {
  return Object.values(p).reduce<number>((s, v) => s + (ArrayBuffer.isView(v) ? v.byteLength : JSON.stringify(v).length), 0);
}

async function time(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

async function benchStore(label: string, store: ArtifactStore): Promise<void> {
  for (const c of CASES) {
    const payload = c.payload();
    const mb = bytesOf(payload) / 1e6;
    let i = 0;
    const putMs = await time(() => store.put({ key: `${c.name}-${i++}`, kind: 'bench', params: '{}', inputs: [], codeVersion: 'bench@1', provenance: PROV, payload }), c.reps);
    let j = 0;
    const getMs = await time(() => store.get(`${c.name}-${j++ % c.reps}`), c.reps);
    process.stdout.write(`${label.padEnd(7)} ${c.name.padEnd(36)} put ${putMs.toFixed(2).padStart(8)} ms (${(mb / putMs * 1000).toFixed(0).padStart(5)} MB/s)  get+verify ${getMs.toFixed(2).padStart(8)} ms (${(mb / getMs * 1000).toFixed(0).padStart(5)} MB/s)\n`);
    for (let k = 0; k < c.reps; k++) await store.delete(`${c.name}-${k}`);
  }
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'arsa-bench-store-'));
  try {
    const sqlite = new SqliteArtifactStore(join(dir, 'store.sqlite'));
    await benchStore('sqlite', sqlite);
    await benchStore('memory', new MemoryArtifactStore());

    // Single flight on a warm key: the cost of asking for an artifact that is already stored (a small RDM).
    for (const [label, store] of [['sqlite', sqlite], ['memory', new MemoryArtifactStore()]] as const) {
      const cache = new ArtifactCache(store);
      const spec = { kind: 'bench.sf', params: { n: 1 }, inputs: {}, codeVersion: 'bench@1' };
      await cache.getOrCompute(spec, async () => ({ payload: { v: new Float64Array(780) } }));
      const n = 2000;
      const seqMs = await time(() => cache.getOrCompute(spec, async () => ({ payload: {} })), n);
      const t0 = performance.now();
      await Promise.all(Array.from({ length: n }, () => cache.getOrCompute(spec, async () => ({ payload: {} }))));
      const parMs = (performance.now() - t0) / n;
      // Cold key, 1000 concurrent callers, trivial compute: cost of joining one flight.
      const cold = { ...spec, params: { n: 2 } };
      const t1 = performance.now();
      await Promise.all(Array.from({ length: 1000 }, () => cache.getOrCompute(cold, async () => ({ payload: { v: new Float64Array(780) } }))));
      const coldMs = performance.now() - t1;
      process.stdout.write(`single flight (${label}): warm key ${(seqMs * 1000).toFixed(1)} us/call sequential, ${(parMs * 1000).toFixed(1)} us/call with ${n} concurrent; cold key with 1000 concurrent callers ${coldMs.toFixed(1)} ms in all\n`);
    }
    process.stdout.write(`sqlite file after the runs: ${(statSync(join(dir, 'store.sqlite')).size / 1e6).toFixed(1)} MB (freed pages are reused)\n`);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
