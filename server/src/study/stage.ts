import type { Rng } from '../core/rng.js';
import type { ArtifactInfo, JsonValue, Payload } from '../store/types.js';

/**
 * A stage is one node of the study's dependency graph: a pure computation from named input artifacts and
 * parameters to a payload, stored under the content address of (kind, params, input keys, kind@version, data
 * checksums). Stages hold no numerics: `compute` calls the domain modules (stimuli/, brain/, analysis/,
 * networks/) and packs their results into parts.
 *
 *   const rdm = defineStage({
 *     kind: 'rdm', version: '1', label: 'rdm conv1',
 *     params: { layer: 'conv1', method: 'correlation' },
 *     inputs: { acts: activationsStage },
 *     compute: async ({ acts }, params, ctx) => ({ meta: {...}, vector: new Float64Array(...) }),
 *   });
 *
 * Families (one RDM per layer) are plain functions returning one stage per member. Resources that are not part
 * of the key (a loaded network, the config) are captured by the compute closure; anything that changes the
 * output must be in `params`, `inputs`, `version` or `dataChecksums`.
 */
export interface StageContext {
  /** Content address of the artifact being computed. */
  readonly key: string;
  /** Seed of `rng`: `params.seed` when the stage has one, otherwise derived from the key. Recorded in provenance. */
  readonly seed: number;
  /** Seeded random numbers for this computation. */
  readonly rng: Rng;
  /** Reports progress within this stage (units of the stage's own choosing). */
  progress(done: number, total: number, detail?: string): void;
  /** Records provenance fields (backend, network, weightsSha256 and extras) for this artifact. */
  provenance(fields: { readonly [k: string]: JsonValue | undefined }): void;
  /** Keys and descriptions of the inputs, by input name. */
  readonly inputInfo: { readonly [name: string]: ArtifactInfo };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = Stage<any, any, any>;

/** The decoded outputs of a record of stages. */
export type OutputsOf<I extends Record<string, AnyStage>> = { [K in keyof I]: I[K] extends Stage<infer O, any, any> ? O : never };

export interface StageDef<O extends object, P extends JsonValue, I extends Record<string, AnyStage>> {
  /** Artifact kind, e.g. "activations"; progress is grouped by it. */
  readonly kind: string;
  /** Version of the producing code; bump it when the output for the same inputs changes. */
  readonly version: string;
  /** Human-readable name of this node, e.g. "activations conv1" (default: kind). */
  readonly label?: string;
  readonly params: P;
  readonly inputs: I;
  /** Checksums of external data read directly by `compute` (image files, weights), by name. */
  readonly dataChecksums?: { readonly [name: string]: string };
  /** Returns the payload: named parts, each JSON or a typed array (see store/types.ts Payload). */
  compute(inputs: OutputsOf<I>, params: P, ctx: StageContext): Promise<O>;
}

export interface Stage<O extends object = Payload, P extends JsonValue = JsonValue, I extends Record<string, AnyStage> = Record<string, AnyStage>>
  extends StageDef<O, P, I> {
  readonly label: string;
  /** "kind@version", the store's codeVersion. */
  readonly codeVersion: string;
}

/** Defines one node of the graph. */
export function defineStage<O extends object, P extends JsonValue, I extends Record<string, AnyStage> = Record<string, never>>(
  def: StageDef<O, P, I>,
): Stage<O, P, I> {
  if (!/^[a-z][a-z0-9_.-]*$/i.test(def.kind)) throw new Error(`stage kind '${def.kind}' must be an identifier`);
  return Object.freeze({ ...def, label: def.label ?? def.kind, codeVersion: `${def.kind}@${def.version}` });
}

/**
 * Every stage reachable from `targets`, inputs before the stages that read them, each once (by identity).
 * Cycles cannot be built (a stage's inputs exist before it), so a plain depth-first walk suffices.
 */
export function topologicalOrder(targets: readonly AnyStage[]): AnyStage[] {
  const seen = new Set<AnyStage>();
  const out: AnyStage[] = [];
  const visit = (s: AnyStage): void => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const name of Object.keys(s.inputs).sort()) visit(s.inputs[name]!);
    out.push(s);
  };
  for (const t of targets) visit(t);
  return out;
}
