import pg from 'pg';
import { DomainError } from '../core/errors.js';
import { decodePart, defaultCorruptionHandler, entryChecksum, partMismatch, prepareEntry } from './codec.js';
import { rowInfo, type ArtifactRow } from './row.js';
import type {
  FileHashRecord,
  ArtifactEntry, ArtifactInfo, ArtifactProvenance, ArtifactStore, BinaryPart, CorruptionHandler, JsonValue,
  NewArtifact, PartInfo, Payload,
} from './types.js';

/**
 * The artifact store on a PostgreSQL server, for a study served by one server to many workers on many machines.
 * Same contract as the SQLite store (tests/unit/store/contract.ts), same bytes and checksums (codec.ts), same
 * metadata texts, so `store copy` moves entries between the two unchanged.
 *
 * Layout: `arsa_artifacts` holds one row per entry (the metadata texts SQLite keeps); `arsa_chunks` holds the
 * bytes of every part in chunks of CHUNK_BYTES (an activations part is ~130 MB for one layer, and PostgreSQL
 * caps one bytea at 1 GB and one protocol message's buffer at what a client can hold). A put sends the chunks as
 * views of the caller's array, and a read allocates the part once and fills it chunk by chunk, so a part is never
 * held twice in memory. One transaction per put: the row and every chunk commit together or not at all, also
 * when the writer is killed mid-put (the server rolls its transaction back when the connection drops).
 *
 * Keys and kinds are compared and ordered with COLLATE "C" (bytewise, like SQLite's BINARY), so `list` orders
 * entries exactly as SQLite does whatever the database's locale.
 */
export interface PostgresStoreOptions {
  readonly onCorrupt?: CorruptionHandler;
  /** Connections in the pool (default 8). */
  readonly poolSize?: number;
}

/** 4 MiB: small enough for any server's defaults, large enough that a 130 MB part is ~33 round trips. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS arsa_artifacts (
  key TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT COLLATE "C" NOT NULL,
  params TEXT NOT NULL,
  inputs TEXT NOT NULL,
  code_version TEXT NOT NULL,
  provenance TEXT NOT NULL,
  parts TEXT NOT NULL,
  checksum TEXT NOT NULL,
  stored_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS arsa_artifacts_kind ON arsa_artifacts(kind, key);
CREATE TABLE IF NOT EXISTS arsa_chunks (
  key TEXT COLLATE "C" NOT NULL REFERENCES arsa_artifacts(key) ON DELETE CASCADE,
  name TEXT COLLATE "C" NOT NULL,
  seq INTEGER NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (key, name, seq)
);
ALTER TABLE arsa_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE IF NOT EXISTS arsa_file_hashes (
  path TEXT COLLATE "C" PRIMARY KEY,
  size BIGINT NOT NULL,
  mtime_ms DOUBLE PRECISION NOT NULL,
  sha256 TEXT NOT NULL
);
`;

const ROW = 'key, kind, params, inputs, code_version, provenance, parts, checksum';

/**
 * node-postgres reads results as text only, where bytea comes as hex (twice the bytes). Base64 is a third smaller
 * and Node decodes it faster: measured 2-3x the read throughput of hex on 4 MiB chunks. PostgreSQL breaks base64
 * lines every 76 characters; Node's decoder skips the line breaks, and every part's sha256 is checked anyway.
 */
const CHUNK_TEXT = "encode(data, 'base64')";

function fromText(b64: string | undefined): Buffer | undefined {
  return b64 === undefined ? undefined : Buffer.from(b64, 'base64');
}

type Queryable = pg.Pool | pg.PoolClient;
type PartRead = { value: JsonValue | BinaryPart } | { why: string };

