import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
// The bundle sits under node_modules/.cache so that better-sqlite3 (kept external: it loads a native addon)
// resolves from the project's node_modules.
const outDir = join(root, 'node_modules', '.cache', 'arsa-tests');
const bundle = join(outDir, `crash-child-${process.pid}.mjs`);
let work: string;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  await build({ entryPoints: [join(here, 'crash-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3'], outfile: bundle, logLevel: 'silent' });
  work = mkdtempSync(join(tmpdir(), 'arsa-crash-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(bundle, { force: true });
});

function runChild(crashIn: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; log: string[] } {
  const env = { ...process.env, STORE: join(work, 'store.sqlite'), LOG_FILE: join(work, 'log.txt'), CRASH_IN: crashIn };
  const r = spawnSync(process.execPath, [bundle], { env, encoding: 'utf8', timeout: 60_000 });
  const logFile = join(work, 'log.txt');
  const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n') : [];
  return { status: r.status, signal: r.signal, stdout: r.stdout, log };
}

describe('a process killed in the middle of a stage', () => {
  it('stores nothing for that stage; the rerun resumes without recomputing finished stages', async () => {
    const first = runChild('c');
    expect(first.signal).toBe('SIGKILL');
    expect(first.log).toEqual(['a', 'b', 'c']);

    const peek = new SqliteArtifactStore(join(work, 'store.sqlite'));
    expect(peek.integrityCheck()).toBe('ok');
    expect((await peek.list()).map((i) => i.kind)).toEqual(['toy.a', 'toy.b']);
    expect(await peek.verifyAll()).toEqual({ checked: 2, corrupt: [] });
    await peek.close();

    const second = runChild('');
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ computed: 2, cached: 2 });
    // a and b computed once in all; c twice (killed, then finished); d once.
    expect(second.log).toEqual(['a', 'b', 'c', 'c', 'd']);

    const after = new SqliteArtifactStore(join(work, 'store.sqlite'));
    expect(after.integrityCheck()).toBe('ok');
    expect(await after.verifyAll()).toEqual({ checked: 4, corrupt: [] });
    await after.close();
  });
});
