import { canonicalJson } from '../core/hash.js';
import type { Provenance } from '../study/model.js';
import type { StudyService } from '../study/service.js';

/** Read methods whose results are immutable while the study is unchanged (everything but arrays, progress, precompute). */
const MEMOIZED = ['summary', 'stimuli', 'stimulusPng', 'layers', 'subjects', 'rdms', 'similarities', 'differences', 'trends', 'searchlight', 'encoding', 'power', 'describeArray'] as const;

/** Default bound of the memo: results are small records; 64 MiB holds every figure's data many times over. */
export const STUDY_MEMO_BYTES = 64 * 1024 * 1024;

export interface CachedStudy {
  readonly study: StudyService;
  /**
   * Drops every memoized result (after a recompute). While a recompute runs the previous values stay served, so
   * a read never sees the store half rewritten.
   */
  clear(): void;
  /** Bytes the memo holds now (estimated), at most the bound given to cachedStudy. */
  heldBytes(): number;
}

interface Entry { promise: Promise<unknown>; bytes: number; generation: number }

/** Size estimate of a resolved value: UTF-16 JSON, bytes of binary bodies, plus Map and promise overhead. */
function sizeOf(key: string, v: unknown): number {
  const overhead = 2 * key.length + 300;
  if (v instanceof Uint8Array) return overhead + v.byteLength;
  try {
    return overhead + 2 * (JSON.stringify(v)?.length ?? 0);
  } catch {
    return overhead + 1024;
  }
}

/**
 * Memoizes the StudyService's read methods per (method, canonical arguments), sharing the promise: identical
 * concurrent requests make one call (single flight at the API's edge, on top of the store's own single flight per
 * key), and a cached query costs no store read. A rejected call is forgotten so that it can be retried.
 * The memo is an LRU bounded by bytes (issue 13 item 4: each distinct filter value used to stay forever), shared by
 * the per-method results and the per-key provenance records. During a recompute (started through this wrapper's
 * `precompute`) values memoized before it are still served, and a read that fails is retried once the recompute
 * has finished, instead of surfacing a transient CORRUPT_ARTIFACT. `readArray` goes through DownloadService's
 * byte-bounded cache.
 */
export function cachedStudy(inner: StudyService, maxBytes: number = STUDY_MEMO_BYTES): CachedStudy {
  const memo = new Map<string, Entry>();
  let bytes = 0;
  let generation = 0;
  let recomputing: Promise<void> | undefined;

  const remove = (key: string, e: Entry): void => {
    if (memo.get(key) !== e) return;
    memo.delete(key);
    bytes -= e.bytes;
  };
  const evict = (): void => {
    for (const [k, e] of memo) {
      if (bytes <= maxBytes) break;
      if (e.bytes > 0) remove(k, e); // entries still computing hold no counted bytes
    }
  };
  /** A call that, when it fails during a recompute, waits for the recompute and tries once more. */
  const settled = <T>(call: () => Promise<T>): Promise<T> => {
    const during = recomputing;
    return call().catch(async (e: unknown) => {
      const r = recomputing ?? during;
      if (!r) throw e;
      await r.catch(() => {});
      return call();
    });
  };
  const servable = (e: Entry | undefined): e is Entry => e !== undefined && (e.generation === generation || recomputing !== undefined);
  const lookup = (key: string, call: () => Promise<unknown>): Promise<unknown> => {
    const hit = memo.get(key);
    if (servable(hit)) {
      memo.delete(key);
      memo.set(key, hit); // most recently used last
      return hit.promise;
    }
    if (hit) remove(key, hit);
    const entry: Entry = { promise: settled(call), bytes: 0, generation };
    memo.set(key, entry);
    entry.promise.then(
      (v) => {
        if (memo.get(key) !== entry) return;
        entry.bytes = sizeOf(key, v);
        bytes += entry.bytes;
        evict();
      },
      () => remove(key, entry),
    );
    return entry.promise;
  };

  const wrapped: StudyService = Object.create(inner) as StudyService;
  const target = wrapped as unknown as Record<string, unknown>;
  for (const name of MEMOIZED) {
    const fn = (inner[name] as (...args: unknown[]) => Promise<unknown>).bind(inner);
    target[name] = (...args: unknown[]): Promise<unknown> => lookup(`${name}:${canonicalJson(args.map((a) => a ?? null))}`, () => fn(...args));
  }
  // Provenance is immutable per key (a content address): memoized per key, the misses fetched in one call; a key
  // without a record (null) is not kept.
  target.provenance = (keys: readonly string[]): Promise<(Provenance | null)[]> => {
    const missing = [...new Set(keys)].filter((k) => !servable(memo.get(`provenance:${k}`)));
    if (missing.length > 0) {
      const batch = settled(() => inner.provenance(missing));
      missing.forEach((k, i) => {
        const key = `provenance:${k}`;
        lookup(key, () => batch.then((rs) => rs[i] ?? null)).then((v) => {
          if (v === null) { const e = memo.get(key); if (e) remove(key, e); }
        }, () => {});
      });
    }
    return Promise.all(keys.map((k) => lookup(`provenance:${k}`, () => inner.provenance([k]).then((rs) => rs[0] ?? null)) as Promise<Provenance | null>));
  };
  target.readArray = (...args: Parameters<StudyService['readArray']>) => settled(() => inner.readArray(...args));
  target.progress = inner.progress.bind(inner);
  target.precompute = (...args: Parameters<StudyService['precompute']>): Promise<void> => {
    const run = inner.precompute(...args);
    const current = run.finally(() => { if (recomputing === current) recomputing = undefined; });
    recomputing = current;
    current.catch(() => {});
    return run;
  };
  return {
    study: wrapped,
    // Entries of older generations are dropped when next asked for, unless a recompute runs then: the resolver
    // clears before it starts the recompute, and the previous values must stay servable until it has finished.
    clear: () => { generation++; },
    heldBytes: () => bytes,
  };
}