export class PostgresArtifactStore implements ArtifactStore {
  readonly name = 'postgres';
  /** The URL without its password (for messages and logs). */
  readonly location: string;
  private readonly url: string;
  private readonly pool: pg.Pool;
  private readonly onCorrupt: CorruptionHandler;
  private ready: Promise<void> | undefined;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.url = url;
    this.location = redact(url);
    this.onCorrupt = options.onCorrupt ?? defaultCorruptionHandler;
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 8 });
    // An idle connection that the server drops (restart, failover) emits 'error'; without a listener that would
    // end the process. The next query then opens a new connection, or fails with a clear error (see `q`).
    this.pool.on('error', () => {});
    // A client checked out when the server goes away emits it on itself: a query in flight is rejected anyway,
    // so the event needs no one, but unheard it would end the process (a worker must outlive a server restart).
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  async get(key: string): Promise<ArtifactEntry | undefined> {
    const read = await this.snapshot(async (c): Promise<{ why: string } | { entry: ArtifactEntry } | undefined> => {
      const row = await this.row(c, key);
      if (!row) return undefined;
      const info = this.checkedInfo(row);
      if (typeof info === 'string') return { why: info };
      // One query for every part's chunk count and size, one for all single-chunk parts' bytes (most parts are
      // small): a small entry is read in a handful of round trips whatever its number of parts.
      const stats = await this.partStats(c, key);
      const singles = info.parts.filter((p) => stats.get(p.name)?.n === 1).map((p) => p.name);
      const first = new Map<string, Buffer>();
      if (singles.length > 0) {
        const r = await c.query<{ name: string; data: string }>(`SELECT name, ${CHUNK_TEXT} AS data FROM arsa_chunks WHERE key = $1 AND seq = 0 AND name = ANY($2)`, [key, singles]);
        for (const row of r.rows) first.set(row.name, Buffer.from(row.data, 'base64'));
      }
      const payload: Record<string, JsonValue | BinaryPart> = {};
      for (const p of info.parts) {
        const v = await this.readPart(c, info, p, stats.get(p.name), first.get(p.name));
        if ('why' in v) return v;
        payload[p.name] = v.value;
      }
      if (stats.size !== info.parts.length) return { why: `${stats.size} stored parts, expected ${info.parts.length}` };
      return { entry: { ...info, payload: payload as Payload } };
    });
    if (!read) return undefined;
    if ('why' in read) return this.corrupt(key, read.why);
    return read.entry;
  }

  async getPart(key: string, part: string): Promise<JsonValue | BinaryPart | undefined> {
    const read = await this.snapshot(async (c): Promise<PartRead | undefined> => {
      const row = await this.row(c, key);
      if (!row) return undefined;
      const info = this.checkedInfo(row);
      if (typeof info === 'string') return { why: info };
      const p = info.parts.find((x) => x.name === part);
      if (!p) throw new DomainError('NOT_FOUND', `artifact ${key} (${info.kind}) has no part '${part}'; valid: ${info.parts.map((x) => x.name).join(', ')}`);
      return this.readPart(c, info, p, (await this.partStats(c, key, part)).get(part));
    });
    if (!read) return undefined;
    if ('why' in read) return this.corrupt(key, read.why);
    return read.value;
  }

  async put(entry: NewArtifact): Promise<ArtifactInfo> {
    const { info, parts } = prepareEntry(entry);
    return this.transaction(async (c) => {
      // ON CONFLICT DO NOTHING waits for a concurrent put of the same key to commit, then keeps that entry.
      const ins = await c.query('INSERT INTO arsa_artifacts (key, kind, params, inputs, code_version, provenance, parts, checksum) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING',
        [info.key, info.kind, info.params, JSON.stringify(info.inputs), info.codeVersion, JSON.stringify(info.provenance), JSON.stringify(info.parts), info.checksum]);
      if (ins.rowCount === 0) return rowInfo((await this.row(c, info.key))!);
      for (const p of parts) {
        const n = Math.max(1, Math.ceil(p.bytes.byteLength / CHUNK_BYTES));
        for (let seq = 0; seq < n; seq++) {
          const start = seq * CHUNK_BYTES;
          const len = Math.min(CHUNK_BYTES, p.bytes.byteLength - start);
          // A view, not a copy: the driver writes it straight into the socket as a binary parameter.
          const chunk = Buffer.from(p.bytes.buffer, p.bytes.byteOffset + start, len);
          await c.query('INSERT INTO arsa_chunks (key, name, seq, data) VALUES ($1, $2, $3, $4)', [info.key, p.name, seq, chunk]);
        }
      }
      return info;
    });
  }

  async has(key: string): Promise<boolean> {
    return ((await this.q('SELECT 1 FROM arsa_artifacts WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  async list(kind?: string): Promise<ArtifactInfo[]> {
    const rows = kind === undefined
      ? await this.q<ArtifactRow>(`SELECT ${ROW} FROM arsa_artifacts ORDER BY kind, key`)
      : await this.q<ArtifactRow>(`SELECT ${ROW} FROM arsa_artifacts WHERE kind = $1 ORDER BY key`, [kind]);
    const out: ArtifactInfo[] = [];
    for (const r of rows.rows) {
      const info = await this.verifiedInfo(r);
      if (info) out.push(info);
    }
    return out;
  }

  async describe(key: string): Promise<ArtifactInfo | undefined> {
    const r = await this.q<ArtifactRow>(`SELECT ${ROW} FROM arsa_artifacts WHERE key = $1`, [key]);
    return r.rows[0] ? this.verifiedInfo(r.rows[0]) : undefined;
  }

  async delete(key: string): Promise<boolean> {
    return ((await this.q('DELETE FROM arsa_artifacts WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  async invalidate(kind: string): Promise<number> {
    return (await this.q('DELETE FROM arsa_artifacts WHERE kind = $1', [kind])).rowCount ?? 0;
  }

  async verifyAll(): Promise<{ checked: number; corrupt: string[] }> {
    const keys = (await this.q<{ key: string }>('SELECT key FROM arsa_artifacts ORDER BY key')).rows.map((r) => r.key);
    const corrupt: string[] = [];
    for (const k of keys) if ((await this.get(k)) === undefined) corrupt.push(k);
    return { checked: keys.length, corrupt };
  }

  /**
   * The content-hash cache of external files (models, weights, photos) by path, size and mtime, as in SQLite's
   * file_hashes table. Paths are the reading machine's, so workers on other machines with other paths simply
   * hash their own copies once.
   */
  async fileHash(path: string, size: number, mtimeMs: number): Promise<string | undefined> {
    const r = await this.q<{ sha256: string }>('SELECT sha256 FROM arsa_file_hashes WHERE path = $1 AND size = $2 AND mtime_ms = $3', [path, size, mtimeMs]);
    return r.rows[0]?.sha256;
  }

  async putFileHash(r: FileHashRecord): Promise<void> {
    await this.q('INSERT INTO arsa_file_hashes (path, size, mtime_ms, sha256) VALUES ($1, $2, $3, $4) ON CONFLICT (path) DO UPDATE SET size = EXCLUDED.size, mtime_ms = EXCLUDED.mtime_ms, sha256 = EXCLUDED.sha256', [r.path, r.size, r.mtimeMs, r.sha256]);
  }

  /**
   * Single flight across processes and machines: a session-level advisory lock on the key, held on a connection
   * of its own (not the pool's, so nested locks of a stage and its inputs never starve the pool). A process that
   * dies drops its connection, and the server releases the lock with it.
   */
  async lock(key: string): Promise<() => Promise<void>> {
    await this.init();
    const c = new pg.Client({ connectionString: this.url });
    c.on('error', () => {});
    await this.wrap(async () => {
      await c.connect();
      await c.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`arsa:${key}`]);
    }).catch(async (e: unknown) => { await c.end().catch(() => {}); throw e; });
    return async () => { await c.end().catch(() => {}); };
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }

  /** Runs a statement on the pool (schema created first). */
  async q<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    await this.init();
    return this.wrap(() => this.pool.query<R>(text, values));
  }

  private init(): Promise<void> {
    this.ready ??= this.wrap(async () => {
      const c = await this.pool.connect();
      try {
        // Two processes creating the tables at once would collide in the catalog: serialise them.
        await c.query('BEGIN');
        await c.query("SELECT pg_advisory_xact_lock(hashtextextended('arsa:schema', 0))");
        await c.query(SCHEMA);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    });
    // A server that is down now may be up at the next call: do not remember the failure.
    this.ready.catch(() => { this.ready = undefined; });
    return this.ready;
  }

  /** Connection failures become one clear error naming the server; the next call tries again. */
  private async wrap<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === undefined || /^(ECONN|ENOTFOUND|ETIMEDOUT|EPIPE|57P|08)/.test(err.code) || /terminat|Connection/i.test(err.message ?? '')) {
        throw new DomainError('NOT_FOUND', `PostgreSQL store at ${this.location} unreachable: ${err.message ?? String(e)}`, { store: this.location });
      }
      throw e;
    }
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    await this.init();
    const c = await this.wrap(() => this.pool.connect());
    try {
      await c.query(begin);
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      if (e instanceof DomainError) throw e;
      return this.wrap(() => Promise.reject(e));
    } finally {
      c.release();
    }
  }

  /** A consistent read of one entry (a concurrent delete cannot make it look half-stored). */
  private snapshot<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.transaction(fn, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  private async row(c: Queryable, key: string): Promise<ArtifactRow | undefined> {
    return (await c.query<ArtifactRow>(`SELECT ${ROW} FROM arsa_artifacts WHERE key = $1`, [key])).rows[0];
  }

  /** Chunks and bytes stored per part name (of one part, or of all). */
  private async partStats(c: Queryable, key: string, part?: string): Promise<Map<string, { n: number; bytes: number }>> {
    const r = await c.query<{ name: string; n: number; bytes: string }>(
      `SELECT name, count(*)::int AS n, sum(length(data))::text AS bytes FROM arsa_chunks WHERE key = $1${part === undefined ? '' : ' AND name = $2'} GROUP BY name`,
      part === undefined ? [key] : [key, part]);
    return new Map(r.rows.map((x) => [x.name, { n: x.n, bytes: Number(x.bytes) }]));
  }

  /** One part, read chunk by chunk into one allocation and verified; or why it does not match its description. */
  private async readPart(c: Queryable, info: ArtifactInfo, p: PartInfo, stat: { n: number; bytes: number } | undefined, firstChunk?: Buffer): Promise<PartRead> {
    if (stat === undefined) return { why: `part '${p.name}' missing` };
    const { n, bytes } = stat;
    if (bytes !== p.byteLength) return { why: `part '${p.name}' has ${bytes} bytes, expected ${p.byteLength}` };
    const buf = new ArrayBuffer(p.byteLength);
    const all = new Uint8Array(buf);
    let off = 0;
    for (let seq = 0; seq < n; seq++) {
      // One chunk per query: only one chunk's text is held beside the part.
      const data = seq === 0 && firstChunk !== undefined ? firstChunk
        : fromText((await c.query<{ data: string }>(`SELECT ${CHUNK_TEXT} AS data FROM arsa_chunks WHERE key = $1 AND name = $2 AND seq = $3`, [info.key, p.name, seq])).rows[0]?.data);
      if (data === undefined) return { why: `part '${p.name}' chunk ${seq} missing` };
      if (off + data.byteLength > all.byteLength) return { why: `part '${p.name}' chunks exceed ${p.byteLength} bytes` };
      all.set(data, off);
      off += data.byteLength;
    }
    const why = partMismatch(p, all);
    if (why) return { why };
    try {
      // The buffer is ours and aligned: wrap it instead of copying it once more (codec's decodePart copies).
      if (p.type === 'json') return { value: decodePart('json', all) };
      const Ctor = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array }[p.type];
      if (buf.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) return { why: `part '${p.name}' of type ${p.type} has ${buf.byteLength} bytes` };
      return { value: new Ctor(buf) };
    } catch (e) {
      return { why: `part '${p.name}' undecodable: ${(e as Error).message}` };
    }
  }

  private checkedInfo(row: ArtifactRow): ArtifactInfo | string {
    let info: ArtifactInfo;
    try {
      info = rowInfo(row);
    } catch (e) {
      return `unreadable metadata: ${(e as Error).message}`;
    }
    const { checksum, ...rest } = info;
    if (entryChecksum(rest) !== checksum) return 'entry checksum mismatch';
    return info;
  }

  private async verifiedInfo(row: ArtifactRow): Promise<ArtifactInfo | undefined> {
    const info = this.checkedInfo(row);
    return typeof info === 'string' ? this.corrupt(row.key, info) : info;
  }

  private async corrupt(key: string, reason: string): Promise<undefined> {
    await this.delete(key);
    this.onCorrupt(key, reason);
    return undefined;
  }
}

/** postgres://user:secret@host/db -> postgres://user@host/db */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, '@');
  }
}

/** Whether a --store value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//.test(s);
}
