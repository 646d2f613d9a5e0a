/**
 * The artifact store's contract. Every box of the pipeline (stimuli, activations, RDMs, statistics...) is an
 * entry keyed by a content address of what produced it (house style 8): kind, parameters, input keys, producing
 * code version and checksums of external data. Entries are immutable: a key, once written, always means the same
 * bytes; a recomputation under the same key is a no-op.
 *
 * Implementations (one file each, all passing tests/unit/store/contract.ts): SQLite (default, `sqlite.ts`),
 * in-memory (`memory.ts`) and PostgreSQL (`postgres.ts`, for one server and many workers), which is why the
 * methods are asynchronous even though the first two are synchronous underneath.
 */

/** A binary part: raw numbers or bytes (PNG, .npy). Returned as the same typed-array class it was stored as. */
export type BinaryPart = Float32Array | Float64Array | Int32Array | Uint8Array;

/** JSON-serialisable value (a JSON part). Typed arrays inside JSON parts come back as plain arrays. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue | undefined };

/**
 * An artifact's value: named parts, each either JSON metadata or a binary array. Big arrays (activations
 * [stimuli x units], responses [trials x stimuli x vertices]) must be binary parts, never JSON.
 */
export type Payload = { readonly [name: string]: JsonValue | BinaryPart };

/** Part types as stored: 'json' (UTF-8 JSON text) or the dtype of a binary part. */
export const PART_TYPES = ['json', 'f32', 'f64', 'i32', 'u8'] as const;
export type PartType = (typeof PART_TYPES)[number];

/** Where an artifact came from. Free-form extras (seed, steps, ...) are kept as given. */
export interface ArtifactProvenance {
  /** tfjs backend that ran the computation ('none' for pure JavaScript stages). */
  readonly backend: string;
  /** Network name ('none' when no network is involved). */
  readonly network: string;
  readonly weightsSha256: string;
  /** ISO 8601 time the computation finished. */
  readonly computedAt: string;
  /** Wall-clock duration of the computation alone (inputs excluded), milliseconds. */
  readonly durationMs: number;
  readonly seed?: number;
  readonly [extra: string]: JsonValue | undefined;
}

/** What a content address is computed from (see `artifactKey`). */
export interface KeySpec {
  readonly kind: string;
  /** Parameters; hashed as canonical JSON. */
  readonly params: JsonValue;
  /** Named input artifact keys. */
  readonly inputs: { readonly [name: string]: string };
  /** Version of the producing code, e.g. "rdm@2". Bump it when the code's output changes. */
  readonly codeVersion: string;
  /** Checksums of external data read directly (image files, weights), by name. */
  readonly dataChecksums?: { readonly [name: string]: string };
}

/** Everything about an entry except its payload (what `list` and `describe` return). */
export interface ArtifactInfo {
  readonly key: string;
  readonly kind: string;
  /** Canonical JSON of the parameters. */
  readonly params: string;
  /** Input artifact keys, ordered by input name. */
  readonly inputs: readonly string[];
  readonly codeVersion: string;
  readonly provenance: ArtifactProvenance;
  /** sha256 over the whole entry (see codec.ts `entryChecksum`). */
  readonly checksum: string;
  readonly parts: readonly PartInfo[];
}

export interface PartInfo {
  readonly name: string;
  readonly type: PartType;
  readonly byteLength: number;
  /** sha256 of the stored bytes. */
  readonly sha256: string;
}

export interface ArtifactEntry extends ArtifactInfo {
  readonly payload: Payload;
}

/** What `put` takes: the checksum and part descriptions are computed by the store. */
export interface NewArtifact {
  readonly key: string;
  readonly kind: string;
  readonly params: string;
  readonly inputs: readonly string[];
  readonly codeVersion: string;
  readonly provenance: ArtifactProvenance;
  readonly payload: Payload;
}

/**
 * A file's content hash as last measured (house style 18): valid while the file keeps this path, size and
 * modification time. Not an artifact (no payload, not immutable): a changed file simply gets a new record.
 */
export interface FileHashRecord {
  readonly path: string;
  readonly size: number;
  /** Modification time, milliseconds (as fs.stat gives it, possibly fractional). */
  readonly mtimeMs: number;
  readonly sha256: string;
}

/** Called when a read finds an entry whose bytes do not match its checksum (it is then deleted). */
export type CorruptionHandler = (key: string, reason: string) => void;

export interface ArtifactStore {
  /** 'sqlite' | 'memory' | ... for provenance and logs. */
  readonly name: string;
  /**
   * The entry, checksums verified. A corrupted entry is deleted, reported to the corruption handler and
   * answered as missing, so the caller recomputes it; it is never served.
   */
  get(key: string): Promise<ArtifactEntry | undefined>;
  /** One part of an entry (e.g. one layer's activations), verified against the part and entry checksums. */
  getPart(key: string, part: string): Promise<JsonValue | BinaryPart | undefined>;
  /**
   * Writes an entry atomically: after a crash at any point the entry is either whole or absent. Entries are
   * immutable: when the key exists already the stored entry is kept and returned.
   */
  put(entry: NewArtifact): Promise<ArtifactInfo>;
  /** Existence only (no checksum verification; `get` does that). */
  has(key: string): Promise<boolean>;
  /** Descriptions (no payloads), optionally of one kind, ordered by kind then key. */
  list(kind?: string): Promise<ArtifactInfo[]>;
  /** Description and provenance of one entry, without its payload. */
  describe(key: string): Promise<ArtifactInfo | undefined>;
  /** Removes one entry; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Removes every entry of a kind (forces recomputation); returns how many. */
  invalidate(kind: string): Promise<number>;
  /** Verifies every entry's checksums; corrupted ones are deleted and their keys returned. */
  verifyAll(): Promise<{ readonly checked: number; readonly corrupt: readonly string[] }>;
  /**
   * The recorded sha256 of the file at `path` when it still has this size and mtime, else undefined (a file
   * that changed in any of them is re-hashed by the caller: store/file-hash.ts).
   */
  fileHash(path: string, size: number, mtimeMs: number): Promise<string | undefined>;
  /** Records (replacing any earlier record for the path) the sha256 of a file at this size and mtime. */
  putFileHash(record: FileHashRecord): Promise<void>;
  /**
   * Optional: an exclusive lock on a key across processes and machines (PostgreSQL's advisory lock), resolved
   * once held; call the returned function to release it. Stores shared by one process only leave it out, and
   * single flight is then the in-process promise map of single-flight.ts alone.
   */
  lock?(key: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
