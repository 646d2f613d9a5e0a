import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../core/errors.js';
import { decodePart, defaultCorruptionHandler, entryChecksum, partMismatch, prepareEntry } from './codec.js';
import { rowInfo, type ArtifactRow } from './row.js';
import type {
  ArtifactEntry, ArtifactInfo, ArtifactProvenance, ArtifactStore, BinaryPart, CorruptionHandler, FileHashRecord, JsonValue,
  NewArtifact, PartInfo, Payload,
} from './types.js';

/**
 * The default store: one SQLite file in the data directory, through better-sqlite3.
 *
 * Why better-sqlite3 and not DuckDB: the store is a key -> blob map with a little metadata, read and written one
 * entry at a time. better-sqlite3 is embedded (no server), synchronous (a put is one call with no interleaving
 * inside it) and transactional (one transaction per put, so an entry appears whole or not at all, even when the
 * process is killed mid-write: the WAL is rolled back on the next open). DuckDB is a columnar analytic engine
 * whose Node API is asynchronous; it shines at scans and aggregates over tables, which we never do, and its
 * large-BLOB handling is not what it is built for.
 *
 * Layout: `artifacts` holds one row per entry (metadata, part descriptions, checksum); `parts` holds the bytes,
 * one row per part; `file_hashes` caches the sha256 of external files (models, photos) by path, size and mtime, so
 * a warm start keys its network and mean by content without reading them (see file-hash.ts). WAL mode with synchronous=NORMAL: a crashed process never corrupts the file or leaves half an
 * entry; a power cut may lose the last few committed entries, which are then simply recomputed.
 */
