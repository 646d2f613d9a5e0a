import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import type { ArtifactStore } from './types.js';

/**
 * Content hashes of the external files a computation reads (house style 18: a key is a content address of what
 * was read, never a directory listing or mtimes alone). Each file is hashed at most once per process (memo) and
 * once per (path, size, mtime) per store (the store's file-hash table), so a warm start reads no file whole; a
 * file whose size or mtime changed is always re-hashed. A copied data directory (new mtimes, same bytes) costs
 * one re-hash per file and yields the same hashes, hence the same keys.
 */
export class FileHasher {
  private readonly memo = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
  /** Files read whole by this hasher (the tests' and dry-run's measure of cost). */
  hashed = 0;

  constructor(private readonly store?: ArtifactStore) {}

  /** Hex sha256 of the file's bytes; a missing or unreadable file is refused naming it (`what` says whose). */
  async hash(path: string, what = 'file'): Promise<string> {
    const abs = resolve(path);
    let size: number;
    let mtimeMs: number;
    try {
      const st = statSync(abs);
      if (!st.isFile()) throw new Error('not a regular file');
      size = st.size;
      mtimeMs = st.mtimeMs;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new DomainError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_DATA', `${what} '${abs}' ${code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(e as Error).message}`}`, { path: abs });
    }
    const m = this.memo.get(abs);
    if (m && m.size === size && m.mtimeMs === mtimeMs) return m.sha256;
    let sha256 = await this.store?.fileHash(abs, size, mtimeMs);
    if (sha256 === undefined) {
      sha256 = await hashFile(abs, what);
      this.hashed++;
      await this.store?.putFileHash({ path: abs, size, mtimeMs, sha256 });
    }
    this.memo.set(abs, { size, mtimeMs, sha256 });
    return sha256;
  }
}

/** Streams the file through sha256 (a 240 MB weights file is never held in memory twice). */
function hashFile(path: string, what: string): Promise<string> {
  return new Promise((ok, fail) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('error', (e) => fail(new DomainError('BAD_DATA', `${what} '${path}' cannot be read: ${e.message}`, { path })))
      .on('end', () => ok(h.digest('hex')));
  });
}

const byStore = new WeakMap<ArtifactStore, FileHasher>();

/** The one hasher of a store in this process (so every study served from it shares the memo). */
export function fileHasher(store: ArtifactStore): FileHasher {
  let h = byStore.get(store);
  if (!h) {
    h = new FileHasher(store);
    byStore.set(store, h);
  }
  return h;
}
