/**
 * `store copy FROM TO` round-trips the warm ci-small study (the global setup's SQLite store) through a real
 * PostgreSQL server and back into a new SQLite file: every entry arrives with the same key, metadata, provenance
 * and checksums, and every payload reads back verified.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { PostgresArtifactStore } from '../../server/src/store/postgres.js';
import { SqliteArtifactStore } from '../../server/src/store/sqlite.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const DATA = process.env.ARSA_API_TEST_DATA ?? join(tmpdir(), 'arsa-api-ci-small');

const cli = (...argv: string[]): ReturnType<typeof runCli> => runCli(argv);

let server: TestPostgres;
let dir: string;
beforeAll(async () => {
  server = await startTestPostgres();
  dir = mkdtempSync(join(tmpdir(), 'arsa-copy-'));
  // A copy of the shared warm store: this test must not write to the file other tests read.
  copyFileSync(join(DATA, 'store.sqlite'), join(dir, 'source.sqlite'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('store copy', () => {
  it('moves every artifact SQLite -> PostgreSQL -> SQLite with identical keys, provenance and checksums', async () => {
    const src = join(dir, 'source.sqlite');
    const back = join(dir, 'back.sqlite');
    const there = await cli('store', 'copy', src, server.url);
    expect(there.code, there.err).toBe(0);
    const summary = JSON.parse(there.out) as { copied: number; present: number; bytes: number };
    const source = new SqliteArtifactStore(src);
    const pg = new PostgresArtifactStore(server.url);
    try {
      const expected = await source.list();
      expect(expected.length).toBeGreaterThan(20);
      expect(summary.copied).toBe(expected.length);
      expect(summary.bytes).toBe(expected.reduce((s, e) => s + e.parts.reduce((t, p) => t + p.byteLength, 0), 0));
      expect(await pg.list()).toEqual(expected);

      const again = await cli('store', 'copy', src, server.url);
      expect(JSON.parse(again.out)).toMatchObject({ copied: 0, present: expected.length });

      const home = await cli('store', 'copy', server.url, back);
      expect(home.code, home.err).toBe(0);
      const returned = new SqliteArtifactStore(back);
      try {
        expect(await returned.list()).toEqual(expected);
        expect(await returned.verifyAll()).toEqual({ checked: expected.length, corrupt: [] });
        // Payloads byte for byte: the largest entry (activations) read from all three stores.
        const big = [...expected].sort((a, b) => b.parts.reduce((s, p) => s + p.byteLength, 0) - a.parts.reduce((s, p) => s + p.byteLength, 0))[0]!;
        const [a, b, c] = await Promise.all([source.get(big.key), pg.get(big.key), returned.get(big.key)]);
        for (const p of big.parts) {
          const bytes = (v: unknown): Buffer => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(JSON.stringify(v)));
          expect(bytes(b!.payload[p.name]).equals(bytes(a!.payload[p.name]))).toBe(true);
          expect(bytes(c!.payload[p.name]).equals(bytes(a!.payload[p.name]))).toBe(true);
        }
      } finally {
        await returned.close();
      }
    } finally {
      await source.close();
      await pg.close();
    }
  });

  it('refuses a missing source and a wrong number of stores, naming what it takes', async () => {
    const missing = await cli('store', 'copy', join(dir, 'nope.sqlite'), server.url);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/source store '.*nope\.sqlite' not found/);
    const one = await cli('store', 'copy', server.url);
    expect(one.code).toBe(1);
    expect(one.err).toMatch(/takes two stores, FROM and TO/);
  });
});
