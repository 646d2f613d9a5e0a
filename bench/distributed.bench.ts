/**
 * `npm run bench -- distributed`: what scaling out costs and gains on this machine, in one run.
 *  1. The artifact store's put and get (checksums verified) on PostgreSQL beside SQLite's, same payloads, same
 *     run (house style 19: the SQLite figure is the peer), from an RDM to one layer's activations (130 MB).
 *  2. The ci-small study's similarity stages (4 block jobs and a merge per layer, one job per subject, then trends) with 1 and with 2
 *     `worker` processes taking jobs from the PostgreSQL queue; the other artifacts are copied in from the
 *     embedded store first (ARSA_API_TEST_DATA, default <tmpdir>/arsa-api-ci-small, computed by `npm test`'s
 *     global setup or by `seed --study ci-small`).
 * The server is ARSA_TEST_PG_URL, or a throwaway cluster from Debian's `postgresql` binaries. Figures only.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/src/config/config.js';
import { copyStore } from '../server/src/store/copy.js';
import { PostgresArtifactStore } from '../server/src/store/postgres.js';
import { SqliteArtifactStore } from '../server/src/store/sqlite.js';
import type { ArtifactStore, Payload } from '../server/src/store/types.js';
import { startTestPostgres } from '../tests/support/postgres.js';

const PROV = { backend: 'bench', network: 'none', weightsSha256: 'none', computedAt: new Date(0).toISOString(), durationMs: 0 };

function ramp(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (i % 9973) / 9973;
  return a;
}

const CASES: { name: string; payload: () => Payload; reps: number }[] = [
  { name: 'rdm 40x40 (json meta + f64 780)', payload: () => ({ meta: { ids: Array.from({ length: 40 }, (_, i) => `RE-${i}`) }, vector: new Float64Array(780).map(Math.random) }), reps: 200 },
  { name: 'responses 2x40x2000 f32 (640 kB)', payload: () => ({ meta: { shape: [2, 40, 2000] }, data: ramp(160_000) }), reps: 20 },
  { name: 'activations 40x100k f32 (16 MB)', payload: () => ({ meta: { shape: [40, 100_000] }, data: ramp(4_000_000) }), reps: 3 },
  { name: 'activations 40x813k f32 (130 MB)', payload: () => ({ meta: { shape: [40, 813_000] }, data: ramp(32_520_000) }), reps: 1 },
];

async function ms(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

async function throughput(label: string, store: ArtifactStore): Promise<void> {
  for (const c of CASES) {
    const payload = c.payload();
    const mb = Object.values(payload).reduce<number>((s, v) => s + (ArrayBuffer.isView(v) ? v.byteLength : JSON.stringify(v).length), 0) / 1e6;
    let i = 0;
    const put = await ms(() => store.put({ key: `${c.name}-${i++}`, kind: 'bench', params: '{}', inputs: [], codeVersion: 'bench@1', provenance: PROV, payload }), c.reps);
    let j = 0;
    const get = await ms(() => store.get(`${c.name}-${j++ % c.reps}`), c.reps);
    process.stdout.write(`${label.padEnd(8)} ${c.name.padEnd(34)} put ${put.toFixed(2).padStart(8)} ms (${(mb / put * 1000).toFixed(0).padStart(5)} MB/s)  get+verify ${get.toFixed(2).padStart(8)} ms (${(mb / get * 1000).toFixed(0).padStart(5)} MB/s)\n`);
    for (let k = 0; k < c.reps; k++) await store.delete(`${c.name}-${k}`);
  }
}

function run(args: string[], env: Record<string, string>): { done: Promise<number | null>; ready: Promise<void>; kill: () => void } {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'adversarial-rsa.js'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  // A worker is ready once it says what it takes (its start-up, loading tfjs, is then outside the timing).
  const ready = new Promise<void>((r) => child.stderr!.on('data', (d: Buffer) => { if (d.toString().includes('taking')) r(); }));
  return { done: new Promise((r) => child.once('exit', r)), ready, kill: () => child.kill('SIGTERM') };
}

/** Seconds for `seed --distributed --only similarity` with n workers, the similarity artifacts removed first. */
async function similarityWith(n: number, url: string, store: PostgresArtifactStore): Promise<number> {
  for (const kind of ['similarity.layer', 'similarity.block', 'similarity.roi', 'trends']) await store.invalidate(kind);
  const env = { ARSA_STORE: url, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1' };
  const workers = Array.from({ length: n }, () => run(['worker'], env));
  await Promise.all(workers.map((w) => w.ready));
  const t0 = performance.now();
  // 25 draws per block: ci-small's 100 draws make 4 jobs per layer, then a merge (what a full study's 1000 draws
  // make with the default 250).
  const code = await run(['seed', '--distributed', '--only', 'similarity', '--block-draws', '25'], env).done;
  const s = (performance.now() - t0) / 1000;
  for (const w of workers) w.kill();
  await Promise.all(workers.map((w) => w.done));
  if (code !== 0) throw new Error(`seed --distributed with ${n} workers exited ${code}`);
  return s;
}

export default async function (): Promise<void> {
  const pg = await startTestPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'arsa-bench-dist-'));
  const store = new PostgresArtifactStore(pg.url);
  try {
    const sqlite = new SqliteArtifactStore(join(dir, 'store.sqlite'));
    await throughput('sqlite', sqlite);
    await throughput('postgres', store);
    await sqlite.close();

    const warm = join(process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small'), 'store.sqlite');
    if (!existsSync(warm)) {
      process.stdout.write(`similarity with 1 and 2 workers: skipped, no embedded ci-small store at ${warm} (run \`seed --study ci-small\` first)\n`);
      return;
    }
    const src = new SqliteArtifactStore(warm, { readonly: true });
    await copyStore(src, store);
    await src.close();
    const load0 = loadavg()[0]!;
    const one = await similarityWith(1, pg.url, store);
    const two = await similarityWith(2, pg.url, store);
    process.stdout.write(`ci-small similarity stages (4 blocks of draws and a merge per layer, one job per subject, then trends): 1 worker ${one.toFixed(1)} s, 2 workers ${two.toFixed(1)} s (speed-up ${(one / two).toFixed(2)}x; each worker --workers 1; ${cpus().length} cores, load average ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after: other processes share these cores)\n`);
  } finally {
    await store.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
