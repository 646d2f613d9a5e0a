/**
 * `start --distributed` (issue 15): the server listens at once, enqueues the study's missing artifacts as jobs
 * (similarity in blocks of draws) that two `worker` processes compute, and its API's `progress` follows the jobs
 * across the workers: queued, running, finished, then DONE. The server computes none of them itself, and the
 * merged artifacts equal the embedded run's. Needs dist/ (npm run build).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyStore } from '../../server/src/store/copy.js';
import { PostgresArtifactStore } from '../../server/src/store/postgres.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';
import { cliProcess, stopAll, type CliProcess } from '../support/cli-process.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');
const REDO = ['similarity.layer', 'trends'];

interface Snapshot { state: string; error: string | null; stages: { stage: string; done: number; total: number; detail: string | null }[] }

let server: TestPostgres;
const procs: CliProcess[] = [];
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => {
  await stopAll(procs);
  await server?.stop();
});

describe('start --distributed', () => {
  it('serves at once while two workers compute the queued jobs, with progress across them', async () => {
    const env = { ARSA_STORE: server.url };
    const embedded = new SqliteArtifactStore(join(DATA, 'store.sqlite'), { readonly: true });
    const pg = new PostgresArtifactStore(server.url);
    try {
      await copyStore(embedded, pg);
      for (const kind of REDO) await pg.invalidate(kind);

      const workers = [cliProcess(['worker'], env), cliProcess(['worker'], env)];
      procs.push(...workers);
      await Promise.all(workers.map((w) => w.waitFor(/taking .* jobs/)));
      const start = cliProcess(['start', '--distributed', '--no-site', '--port', '0', '--block-draws', '40', '--job-timeout', '60'], env);
      procs.push(start);
      const url = /serving (http:\/\/\S+?)\/ /.exec(await start.waitFor(/serving http/))![1]!;
      const snapshots: Snapshot[] = [];
      let ready = false;
      void start.waitFor(/ready at/).then(() => { ready = true; }, () => {});
      while (!ready) {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ progress { state error stages { stage done total detail } } }' }),
        });
        const body = (await res.json()) as { data: { progress: Snapshot } };
        snapshots.push(body.data.progress);
        if (body.data.progress.state === 'FAILED') throw new Error(`start failed: ${body.data.progress.error}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const blocksOf = (s: Snapshot) => s.stages.find((x) => x.stage === 'similarity.block');
      // Answered while the jobs ran: some blocks finished and others not yet, some queued or on a worker.
      expect(snapshots.some((s) => s.state === 'RUNNING' && (blocksOf(s)?.done ?? 0) > 0 && blocksOf(s)!.done < blocksOf(s)!.total)).toBe(true);
      expect(snapshots.some((s) => s.stages.some((x) => /queued|on a worker/.test(x.detail ?? '')))).toBe(true);
      const last = (await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ progress { state error stages { stage done total detail } } }' }) })).json()) as { data: { progress: Snapshot } };
      expect(last.data.progress.state).toBe('DONE');
      const layers = (await pg.list('similarity.layer')).length;
      expect(blocksOf(last.data.progress)).toEqual({ stage: 'similarity.block', done: 3 * layers, total: 3 * layers, detail: null });

      // Every job was a worker's: 3 blocks and a merge per layer, and the trend.
      const jobs = workers.flatMap((w) => w.lines.filter((l) => / computed in /.test(l)));
      expect(jobs.length).toBe(4 * layers + 1);
      for (const w of workers) expect(w.lines.some((l) => / computed in /.test(l)), 'both workers took jobs').toBe(true);
      const want = new Map((await embedded.list()).map((i) => [i.key, i] as const));
      for (const kind of REDO) {
        for (const i of await pg.list(kind)) expect(i.parts, `${i.kind} ${i.key}`).toEqual(want.get(i.key)?.parts);
      }
    } finally {
      await embedded.close();
      await pg.close();
    }
  }, 900_000);
});
