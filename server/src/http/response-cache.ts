/**
 * Whole-response cache for GraphQL (what Apollo's response-cache plugin does, on the hints already declared):
 * a response is kept only when Apollo's cache-control policy made it public with max-age > 0 (so never
 * `progress`, never a mutation) and it carries no errors; it lives for max-age seconds or until `clear()` (a
 * recompute). The key is the method, query string, Accept and Content-Type headers and raw body of the request.
 * Results are immutable per store key, so a repeated figure query skips parsing, validation, limits and execution.
 * The cache is an LRU bounded by bytes (key, body, headers and a per-entry overhead), so a stream of unique
 * queries cannot grow memory past `maxBytes`.
 */
export interface CachedResponse {
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly body: string;
  readonly expires: number;
}

const ENTRY_OVERHEAD = 200;

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024, private readonly now: () => number = Date.now) {}

  static key(method: string, search: string, accept: string | undefined, contentType: string | undefined, body: string): string {
    return `${method}\n${search}\n${accept ?? ''}\n${contentType ?? ''}\n${body}`;
  }

  /** Bytes an entry holds: UTF-16 strings at 2 bytes a code unit, plus Map and object overhead. */
  static sizeOf(key: string, e: Pick<CachedResponse, 'headers' | 'body'>): number {
    return 2 * (key.length + e.body.length + e.headers.reduce((n, [k, v]) => n + k.length + v.length, 0)) + ENTRY_OVERHEAD;
  }

  get(key: string): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.remove(key, e);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e); // most recently used last
    return e;
  }

  /** Stores the response when its headers and body allow it; returns whether it was stored. */
  offer(key: string, status: number, headers: readonly [string, string][], body: string): boolean {
    if (status !== 200 || ResponseCache.sizeOf(key, { headers, body }) > this.maxBytes / 16) return false;
    const cc = headers.find(([k]) => k.toLowerCase() === 'cache-control')?.[1] ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(cc)?.[1] ?? 0);
    if (maxAge <= 0 || !/public/.test(cc) || /no-store|private/.test(cc)) return false;
    try {
      if ((JSON.parse(body) as { errors?: unknown }).errors !== undefined) return false;
    } catch {
      return false;
    }
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const entry = { status, headers, body, expires: this.now() + maxAge * 1000 };
    this.entries.set(key, entry);
    this.bytes += ResponseCache.sizeOf(key, entry);
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(k, e);
    }
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held now (at most maxBytes). */
  get heldBytes(): number {
    return this.bytes;
  }

  private remove(key: string, e: CachedResponse): void {
    this.entries.delete(key);
    this.bytes -= ResponseCache.sizeOf(key, e);
  }
}
