import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/src/core/hash.js';
import { FileHasher } from '../../../server/src/store/file-hash.js';
import { MemoryArtifactStore } from '../../../server/src/store/memory.js';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'arsa-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FileHasher', () => {
  it('hashes content once per process and per (path, size, mtime) per store; a touched file is re-read with the same hash', async () => {
    const f = join(dir, 'a.bin');
    writeFileSync(f, 'hello');
    const store = new MemoryArtifactStore();
    const h = new FileHasher(store);
    expect(await h.hash(f)).toBe(sha256('hello'));
    expect(await h.hash(f)).toBe(sha256('hello'));
    expect(h.hashed).toBe(1);
    // A second process over the same store: served from the store's table, nothing read.
    const h2 = new FileHasher(store);
    expect(await h2.hash(f)).toBe(sha256('hello'));
    expect(h2.hashed).toBe(0);
    // New mtime, same bytes (a plain cp): re-read, same hash.
    utimesSync(f, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await h2.hash(f)).toBe(sha256('hello'));
    expect(h2.hashed).toBe(1);
    // Changed bytes: a new hash.
    writeFileSync(f, 'hello!');
    expect(await h2.hash(f)).toBe(sha256('hello!'));
  });

  it('survives a reopened SQLite store (the warm start of the next process reads no file)', async () => {
    const f = join(dir, 'b.bin');
    writeFileSync(f, 'weights');
    const path = join(dir, 'store.sqlite');
    const s1 = new SqliteArtifactStore(path);
    await new FileHasher(s1).hash(f);
    await s1.close();
    const s2 = new SqliteArtifactStore(path);
    const h = new FileHasher(s2);
    expect(await h.hash(f)).toBe(sha256('weights'));
    expect(h.hashed).toBe(0);
    await s2.close();
  });

  it('refuses a missing file naming it and whose it is', async () => {
    await expect(new FileHasher().hash(join(dir, 'none.npz'), 'weights file of alexnet')).rejects.toThrow(/weights file of alexnet '.*none\.npz' does not exist/);
    await expect(new FileHasher().hash(dir, 'weights file of alexnet')).rejects.toThrow(/cannot be read: not a regular file/);
  });
});
