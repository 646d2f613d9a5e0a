import { canonicalJson } from '../core/hash.js';
import type { Provenance } from '../study/model.js';
import type { StudyService } from '../study/service.js';

/** Read methods whose results are immutable while the study is unchanged (everything but arrays, progress, precompute). */
const MEMOIZED = ['summary', 'stimuli', 'stimulusPng', 'layers', 'subjects', 'rdms', 'similarities', 'differences', 'trends', 'searchlight', 'encoding', 'power', 'describeArray'] as const;

export interface CachedStudy {
  readonly study: StudyService;
  /** Drops every memoized result (after a recompute). */
  clear(): void;
}

/**
 * Memoizes the StudyService's read methods per (method, canonical arguments), sharing the promise: identical
 * concurrent requests make one call (single flight at the API's edge, on top of the store's own single flight per
 * key), and a cached query costs no store read. A rejected call is forgotten so that it can be retried.
 * `provenance` is memoized per key (the per-request DataLoader batches the keys first); `readArray` goes through
 * DownloadService's byte-bounded cache.
 */
export function cachedStudy(inner: StudyService): CachedStudy {
  const memo = new Map<string, Promise<unknown>>();
  const wrapped: StudyService = Object.create(inner) as StudyService;
  const target = wrapped as unknown as Record<string, unknown>;
  for (const name of MEMOIZED) {
    const fn = (inner[name] as (...args: unknown[]) => Promise<unknown>).bind(inner);
    target[name] = (...args: unknown[]): Promise<unknown> => {
      const key = `${name}:${canonicalJson(args.map((a) => a ?? null))}`;
      let p = memo.get(key);
      if (!p) {
        p = fn(...args);
        memo.set(key, p);
        p.catch(() => { if (memo.get(key) === p) memo.delete(key); });
      }
      return p;
    };
  }
  // Provenance is immutable per key (a content address): memoized per key, the misses fetched in one call.
  const prov = new Map<string, Promise<Provenance | null>>();
  target.provenance = (keys: readonly string[]): Promise<(Provenance | null)[]> => {
    const missing = [...new Set(keys.filter((k) => !prov.has(k)))];
    if (missing.length > 0) {
      const batch = inner.provenance(missing);
      missing.forEach((k, i) => {
        const p = batch.then((rs) => rs[i] ?? null);
        prov.set(k, p);
        p.then((v) => { if (v === null && prov.get(k) === p) prov.delete(k); }, () => { if (prov.get(k) === p) prov.delete(k); });
      });
    }
    return Promise.all(keys.map((k) => prov.get(k)!));
  };
  for (const name of ['readArray', 'progress', 'precompute'] as const) {
    target[name] = (inner[name] as (...args: unknown[]) => unknown).bind(inner);
  }
  return { study: wrapped, clear: () => { memo.clear(); prov.clear(); } };
}
