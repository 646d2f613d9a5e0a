import { canonicalJson } from '../core/hash.js';
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
 * `provenance` is batched by the per-request DataLoader instead; `readArray` goes through DownloadService's
 * byte-bounded cache.
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
  for (const name of ['provenance', 'readArray', 'progress', 'precompute'] as const) {
    target[name] = (inner[name] as (...args: unknown[]) => unknown).bind(inner);
  }
  return { study: wrapped, clear: () => memo.clear() };
}
