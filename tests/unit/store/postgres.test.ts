import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresArtifactStore, CHUNK_BYTES } from '../../../server/src/store/postgres.js';
import { ArtifactCache } from '../../../server/src/store/single-flight.js';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.js';
import { entry, storeContract, type StoreHarness } from './contract.js';

// A real server: a throwaway cluster from Debian's `postgresql` binaries, or ARSA_TEST_PG_URL (tests/support).
let server: TestPostgres;
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => server?.stop());

async function make(): Promise<StoreHarness & { store: PostgresArtifactStore }> {
  const reports: { key: string; reason: string }[] = [];
  const store = new PostgresArtifactStore(server.url, { onCorrupt: (key, reason) => reports.push({ key, reason }) });
  // Each test starts from an empty store (one database per file, tables emptied here).
  await store.q('TRUNCATE arsa_artifacts CASCADE');
  return {
    store,
    reports,
    // Flip one byte of the stored bytea with SQL, as a bad disk or a stray write would.
    async corruptPart(key, part) {
      await store.q('UPDATE arsa_chunks SET data = set_byte(data, length(data) / 2, get_byte(data, length(data) / 2) # 64) WHERE key = $1 AND name = $2 AND seq = 0', [key, part]);
    },
    async corruptMetadata(key) {
      await store.q(`UPDATE arsa_artifacts SET provenance = replace(provenance, '"cpu"', '"gpu"') WHERE key = $1`, [key]);
    },
    async cleanup() {
      await store.close();
    },
  };
}

storeContract('postgres', make);

describe('PostgresArtifactStore', () => {
  it('stores a part larger than one chunk in chunks and reads it back whole and verified', async () => {
    const h = await make();
    try {
      const n = Math.floor((2.5 * CHUNK_BYTES) / 4);
      const big = new Float32Array(n);
      for (let i = 0; i < n; i++) big[i] = Math.sin(i);
      await h.store.put(entry('big', 'toy', { payload: { acts: big, meta: { n } } }));
      const chunks = await h.store.q<{ n: number }>("SELECT count(*)::int AS n FROM arsa_chunks WHERE key = 'big' AND name = 'acts'");
      expect(chunks.rows[0]!.n).toBe(3);
      const got = (await h.store.getPart('big', 'acts')) as Float32Array;
      expect(got).toBeInstanceOf(Float32Array);
      expect(got.length).toBe(n);
      expect(got[n - 1]).toBe(big[n - 1]);
      expect(Buffer.from(got.buffer).equals(Buffer.from(big.buffer))).toBe(true);
      // A missing middle chunk is corruption, not a short array.
      await h.store.q("DELETE FROM arsa_chunks WHERE key = 'big' AND name = 'acts' AND seq = 1");
      expect(await h.store.get('big')).toBeUndefined();
      expect(h.reports[0]!.reason).toMatch(/acts/);
    } finally {
      await h.cleanup();
    }
  });

  it('a put that fails inside its transaction leaves no partial entry', async () => {
    const h = await make();
    try {
      // A trigger that refuses the second part: the row and the first part were already inserted in the transaction.
      await h.store.q(`CREATE OR REPLACE FUNCTION arsa_refuse() RETURNS trigger AS $$ BEGIN IF NEW.name = 'f64' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await h.store.q('CREATE TRIGGER refuse BEFORE INSERT ON arsa_chunks FOR EACH ROW EXECUTE FUNCTION arsa_refuse()');
      try {
        await expect(h.store.put(entry('k1'))).rejects.toThrow(/disk full/);
        expect(await h.store.has('k1')).toBe(false);
        expect((await h.store.q('SELECT 1 FROM arsa_chunks')).rowCount).toBe(0);
      } finally {
        await h.store.q('DROP TRIGGER refuse ON arsa_chunks');
      }
    } finally {
      await h.cleanup();
    }
  });

  it('single flight across processes: two stores on one server compute a key once, the second waits for it', async () => {
    const a = await make();
    const b = new PostgresArtifactStore(server.url);
    try {
      let calls = 0;
      const spec = { kind: 'toy', params: { n: 1 }, inputs: {}, codeVersion: 'toy@1' };
      const compute = async () => { calls++; await new Promise((r) => setTimeout(r, 200)); return { payload: { v: new Float64Array([calls]) } }; };
      // Two caches = two processes' in-memory single flight; only the advisory lock keeps them from both computing.
      const caches = [new ArtifactCache(a.store), new ArtifactCache(b)];
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => caches[i % 2]!.getOrCompute(spec, compute)));
      expect(calls).toBe(1);
      expect(results.filter((r) => r.computed).length).toBe(25);
      expect(new Set(results.map((r) => Array.from(r.payload.v as Float64Array)[0]))).toEqual(new Set([1]));
    } finally {
      await b.close();
      await a.cleanup();
    }
  });

  it('an unreachable server is a clear error naming it, without the password', async () => {
    const s = new PostgresArtifactStore('postgres://u:secret@127.0.0.1:1/nope');
    try {
      const err = await s.has('k').catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/PostgreSQL store at postgres:\/\/u@127\.0\.0\.1:1\/nope unreachable/);
      expect((err as Error).message).not.toMatch(/secret/);
    } finally {
      await s.close();
    }
  });
});

describe('PostgresArtifactStore when the server goes away', () => {
  it('fails with a clear error while the server is down and resumes, with its data, once it is back', async () => {
    // A cluster of this test's own: it is stopped and started again.
    const own = await startTestPostgres({ own: true });
    const store = new PostgresArtifactStore(own.url);
    try {
      await store.put(entry('before'));
      await own.restart!(async () => {
        const err = await store.get('before').catch((e: Error) => e);
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).message).toMatch(/PostgreSQL store at .* unreachable/);
        await expect(store.put(entry('during'))).rejects.toThrow(/unreachable/);
      });
      // Same store object, new connections: the earlier entry is there, the refused one is not, writes work.
      expect(Array.from((await store.getPart('before', 'i32')) as Int32Array)).toEqual([-5, 2147483647]);
      expect(await store.has('during')).toBe(false);
      await store.put(entry('after'));
      expect((await store.list()).map((i) => i.key)).toEqual(['after', 'before']);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
