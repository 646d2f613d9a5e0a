/**
 * The distributed seed with the real engine (no mocks): `seed --distributed` of the ci-small study into a real
 * PostgreSQL server, computed by two `worker` processes, one of which is SIGKILLed in the middle of a similarity
 * job and replaced. Every artifact must come out byte-identical (every part's sha256, under the same keys) to the
 * embedded run that the global setup stored in SQLite, the killed job must have been retried by another worker,
 * and nothing partial may be left. Then a job that fails for a domain reason is not retried and its error
 * reaches the coordinator. Needs dist/ (npm run build): workers and seed run as separate processes.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoss } from '../../server/src/queue/boss.js';
import { runDistributed } from '../../server/src/queue/coordinator.js';
import { StudyEngine } from '../../server/src/study/engine.js';
import { defineStage } from '../../server/src/study/stage.js';
import { PostgresArtifactStore } from '../../server/src/store/postgres.js';
import { ArtifactCache } from '../../server/src/store/single-flight.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';
import { cliProcess as cli, stopAll, type CliProcess as Proc } from '../support/cli-process.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');

let server: TestPostgres;
const workers: Proc[] = [];
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => {
  await stopAll(workers);
  await server?.stop();
});

describe('seed --distributed with two worker processes', () => {
  it('computes the study exactly as the embedded run did, surviving a worker SIGKILLed mid-similarity job', async () => {
    const env = { ARSA_STORE: server.url };
    let killed: { pid: number; key: string } | undefined;
    const watch = (line: string, p: Proc): void => {
      // The first job of a layer's similarity draws (a block of them: the run splits the draws): kill its worker
      // in the middle of it (its inputs read from the store, its draws under way), and start a replacement.
      const m = /^worker \S+:(\d+): similarity \S+ draws \d+-\d+ \(([0-9a-f]{12})\) started/.exec(line);
      if (!m || killed) return;
      killed = { pid: Number(m[1]), key: m[2]! };
      setTimeout(() => {
        p.child.kill('SIGKILL');
        workers.push(cli(['worker'], env, watch));
      }, 300);
    };
    workers.push(cli(['worker'], env, watch), cli(['worker'], env, watch));
    // 45 s: longer than any ci-small job on a busy machine, so only the killed job comes back (a live job past it
    // would only be retried into a wait on its key's lock).
    // 40 draws per block: ci-small's 100 draws make 3 similarity jobs per layer; encoding is one per subject x ROI.
    const seed = cli(['seed', '--distributed', '--job-timeout', '45', '--block-draws', '40'], env);
    const code = await seed.exited;
    expect(code, seed.lines.slice(-20).join('\n')).toBe(0);
    const summary = JSON.parse(seed.lines.find((l) => l.startsWith('{'))!) as { computed: number; cached: number };

    expect(killed).toBeDefined();
    const embedded = new SqliteArtifactStore(join(DATA, 'store.sqlite'), { readonly: true });
    const pg = new PostgresArtifactStore(server.url);
    try {
      // The shared embedded store may also hold other studies' and grid cells' artifacts: compare the study's
      // own (every artifact the distributed run stored must be there, under the same key, with the same bytes).
      const embeddedByKey = new Map((await embedded.list()).map((i) => [i.key, i] as const));
      const all = await pg.list();
      expect(all.length).toBe(summary.computed + summary.cached);
      // The blocks are the run's own artifacts; every other one must be the embedded run's.
      const got = all.filter((i) => !i.kind.endsWith('.block'));
      expect(all.filter((i) => i.kind === 'similarity.block').length).toBe(3 * (await pg.list('similarity.layer')).length);
      expect(all.filter((i) => i.kind === 'encoding.block').length).toBe(2 * 5 * (await pg.list('encoding')).length);
      const missing = got.filter((i) => !embeddedByKey.has(i.key)).map((i) => `${i.kind} ${i.key}`);
      expect(missing, 'computed by the distributed run but not by the embedded one').toEqual([]);
      const want = got.map((i) => embeddedByKey.get(i.key)!);
      // Same bytes in every part (provenance differs: times and durations of another run).
      expect(got.map((i) => [i.key, i.parts])).toEqual(want.map((i) => [i.key, i.parts]));
      expect(await pg.verifyAll()).toEqual({ checked: all.length, corrupt: [] });

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

  it('a job failing for a domain reason is not retried and its error reaches the coordinator and the progress', async () => {
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
      // What the API's progress field (StudyService.progress: the engine's tracker) then says.
      const progress = engine.tracker.snapshot();
      expect(progress.state).toBe('failed');
      expect(progress.error).toMatch(/^rdm from elsewhere: stage rdm from elsewhere refused on worker .*has no stage with key/);
    } finally {
      await boss.stop({ graceful: false, wait: true });
      await store.close();
    }
  });
});
