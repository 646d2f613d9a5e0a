/**
 * The store going away mid-run (issue 15), on a throwaway cluster of this test's own: PostgreSQL is stopped
 * (pg_ctl stop -m fast) while `seed --distributed` and two workers compute the ci-small similarity stages in
 * blocks. The seed stops with a clear error naming the server's URL without its password; the workers outlive the
 * outage; once the server is back, running the seed again resumes: what finished before is not recomputed (same
 * stored_at), and every artifact equals the embedded run's. Needs dist/ (npm run build).
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
const REDO = ['similarity.layer', 'similarity.block', 'trends'];

let server: TestPostgres;
const procs: CliProcess[] = [];
beforeAll(async () => { server = await startTestPostgres({ own: true }); });
afterAll(async () => {
  await stopAll(procs);
  await server?.stop();
});

describe('the store going away during seed --distributed', () => {
  it('fails clearly, and a second run resumes without recomputing what finished, with identical results', async () => {
    // The trust cluster accepts any password: one in the URL checks that no message shows it.
    const withPassword = new URL(server.url);
    withPassword.password = 'sekret';
    const env = { ARSA_STORE: withPassword.toString() };
    const pg = new PostgresArtifactStore(server.url);
    const embedded = new SqliteArtifactStore(join(DATA, 'store.sqlite'), { readonly: true });
    try {
      await copyStore(embedded, pg);
      for (const kind of REDO) await pg.invalidate(kind);
      await pg.close();

      let computedJobs = 0;
      const count = (line: string): void => { if (/ computed in /.test(line)) computedJobs++; };
      procs.push(cliProcess(['worker'], env, count), cliProcess(['worker'], env, count));
      const first = cliProcess(['seed', '--distributed', '--only', 'similarity', '--block-draws', '40', '--job-timeout', '20'], env);
      procs.push(first);
      while (computedJobs < 4 && first.child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(first.child.exitCode, first.lines.slice(-20).join('\n')).toBeNull();

      let code: number | null = null;
      await server.restart!(async () => { code = await first.exited; });
      expect(code).not.toBe(0);
      const said = first.lines.join('\n');
      expect(said).toMatch(/went away during the run .*run the same command again once the server is back/);
      expect(said).toContain(`at ${server.url}`);
      expect(said).not.toContain('sekret');
      for (const w of procs.slice(0, 2)) expect(w.child.exitCode, 'a worker outlives the outage').toBeNull();

      const store = new PostgresArtifactStore(server.url);
      try {
        const storedAt = async (): Promise<Map<string, string>> => new Map((await store.q<{ key: string; at: string }>(
          'SELECT key, stored_at::text AS at FROM arsa_artifacts')).rows.map((r) => [r.key, r.at] as const));
        const before = await storedAt();
        computedJobs = 0;
        const redone = (await store.list()).filter((i) => REDO.includes(i.kind));
        expect(redone.length, 'some similarity work finished before the outage').toBeGreaterThan(0);

        const second = cliProcess(['seed', '--distributed', '--only', 'similarity', '--block-draws', '40', '--job-timeout', '20'], env);
        procs.push(second);
        expect(await second.exited, second.lines.slice(-20).join('\n')).toBe(0);
        const summary = JSON.parse(second.lines.find((l) => l.startsWith('{'))!) as { computed: number; cached: number };
        const after = await storedAt();
        for (const [key, at] of before) expect(after.get(key), `artifact ${key} kept`).toBe(at);
        // Nothing finished was computed again: every computation of the second run stored a new artifact.
        expect(computedJobs).toBe(after.size - before.size);
        expect(summary.computed).toBeLessThanOrEqual(after.size - before.size);
        expect(summary.computed).toBeGreaterThan(0);

        // Every artifact of the study the embedded run made is there with the same bytes (blocks are the run's own).
        const want = new Map((await embedded.list()).map((i) => [i.key, i] as const));
        const got = (await store.list()).filter((i) => i.kind !== 'similarity.block');
        for (const i of got) expect(i.parts, `${i.kind} ${i.key}`).toEqual(want.get(i.key)?.parts);
        expect(got.filter((i) => i.kind === 'similarity.layer').length).toBe((await embedded.list('similarity.layer')).filter((i) => after.has(i.key)).length);
        expect(await store.verifyAll()).toEqual({ checked: after.size, corrupt: [] });
      } finally {
        await store.close();
      }
    } finally {
      await embedded.close();
    }
  }, 900_000);
});
