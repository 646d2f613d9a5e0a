/**
 * A byte-bounded LRU of decoded artifact parts for the study service. Artifacts are immutable per key, so a part
 * read once (and checksum-verified then) can be served again without reading and hashing it: a gallery of 160
 * stimulus PNGs would otherwise hash the whole PNG part once per image. Concurrent misses share one load.
 */
export class PartCache {
  private readonly entries = new Map<string, { value: Promise<unknown>; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = 128 * 1024 * 1024) {}

  get(key: string, part: string, load: () => Promise<unknown>): Promise<unknown> {
    const id = `${key}/${part}`;
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.value;
    }
    const entry = { value: load(), bytes: 0 };
    this.entries.set(id, entry);
    entry.value.then(
      (v) => {
        if (this.entries.get(id) !== entry) return;
        entry.bytes = sizeOf(v);
        this.bytes += entry.bytes;
        this.evict();
      },
      () => { if (this.entries.get(id) === entry) this.entries.delete(id); },
    );
    return entry.value;
  }

  /** Number of parts held and their approximate size in bytes. */
  get stats(): { parts: number; bytes: number } {
    return { parts: this.entries.size, bytes: this.bytes };
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private evict(): void {
    for (const [id, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (e.bytes === 0) continue;
      this.entries.delete(id);
      this.bytes -= e.bytes;
    }
  }
}

/** Bytes of a typed array, or the length of a JSON value's text (a fair estimate of its memory). */
function sizeOf(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  try {
    return (JSON.stringify(v) ?? '').length * 2;
  } catch {
    return 1024;
  }
}
