/**
 * The distributed seed with the real engine (no mocks): `seed --distributed` of the ci-small study into a real
 * PostgreSQL server, computed by two `worker` processes, one of which is SIGKILLed in the middle of a similarity
 * job and replaced. Every artifact must come out byte-identical (every part's sha256, under the same keys) to the
 * embedded run that the global setup stored in SQLite, the killed job must have been retried by another worker,
 * and nothing partial may be left. Then a job that fails for a domain reason is not retried and its error
 * reaches the coordinator. Needs dist/ (npm run build): workers and seed run as separate processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/src/config/config.js';
import { openBoss } from '../../server/src/queue/boss.js';
import { runDistributed } from '../../server/src/queue/coordinator.js';
import { StudyEngine } from '../../server/src/study/engine.js';
import { defineStage } from '../../server/src/study/stage.js';
import { PostgresArtifactStore } from '../../server/src/store/postgres.js';
import { ArtifactCache } from '../../server/src/store/single-flight.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const BIN = join(PROJECT_ROOT, 'bin', 'adversarial-rsa.js');

interface Proc { child: ChildProcess; lines: string[]; exited: Promise<number | null> }

function cli(args: string[], env: Record<string, string>, onLine?: (line: string, p: Proc) => void): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ARSA_STUDY: 'ci-small', ARSA_WORKERS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = { child, lines: [], exited: new Promise((r) => child.once('exit', (code) => r(code))) };
  let buf = '';
  const take = (d: Buffer): void => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      p.lines.push(l);
      onLine?.(l, p);
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return p;
}

let server: TestPostgres;
const workers: Proc[] = [];
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await server?.stop();
});

describe('seed --distributed with two worker processes', () => {
  it('computes the study exactly as the embedded run did, surviving a worker SIGKILLed mid-similarity job', async () => {
    const env = { ARSA_STORE: server.url };
    let killed: { pid: number; key: string } | undefined;
    const watch = (line: string, p: Proc): void => {
      // The first similarity job of a layer: kill its worker two seconds into it, and start a replacement.
      const m = /^worker \S+:(\d+): similarity \S+ \(([0-9a-f]{12})\) started/.exec(line);
      if (!m || killed) return;
      killed = { pid: Number(m[1]), key: m[2]! };
      setTimeout(() => {
        p.child.kill('SIGKILL');
        workers.push(cli(['worker'], env, watch));
      }, 2000);
    };
    workers.push(cli(['worker'], env, watch), cli(['worker'], env, watch));
    // 45 s: longer than any ci-small job on a busy machine, so only the killed job comes back (a live job past it
    // would only be retried into a wait on its key's lock).
    const seed = cli(['seed', '--distributed', '--job-timeout', '45'], env);
    const code = await seed.exited;
    expect(code, seed.lines.slice(-20).join('\n')).toBe(0);
    const summary = JSON.parse(seed.lines.find((l) => l.startsWith('{'))!) as { computed: number; cached: number };

    expect(killed).toBeDefined();
    const embedded = new SqliteArtifactStore(join(DATA, 'store.sqlite'), { readonly: true });
    const pg = new PostgresArtifactStore(server.url);
    try {
      const want = await embedded.list();
      const got = await pg.list();
      expect(summary.computed + summary.cached).toBe(want.length);
      expect(got.map((i) => i.key)).toEqual(want.map((i) => i.key));
      // Same bytes in every part (provenance differs: times and durations of another run).
      expect(got.map((i) => [i.key, i.parts])).toEqual(want.map((i) => [i.key, i.parts]));
      expect(await pg.verifyAll()).toEqual({ checked: want.length, corrupt: [] });

      // The killed job: retried, and finished by another worker.
      const jobs = await pg.q<{ retry_count: number; state: string; output: { worker?: string } | null }>(
        `SELECT retry_count, state, output FROM pgboss.job WHERE data->>'key' LIKE $1 || '%'
         UNION ALL SELECT retry_count, state, output FROM pgboss.archive WHERE data->>'key' LIKE $1 || '%'`, [killed!.key]);
      expect(jobs.rows.length).toBe(1);
      expect(jobs.rows[0]!.state).toBe('completed');
      expect(jobs.rows[0]!.retry_count).toBeGreaterThanOrEqual(1);
      expect(jobs.rows[0]!.output?.worker).not.toMatch(new RegExp(`:${killed!.pid}$`));
      // Both first workers took jobs (the work was shared).
      for (const w of workers.slice(0, 2)) expect(w.lines.some((l) => / computed in /.test(l))).toBe(true);
    } finally {
      await embedded.close();
      await pg.close();
    }
  }, 900_000);

  it('a job failing for a domain reason is not retried and its error reaches the coordinator', async () => {
    const store = new PostgresArtifactStore(server.url);
    const boss = await openBoss(server.url, { supervise: true, maintenanceSeconds: 2 });
    try {
      const engine = new StudyEngine(new ArtifactCache(store));
      // A stage no worker's graph contains (a version this checkout does not have): the worker refuses its key.
      const stranger = defineStage({ kind: 'rdm.layer', version: '999', label: 'rdm from elsewhere', params: { layer: 'x' }, inputs: {}, compute: async () => ({}) });
      const err = await runDistributed(engine, boss, [stranger], { study: 'ci-small', pollMs: 200 }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error & { code?: string }).code).toBe('NOT_FOUND');
      expect((err as Error).message).toMatch(/stage rdm from elsewhere refused on worker .*has no stage with key/);
      const jobs = await store.q<{ retry_count: number; state: string }>(`SELECT retry_count, state FROM pgboss.job WHERE data->>'label' = 'rdm from elsewhere'
        UNION ALL SELECT retry_count, state FROM pgboss.archive WHERE data->>'label' = 'rdm from elsewhere'`);
      expect(jobs.rows).toEqual([{ retry_count: 0, state: 'completed' }]);
      expect(await store.has(engine.keyOf(stranger))).toBe(false);
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await store.close();
    }
  });
});
