/** The distributed commands refuse bad flags before doing anything, naming the bad value and the valid ones. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'arsa-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...argv: string[]): ReturnType<typeof runCli> => runCli(argv);

describe('worker and seed --distributed flags', () => {
  it('worker refuses an unknown kind, a bad --max-jobs and a store that is not PostgreSQL', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    expect(await cli('worker', '--store', url, '--kinds', 'network,gpu')).toEqual({ code: 1, out: '', err: "adversarial-rsa worker: unknown worker kind 'gpu'; valid: network, analysis\n" });
    expect((await cli('worker', '--store', url, '--max-jobs', '0')).err).toMatch(/--max-jobs must be a positive integer, got '0'/);
    const sqlite = join(dir, 'store.sqlite');
    expect((await cli('worker', '--store', sqlite)).err).toMatch(/worker needs a PostgreSQL store \(--store postgres:\/\/.*got '.*store\.sqlite'/);
  });

  it('seed --distributed refuses a SQLite store and a bad --job-timeout', async () => {
    const sqlite = join(dir, 'seed.sqlite');
    const r = await cli('seed', '--distributed', '--store', sqlite, '--study', 'ci-small');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/seed --distributed needs a PostgreSQL store/);
    expect((await cli('seed', '--distributed', '--store', sqlite, '--job-timeout', '2')).err).toMatch(/--job-timeout must be an integer number of seconds from 5 to 86400, got '2'/);
  });

  it('--block-draws and start --distributed are checked before anything opens', async () => {
    const sqlite = join(dir, 'block.sqlite');
    const url = 'postgres://nobody@127.0.0.1:1/none';
    expect((await cli('seed', '--distributed', '--store', url, '--block-draws', '0')).err).toMatch(/--block-draws must be an integer from 1 to 100000, got '0'/);
    expect((await cli('start', '--distributed', '--store', url, '--block-draws', 'many')).err).toMatch(/--block-draws must be an integer from 1 to 100000, got 'many'/);
    const r = await cli('start', '--distributed', '--store', sqlite, '--no-site');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/start --distributed needs a PostgreSQL store \(--store postgres:\/\/.*got '.*block\.sqlite'/);
    expect(existsSync(sqlite)).toBe(false);
  });

  it('the store flag keeps a postgres:// URL as given (it is not a path)', async () => {
    const { loadConfig } = await import('../../server/src/config/config.js');
    expect(loadConfig({}, { '--store': 'postgres://u@h:5432/db' }).storePath).toBe('postgres://u@h:5432/db');
    expect(loadConfig({ ARSA_STORE: 'postgresql://u@h/db' }).storePath).toBe('postgresql://u@h/db');
    expect(loadConfig({}, { '--store': 'rel/store.sqlite' }).storePath).toMatch(/^\/.*rel\/store\.sqlite$/);
  });
});
