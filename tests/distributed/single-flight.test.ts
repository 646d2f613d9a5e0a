/**
 * Single flight across processes on a real PostgreSQL server (issue 15): 50 concurrent requests for one missing
 * artifact (a layer's similarity), 25 from each of two study-service processes, compute it once; both answer the
 * same records, equal to the embedded run's. And the key locks behind it: each held on a connection of its own
 * (two locks, two server backends), released on every path (success, a failing computation), so none leaks.
 * Needs dist/ (npm run build): the two processes run the compiled service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/src/config/config.js';
import { createStudyService } from '../../server/src/study/study-service.js';
import { analysedLayers } from '../../server/src/domain/layer-role.js';
import { copyStore } from '../../server/src/store/copy.js';
import { PostgresArtifactStore } from '../../server/src/store/postgres.js';
import { ArtifactCache } from '../../server/src/store/single-flight.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');

let server: TestPostgres;
let pg: PostgresArtifactStore;
beforeAll(async () => {
  server = await startTestPostgres();
  pg = new PostgresArtifactStore(server.url);
});
afterAll(async () => {
  await pg?.close();
  await server?.stop();
});

interface Child { child: ChildProcess; out: string[]; next(): Promise<string> }

function child(url: string, layer: string, n: number): Child {
  const c = spawn(process.execPath, [join(PROJECT_ROOT, 'tests', 'support', 'flight-child.mjs'), url, layer, String(n)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  let buf = '';
  let err = '';
  c.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  c.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) (waiters.shift() ?? ((x: string) => out.push(x)))(l);
  });
  c.once('exit', (code) => { for (const w of waiters.splice(0)) w(`exit ${code}: ${err.slice(-2000)}`); });
  return { child: c, out, next: () => (out.length ? Promise.resolve(out.shift()!) : new Promise((r) => waiters.push(r))) };
}

async function advisoryLocks(): Promise<{ pid: number }[]> {
  return (await pg.q<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted")).rows;
}

describe('single flight across processes', () => {
  it('50 concurrent requests for one missing key from two processes compute it once', async () => {
    const embedded = new SqliteArtifactStore(join(DATA, 'store.sqlite'), { readonly: true });
    await copyStore(embedded, pg);
    const svc = await createStudyService(loadConfig({ ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1' }, { '--store': server.url }), { store: pg });
    const layer = analysedLayers(svc.pipeline.layers)[2]!.name;
    const target = { key: svc.engine.keyOf(svc.pipeline.layerSimilarities.get(layer)!) };
    await svc.close();
    const want = await embedded.describe(target.key);
    await embedded.close();
    expect(want, `the embedded run stored similarity ${layer}`).toBeDefined();
    expect(await pg.delete(target.key)).toBe(true);

    const kids = [child(server.url, layer, 25), child(server.url, layer, 25)];
    try {
      for (const k of kids) expect(await k.next()).toBe('ready');
      for (const k of kids) k.child.stdin!.write('go\n');
      const results = await Promise.all(kids.map(async (k) => JSON.parse(await k.next()) as { computed: number; distinct: number; records: unknown }));
      expect(results.map((r) => r.computed).sort()).toEqual([0, 1]);
      expect(results.map((r) => r.distinct)).toEqual([1, 1]);
      expect(results[0]!.records).toEqual(results[1]!.records);
      expect((await pg.describe(target!.key))!.parts).toEqual(want!.parts);
    } finally {
      for (const k of kids) if (k.child.exitCode === null) k.child.kill('SIGTERM');
    }
    expect(await advisoryLocks()).toEqual([]);
  }, 600_000);

  it('each key lock holds a connection of its own and is released on every path', async () => {
    const before = (await pg.q<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()')).rows[0]!.n;
    const a = await pg.lock('key-a');
    const b = await pg.lock('key-b');
    const held = await advisoryLocks();
    expect(held.length).toBe(2);
    expect(new Set(held.map((l) => l.pid)).size).toBe(2);
    // A second taker of key-a waits until the first releases it.
    let second = false;
    const waiting = pg.lock('key-a').then((release) => { second = true; return release; });
    await new Promise((r) => setTimeout(r, 500));
    expect(second).toBe(false);
    await a();
    const c = await waiting;
    expect(second).toBe(true);
    await b();
    await c();
    expect(await advisoryLocks()).toEqual([]);

    // A computation that fails releases its lock too (ArtifactCache's finally), and stores nothing.
    const cache = new ArtifactCache(pg);
    const spec = { kind: 'flight', params: { n: 1 }, inputs: {}, codeVersion: 'flight@1' };
    await expect(cache.getOrCompute(spec, async () => { throw new Error('bad input here'); })).rejects.toThrow(/bad input here/);
    expect(await advisoryLocks()).toEqual([]);
    const ok = await cache.getOrCompute(spec, async () => ({ payload: { meta: { v: 1 } } }));
    expect(ok.computed).toBe(true);
    expect(await advisoryLocks()).toEqual([]);
    // Every lock connection is closed again: the backends are back to the pool's.
    await new Promise((r) => setTimeout(r, 200));
    const after = (await pg.q<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()')).rows[0]!.n;
    expect(Number(after)).toBeLessThanOrEqual(Number(before));
  });
});
