import { DomainError } from '../core/errors.js';
import { decodePart, defaultCorruptionHandler, entryChecksum, partMismatch, prepareEntry } from './codec.js';
import type {
  ArtifactEntry, ArtifactInfo, ArtifactStore, BinaryPart, CorruptionHandler, FileHashRecord, JsonValue, NewArtifact, PartInfo, Payload,
} from './types.js';

/** One stored entry of the in-memory store: its description and its encoded part bytes (owned copies). */
export interface MemoryRecord {
  info: ArtifactInfo;
  parts: Map<string, Uint8Array>;
}

/**
 * In-memory store for tests and throw-away runs. It keeps encoded bytes, not live objects, so it behaves like the
 * SQLite store: values are copied in and out (callers cannot mutate stored entries) and checksums are verified
 * on every read. `records` may be passed in so a test can reach the bytes and corrupt them.
 */
export class MemoryArtifactStore implements ArtifactStore {
  readonly name = 'memory';
  private readonly records: Map<string, MemoryRecord>;
  private readonly onCorrupt: CorruptionHandler;
  private readonly fileHashes = new Map<string, FileHashRecord>();

  constructor(options: { records?: Map<string, MemoryRecord>; onCorrupt?: CorruptionHandler } = {}) {
    this.records = options.records ?? new Map();
    this.onCorrupt = options.onCorrupt ?? defaultCorruptionHandler;
  }

  async get(key: string): Promise<ArtifactEntry | undefined> {
    const rec = this.records.get(key);
    if (!rec || !this.verifiedInfo(rec)) return undefined;
    const payload: Record<string, JsonValue | BinaryPart> = {};
    for (const p of rec.info.parts) {
      const v = this.verifiedPart(rec, p);
      if (v === undefined) return undefined;
      payload[p.name] = v;
    }
    return { ...clone(rec.info), payload: payload as Payload };
  }

  async getPart(key: string, part: string): Promise<JsonValue | BinaryPart | undefined> {
    const rec = this.records.get(key);
    if (!rec || !this.verifiedInfo(rec)) return undefined;
    const p = rec.info.parts.find((x) => x.name === part);
    if (!p) throw new DomainError('NOT_FOUND', `artifact ${key} (${rec.info.kind}) has no part '${part}'; valid: ${rec.info.parts.map((x) => x.name).join(', ')}`);
    return this.verifiedPart(rec, p);
  }

  async put(entry: NewArtifact): Promise<ArtifactInfo> {
    const existing = this.records.get(entry.key);
    if (existing) return clone(existing.info);
    const { info, parts } = prepareEntry(entry);
    // Copy the bytes: the caller's arrays stay theirs. The map insert is the single atomic step.
    this.records.set(info.key, { info: clone(info), parts: new Map(parts.map((p) => [p.name, p.bytes.slice()])) });
    return clone(info);
  }

  async has(key: string): Promise<boolean> {
    return this.records.has(key);
  }

  async list(kind?: string): Promise<ArtifactInfo[]> {
    const out: ArtifactInfo[] = [];
    for (const rec of [...this.records.values()]) {
      if (kind !== undefined && rec.info.kind !== kind) continue;
      if (this.verifiedInfo(rec)) out.push(clone(rec.info));
    }
    return out.sort((a, b) => (a.kind === b.kind ? cmp(a.key, b.key) : cmp(a.kind, b.kind)));
  }

  async describe(key: string): Promise<ArtifactInfo | undefined> {
    const rec = this.records.get(key);
    return rec && this.verifiedInfo(rec) ? clone(rec.info) : undefined;
  }

  async delete(key: string): Promise<boolean> {
    return this.records.delete(key);
  }

  async invalidate(kind: string): Promise<number> {
    let n = 0;
    for (const [k, rec] of [...this.records]) if (rec.info.kind === kind && this.records.delete(k)) n++;
    return n;
  }

  async verifyAll(): Promise<{ checked: number; corrupt: string[] }> {
    const keys = [...this.records.keys()].sort();
    const corrupt: string[] = [];
    for (const k of keys) if ((await this.get(k)) === undefined) corrupt.push(k);
    return { checked: keys.length, corrupt };
  }

  async fileHash(path: string, size: number, mtimeMs: number): Promise<string | undefined> {
    const r = this.fileHashes.get(path);
    return r && r.size === size && r.mtimeMs === mtimeMs ? r.sha256 : undefined;
  }

  async putFileHash(record: FileHashRecord): Promise<void> {
    this.fileHashes.set(record.path, { ...record });
  }

  async close(): Promise<void> {}

  private verifiedInfo(rec: MemoryRecord): boolean {
    const { checksum, ...rest } = rec.info;
    if (entryChecksum(rest) === checksum) return true;
    this.corrupt(rec.info.key, 'entry checksum mismatch');
    return false;
  }

  private verifiedPart(rec: MemoryRecord, p: PartInfo): JsonValue | BinaryPart | undefined {
    const bytes = rec.parts.get(p.name);
    if (bytes === undefined) return this.corrupt(rec.info.key, `part '${p.name}' missing`);
    const why = partMismatch(p, bytes);
    if (why) return this.corrupt(rec.info.key, why);
    return decodePart(p.type, bytes);
  }

  private corrupt(key: string, reason: string): undefined {
    this.records.delete(key);
    this.onCorrupt(key, reason);
    return undefined;
  }
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
