import { canonicalJson } from '../core/hash.js';
import { artifactKey } from './codec.js';
import type { ArtifactEntry, ArtifactProvenance, ArtifactStore, JsonValue, KeySpec, Payload } from './types.js';

/** What a computation hands back: its value and what it knows about how it was made. */
export interface ComputeResult {
  readonly payload: Payload;
  /** backend, network, weightsSha256, seed and any extras; computedAt and durationMs are filled in here. */
  readonly provenance?: { readonly [k: string]: JsonValue | undefined };
  /** Duration of the computation proper, when the caller measured it (e.g. excluding input loading). */
  readonly durationMs?: number;
}

export type Computed = ArtifactEntry & {
  /** True when this call (or the flight it joined) computed the value; false when it was read from the store. */
  readonly computed: boolean;
};

/** Provenance defaults for computations that do not name a backend or network (pure JavaScript stages). */
export const NO_PROVENANCE = { backend: 'none', network: 'none', weightsSha256: 'none' } as const;

/**
 * Single flight over a store: concurrent `getOrCompute` calls for one key share one computation (an in-process
 * promise map), whose result is stored before anyone sees it. A failed computation stores nothing and rejects
 * every waiter; the next call tries again.
 *
 * Across processes (the seed command beside a running server) a store with `lock` (PostgreSQL) serialises
 * computations of one key, and the later ones read the first one's result. Without it (SQLite) two computations
 * of one key may race; both produce the same value for the same key and the store keeps the first put, so the
 * race costs time, not correctness.
 */
export class ArtifactCache {
  readonly store: ArtifactStore;
  private readonly flights = new Map<string, Promise<Computed>>();

  constructor(store: ArtifactStore) {
    this.store = store;
  }

  /** Number of computations in flight now (for tests and progress). */
  get inFlight(): number {
    return this.flights.size;
  }

  /** The stored entry for `spec`, computing and storing it first when missing (or found corrupt). */
  getOrCompute(spec: KeySpec, compute: () => Promise<ComputeResult>): Promise<Computed> {
    const key = artifactKey(spec);
    let flight = this.flights.get(key);
    if (!flight) {
      flight = this.run(key, spec, compute).finally(() => this.flights.delete(key));
      this.flights.set(key, flight);
    }
    return flight;
  }

  private async run(key: string, spec: KeySpec, compute: () => Promise<ComputeResult>): Promise<Computed> {
    const found = await this.store.get(key);
    if (found) return { ...found, computed: false };
    // Across processes: a store that can lock a key makes the second process wait for the first one's result.
    const unlock = await this.store.lock?.(key);
    if (!unlock) return this.computeAndPut(key, spec, compute);
    try {
      const stored = await this.store.get(key);
      if (stored) return { ...stored, computed: false };
      return await this.computeAndPut(key, spec, compute);
    } finally {
      await unlock();
    }
  }

  private async computeAndPut(key: string, spec: KeySpec, compute: () => Promise<ComputeResult>): Promise<Computed> {
    const t0 = performance.now();
    const result = await compute();
    const durationMs = result.durationMs ?? performance.now() - t0;
    const provenance: ArtifactProvenance = {
      ...NO_PROVENANCE,
      ...result.provenance,
      computedAt: new Date().toISOString(),
      durationMs: Math.round(durationMs * 1000) / 1000,
    };
    const info = await this.store.put({
      key,
      kind: spec.kind,
      params: canonicalJson(spec.params),
      inputs: Object.keys(spec.inputs).sort().map((n) => spec.inputs[n]!),
      codeVersion: spec.codeVersion,
      provenance,
      payload: result.payload,
    });
    // Another process may have stored this key first: then its description is the truth, with our identical value.
    return { ...info, payload: result.payload, computed: true };
  }
}
