import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteArtifactStore } from '../../../server/src/store/sqlite.js';
import { entry, storeContract, type StoreHarness } from './contract.js';

async function make(): Promise<StoreHarness & { path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'arsa-store-'));
  const path = join(dir, 'store.sqlite');
  const reports: { key: string; reason: string }[] = [];
  const store = new SqliteArtifactStore(path, { onCorrupt: (key, reason) => reports.push({ key, reason }) });
  return {
    path,
    store,
    reports,
    // Flip one byte of the BLOB with SQL, as a bad disk or a stray write would.
    corruptPart(key, part) {
      const row = store.database.prepare<[string, string], { data: Buffer }>('SELECT data FROM parts WHERE key = ? AND name = ?').get(key, part)!;
      const bytes = Buffer.from(row.data);
      bytes[bytes.length >> 1] ^= 0x40;
      store.database.prepare('UPDATE parts SET data = ? WHERE key = ? AND name = ?').run(bytes, key, part);
    },
    corruptMetadata(key) {
      store.database.prepare("UPDATE artifacts SET provenance = replace(provenance, '\"cpu\"', '\"gpu\"') WHERE key = ?").run(key);
    },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

storeContract('sqlite', make);

describe('SqliteArtifactStore', () => {
  it('persists across reopen, in WAL mode, with a sound file', async () => {
    const h = await make();
    await h.store.put(entry('k1'));
    await h.store.close();
    const again = new SqliteArtifactStore(h.path);
    try {
      expect(again.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(again.integrityCheck()).toBe('ok');
      const got = await again.get('k1');
      expect(Array.from(got!.payload.i32 as Int32Array)).toEqual([-5, 2147483647]);
    } finally {
      await again.close();
      await h.cleanup();
    }
  });

  it('a put that fails inside its transaction leaves no partial entry', async () => {
    const h = await make();
    const store = h.store as SqliteArtifactStore;
    // A trigger that refuses the second part: the row and the first part were already inserted in the transaction.
    store.database.exec("CREATE TRIGGER refuse BEFORE INSERT ON parts WHEN NEW.name = 'f64' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(store.put(entry('k1'))).rejects.toThrow(/disk full/);
    expect(await store.has('k1')).toBe(false);
    expect(store.database.prepare('SELECT count(*) AS n FROM parts').get()).toEqual({ n: 0 });
    await h.cleanup();
  });
});
