import { DomainError, isDomainError } from '../core/errors.js';
import { hashString, Rng } from '../core/rng.js';
import { artifactKey } from '../store/codec.js';
import type { ArtifactCache } from '../store/single-flight.js';
import type { ArtifactInfo, JsonValue, KeySpec, Payload } from '../store/types.js';
import { ProgressTracker } from './progress.js';
import { topologicalOrder, type AnyStage, type Stage, type StageContext } from './stage.js';

/** A resolved stage: its decoded payload plus the stored description (key, provenance, checksum). */
export interface Resolved<O extends object = Payload> {
  readonly key: string;
  readonly info: ArtifactInfo;
  readonly payload: O;
  /** True when this resolution computed it, false when it came from the store. */
  readonly computed: boolean;
}

/**
 * Resolves stages through the store: a stage found in the store is read (checksums verified); a missing one has
 * its inputs resolved first, then is computed and stored, single flight per key. A stage whose compute throws
 * (or whose process dies) stores nothing, so the next run resumes at that stage with everything before it kept.
 */
export class StudyEngine {
  readonly cache: ArtifactCache;
  readonly tracker: ProgressTracker;
  private readonly keys = new WeakMap<AnyStage, string>();

  constructor(cache: ArtifactCache, tracker: ProgressTracker = new ProgressTracker()) {
    this.cache = cache;
    this.tracker = tracker;
  }

  /** Content address of a stage: depends only on its recipe (kind, version, params, inputs' keys, data). */
  keyOf(stage: AnyStage): string {
    let k = this.keys.get(stage);
    if (k === undefined) {
      k = artifactKey(this.specOf(stage));
      this.keys.set(stage, k);
    }
    return k;
  }

  /** Whether the stage's artifact is in the store now (not verified; `resolve` verifies). */
  has(stage: AnyStage): Promise<boolean> {
    return this.cache.store.has(this.keyOf(stage));
  }

  /** The stage's artifact, computing whatever is missing along its inputs. */
  async resolve<O extends object>(stage: Stage<O, any, any>): Promise<Resolved<O>> {
    const key = this.keyOf(stage);
    const r = await this.cache.getOrCompute(this.specOf(stage), () => this.compute(stage, key));
    if (!r.computed) this.tracker.cached(key, stage.kind, stage.label);
    const { payload, computed, ...info } = r;
    return { key, info, payload: payload as O, computed };
  }

  /**
   * One part of a stage's artifact (e.g. one kind's activations, or just the metadata), computing the artifact
   * first when it is missing: big artifacts are then never decoded whole to answer a small question.
   */
  async resolvePart(stage: AnyStage, part: string): Promise<unknown> {
    const key = this.keyOf(stage);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!(await this.has(stage))) await this.resolve(stage);
      const v = await this.cache.store.getPart(key, part);
      // undefined: the entry was found corrupt (and removed) between the two calls: recompute once.
      if (v !== undefined) return v;
    }
    throw new DomainError('CORRUPT_ARTIFACT', `artifact ${stage.label} (${key}) could not be read back after recomputing it`);
  }

  /**
   * Computes every artifact reachable from `targets` that the store lacks, one stage at a time in dependency
   * order (so at most one stage's inputs are held in memory), with progress per kind. Stops at the first
   * failure, which is rethrown; what finished before it stays stored.
   */
  async run(targets: readonly AnyStage[]): Promise<{ computed: number; cached: number }> {
    const order = this.unique(topologicalOrder(targets));
    this.tracker.plan(order.map((s) => ({ key: this.keyOf(s), kind: s.kind, label: s.label })));
    this.tracker.begin();
    let computed = 0;
    let cached = 0;
    try {
      for (const s of order) {
        if (await this.has(s)) {
          // Verified read only when something needs it; here a cheap existence check is enough to skip it.
          this.tracker.cached(this.keyOf(s), s.kind, s.label);
          cached++;
          continue;
        }
        const r = await this.resolve(s);
        if (r.computed) computed++;
        else cached++;
      }
    } finally {
      this.tracker.end();
    }
    return { computed, cached };
  }

  private unique(stages: AnyStage[]): AnyStage[] {
    const seen = new Set<string>();
    return stages.filter((s) => {
      const k = this.keyOf(s);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  private specOf(stage: AnyStage): KeySpec {
    const inputs: Record<string, string> = {};
    for (const name of Object.keys(stage.inputs).sort()) inputs[name] = this.keyOf(stage.inputs[name]!);
    return {
      kind: stage.kind,
      params: stage.params as JsonValue,
      inputs,
      codeVersion: stage.codeVersion,
      ...(stage.dataChecksums ? { dataChecksums: stage.dataChecksums } : {}),
    };
  }

  private async compute(stage: AnyStage, key: string): Promise<{ payload: Payload; provenance: Record<string, JsonValue | undefined>; durationMs: number }> {
    const names = Object.keys(stage.inputs).sort();
    const resolved = await Promise.all(names.map((n) => this.resolve(stage.inputs[n]!)));
    const inputs: Record<string, object> = {};
    const inputInfo: Record<string, ArtifactInfo> = {};
    names.forEach((n, i) => {
      inputs[n] = resolved[i]!.payload;
      inputInfo[n] = resolved[i]!.info;
    });
    const params = stage.params as JsonValue;
    const seed = seedOf(params, key);
    const recorded: Record<string, JsonValue | undefined> = {};
    const ctx: StageContext = {
      key,
      seed,
      rng: new Rng(seed),
      progress: (done, total, detail) => this.tracker.units(key, done, total, detail),
      provenance: (fields) => Object.assign(recorded, fields),
      inputInfo,
    };
    this.tracker.started(key, stage.kind, stage.label);
    const t0 = performance.now();
    let payload: Payload;
    try {
      payload = (await stage.compute(inputs, params, ctx)) as Payload;
    } catch (e) {
      this.tracker.failed(key, e);
      if (isDomainError(e)) throw e;
      const err = new DomainError('COMPUTE_FAILED', `stage ${stage.label} failed: ${e instanceof Error ? e.message : String(e)}`, { stage: stage.label, key });
      throw Object.assign(err, { cause: e });
    }
    const durationMs = performance.now() - t0;
    this.tracker.finished(key);
    // The data checksums are part of the key but not of the stored description; recording them lets
    // `seed --dry-run` say which file changed when a key moves (study/plan.ts).
    const data = stage.dataChecksums ? { dataChecksums: { ...stage.dataChecksums } } : {};
    return { payload, provenance: { seed, label: stage.label, ...inherited(resolved.map((r) => r.info)), ...data, ...recorded }, durationMs };
  }
}

/** `params.seed` when it is a number, otherwise a 32-bit seed derived from the artifact key. */
function seedOf(params: JsonValue, key: string): number {
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const s = (params as Record<string, JsonValue | undefined>).seed;
    if (typeof s === 'number' && Number.isInteger(s)) return s >>> 0;
  }
  return hashString(key);
}

/**
 * A stage downstream of a network (an RDM of a layer) names that network and its weights even though it ran no
 * network itself: the first input that names one passes it on, unless the stage records its own.
 */
function inherited(inputs: readonly ArtifactInfo[]): Record<string, JsonValue> {
  const withNet = inputs.find((i) => i.provenance.network !== 'none' && i.provenance.network !== undefined);
  return withNet ? { network: withNet.provenance.network, weightsSha256: withNet.provenance.weightsSha256 } : {};
}