export interface SqliteStoreOptions {
  /** Told about every corrupted entry found (and deleted); default: a line on stderr. */
  readonly onCorrupt?: CorruptionHandler;
  readonly readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` at open and refuse a damaged file with a coded error naming `store check` and
   * `store repair` (default true; those two commands open the file without it to look inside).
   */
  readonly quickCheck?: boolean;
}

/** SQLite result codes that mean the file's bytes cannot be read as a database (not a busy or locked file). */
function isSqliteDamage(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR|FORMAT|CANTOPEN|RANGE)/.test(code);
}

/** The error of a store file SQLite cannot read, with the way out. */
export function damagedStoreError(path: string, why: string): DomainError {
  return new DomainError('CORRUPT_ARTIFACT', `the store file ${path} is damaged at the SQLite level (${why}). `
    + `Run \`adversarial-rsa store check --store ${path}\` to list what is readable, then \`adversarial-rsa store repair --store ${path}\` `
    + 'to keep every readable artifact and drop the rest (it is recomputed on the next start; the damaged file is kept beside it).', { path, reason: why });
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS artifacts (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  params TEXT NOT NULL,
  inputs TEXT NOT NULL,
  code_version TEXT NOT NULL,
  provenance TEXT NOT NULL,
  parts TEXT NOT NULL,
  checksum TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS artifacts_kind ON artifacts(kind, key);
CREATE TABLE IF NOT EXISTS parts (
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (key, name)
);
CREATE TABLE IF NOT EXISTS file_hashes (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  sha256 TEXT NOT NULL
);
`;

export class SqliteArtifactStore implements ArtifactStore {
  readonly name = 'sqlite';
  readonly path: string;
  private readonly db: Database.Database;
  private readonly onCorrupt: CorruptionHandler;
  private readonly stmts;
  private readonly putTx;
  private readonly deleteTx;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.onCorrupt = options.onCorrupt ?? defaultCorruptionHandler;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const readonly = options.readonly ?? false;
    this.db = new Database(path, { readonly });
    try {
      // The seed command and the server may share the file; wait for the other writer instead of failing.
      this.db.pragma('busy_timeout = 10000');
      if (!readonly) {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // One activations entry is a >100 MB transaction that passes through the WAL; let the WAL shrink back
        // after checkpoints instead of keeping its largest size for the life of the file.
        this.db.pragma('journal_size_limit = 67108864');
      }
      if (options.quickCheck ?? true) {
        // Page-level damage (a header, a broken page chain) otherwise surfaces as a SqliteError stack at start or
        // as "internal error" on every read of one array.
        // Some damage makes the check itself throw SQLITE_CORRUPT instead of returning findings: the catch below
        // gives that the same refusal.
        const result = (this.db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
        if (result.join() !== 'ok') throw damagedStoreError(path, `quick_check: ${result.join('; ')}`);
      }
      if (!readonly) this.db.exec(SCHEMA);
    } catch (e) {
      this.db.close();
      if (isSqliteDamage(e)) throw damagedStoreError(path, `${e.code}: ${e.message}`);
      throw e;
    }
    this.stmts = {
      getRow: this.db.prepare<[string], ArtifactRow>('SELECT key, kind, params, inputs, code_version, provenance, parts, checksum FROM artifacts WHERE key = ?'),
      getParts: this.db.prepare<[string], { name: string; data: Buffer }>('SELECT name, data FROM parts WHERE key = ?'),
      getPart: this.db.prepare<[string, string], { data: Buffer }>('SELECT data FROM parts WHERE key = ? AND name = ?'),
      has: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM artifacts WHERE key = ?'),
      listAll: this.db.prepare<[], ArtifactRow>('SELECT key, kind, params, inputs, code_version, provenance, parts, checksum FROM artifacts ORDER BY kind, key'),
      listKind: this.db.prepare<[string], ArtifactRow>('SELECT key, kind, params, inputs, code_version, provenance, parts, checksum FROM artifacts WHERE kind = ? ORDER BY key'),
      keysOfKind: this.db.prepare<[string], { key: string }>('SELECT key FROM artifacts WHERE kind = ?'),
      insertRow: this.db.prepare('INSERT INTO artifacts (key, kind, params, inputs, code_version, provenance, parts, checksum, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertPart: this.db.prepare('INSERT INTO parts (key, name, data) VALUES (?, ?, ?)'),
      deleteRow: this.db.prepare('DELETE FROM artifacts WHERE key = ?'),
      deleteParts: this.db.prepare('DELETE FROM parts WHERE key = ?'),
      getFileHash: this.db.prepare<[string, number, number], { sha256: string }>('SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ms = ?'),
      putFileHash: this.db.prepare('INSERT OR REPLACE INTO file_hashes (path, size, mtime_ms, sha256) VALUES (?, ?, ?, ?)'),
    };
    // One transaction per put: the row and all its parts commit together or not at all.
    this.putTx = this.db.transaction((info: ArtifactInfo, parts: { name: string; bytes: Uint8Array }[]): ArtifactInfo => {
      const existing = this.stmts.getRow.get(info.key);
      if (existing) return rowInfo(existing);
      this.stmts.insertRow.run(info.key, info.kind, info.params, JSON.stringify(info.inputs), info.codeVersion,
        JSON.stringify(info.provenance), JSON.stringify(info.parts), info.checksum, new Date().toISOString());
      for (const p of parts) this.stmts.insertPart.run(info.key, p.name, p.bytes);
      return info;
    });
    this.deleteTx = this.db.transaction((key: string): boolean => {
      this.stmts.deleteParts.run(key);
      return this.stmts.deleteRow.run(key).changes > 0;
    });
  }

  async get(key: string): Promise<ArtifactEntry | undefined> {
    return this.readable(key, () => this.getSync(key));
  }

  private getSync(key: string): ArtifactEntry | undefined {
    const row = this.stmts.getRow.get(key);
    if (!row) return undefined;
    const info = this.verifiedInfo(row);
    if (!info) return undefined;
    const stored = new Map(this.stmts.getParts.all(key).map((p) => [p.name, p.data] as const));
    const payload: Record<string, JsonValue | BinaryPart> = {};
    for (const p of info.parts) {
      const value = this.verifiedPart(info, p, stored.get(p.name));
      if (value === undefined) return undefined;
      payload[p.name] = value;
    }
    if (stored.size !== info.parts.length) return this.corrupt(key, `${stored.size} stored parts, expected ${info.parts.length}`);
    return { ...info, payload: payload as Payload };
  }

  async getPart(key: string, part: string): Promise<JsonValue | BinaryPart | undefined> {
    return this.readable(key, () => this.getPartSync(key, part));
  }

  private getPartSync(key: string, part: string): JsonValue | BinaryPart | undefined {
    const row = this.stmts.getRow.get(key);
    if (!row) return undefined;
    const info = this.verifiedInfo(row);
    if (!info) return undefined;
    const p = info.parts.find((x) => x.name === part);
    if (!p) throw new DomainError('NOT_FOUND', `artifact ${key} (${info.kind}) has no part '${part}'; valid: ${info.parts.map((x) => x.name).join(', ')}`);
    return this.verifiedPart(info, p, this.stmts.getPart.get(key, part)?.data);
  }

  async put(entry: NewArtifact): Promise<ArtifactInfo> {
    const { info, parts } = prepareEntry(entry);
    return this.putTx.immediate(info, parts);
  }

  async has(key: string): Promise<boolean> {
    return this.stmts.has.get(key) !== undefined;
  }

  async list(kind?: string): Promise<ArtifactInfo[]> {
    const rows = kind === undefined ? this.stmts.listAll.all() : this.stmts.listKind.all(kind);
    const out: ArtifactInfo[] = [];
    for (const r of rows) {
      const info = this.verifiedInfo(r);
      if (info) out.push(info);
    }
    return out;
  }

  async describe(key: string): Promise<ArtifactInfo | undefined> {
    return this.readable(key, () => {
      const row = this.stmts.getRow.get(key);
      return row ? this.verifiedInfo(row) : undefined;
    });
  }

  /**
   * A read that SQLite itself cannot do (a damaged page under this entry) is treated like a checksum failure:
   * the entry is dropped where possible, reported, and read as missing, so the engine recomputes it.
   */
  private readable<T>(key: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!isSqliteDamage(e)) throw e;
      try {
        this.deleteTx.immediate(key);
      } catch {
        // the damaged pages may refuse the delete too; the entry stays unreadable and is reported again
      }
      this.onCorrupt(key, `SQLite cannot read it (${e.code}: ${e.message})`);
      return undefined;
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.deleteTx.immediate(key);
  }

  async invalidate(kind: string): Promise<number> {
    const keys = this.stmts.keysOfKind.all(kind).map((r) => r.key);
    let n = 0;
    for (const k of keys) if (this.deleteTx.immediate(k)) n++;
    return n;
  }

  async verifyAll(): Promise<{ checked: number; corrupt: string[] }> {
    const keys = this.db.prepare<[], { key: string }>('SELECT key FROM artifacts ORDER BY key').all().map((r) => r.key);
    const corrupt: string[] = [];
    for (const k of keys) if ((await this.get(k)) === undefined) corrupt.push(k);
    // Parts whose artifact row is gone can only come from a bug; they are unreachable, so drop them.
    this.db.exec('DELETE FROM parts WHERE key NOT IN (SELECT key FROM artifacts)');
    return { checked: keys.length, corrupt };
  }

  async fileHash(path: string, size: number, mtimeMs: number): Promise<string | undefined> {
    return this.stmts.getFileHash.get(path, size, mtimeMs)?.sha256;
  }

  async putFileHash(r: FileHashRecord): Promise<void> {
    // A read-only store (a served copy) cannot learn; the caller keeps its in-process memo either way.
    if (!this.db.readonly) this.stmts.putFileHash.run(r.path, r.size, r.mtimeMs, r.sha256);
  }

  /** SQLite's own page-level check ("ok" when the file is sound). */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // Fold the WAL into the main file so a closed store is one file (best effort: another process may hold it).
    if (!this.db.readonly) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // busy: the next writer or closer checkpoints it
      }
    }
    this.db.close();
  }

  /** Escape hatch for tests that corrupt bytes on purpose. */
  get database(): Database.Database {
    return this.db;
  }

  private verifiedInfo(row: ArtifactRow): ArtifactInfo | undefined {
    let info: ArtifactInfo;
    try {
      info = rowInfo(row);
    } catch (e) {
      return this.corrupt(row.key, `unreadable metadata: ${(e as Error).message}`);
    }
    const { checksum, ...rest } = info;
    if (entryChecksum(rest) !== checksum) return this.corrupt(row.key, 'entry checksum mismatch');
    return info;
  }

  private verifiedPart(info: ArtifactInfo, p: PartInfo, data: Buffer | undefined): JsonValue | BinaryPart | undefined {
    if (data === undefined) return this.corrupt(info.key, `part '${p.name}' missing`);
    const why = partMismatch(p, data);
    if (why) return this.corrupt(info.key, why);
    try {
      return decodePart(p.type, data);
    } catch (e) {
      return this.corrupt(info.key, `part '${p.name}' undecodable: ${(e as Error).message}`);
    }
  }

  private corrupt(key: string, reason: string): undefined {
    try {
      this.deleteTx.immediate(key);
    } catch (e) {
      if (!this.db.readonly) throw e; // `store check` looks without changing anything
    }
    this.onCorrupt(key, reason);
    return undefined;
  }
}

/** Opens (creating if needed) the SQLite store at `path`. */
export function openSqliteStore(path: string, options?: SqliteStoreOptions): SqliteArtifactStore {
  return new SqliteArtifactStore(path, options);
}
