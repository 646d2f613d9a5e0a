import { canonicalJson } from '../core/hash.js';
import type { ArtifactInfo, ArtifactStore, JsonValue } from '../store/types.js';
import type { StudyEngine } from './engine.js';
import { topologicalOrder, type AnyStage } from './stage.js';

/**
 * What a run would compute, and why, without computing anything (`seed --dry-run`): every stage the store lacks,
 * each with the reason its key is new, found by comparing its recipe with the last stored artifact of the same
 * kind and label (the engine records the label and the data checksums in provenance): a changed data file (which
 * one, old and new sha256), a changed parameter, code version or input (itself recomputed, listed above it).
 */
export interface PlannedStage {
  readonly kind: string;
  readonly label: string;
  readonly key: string;
  readonly reasons: readonly string[];
}

export interface Plan {
  readonly total: number;
  readonly cached: number;
  readonly missing: readonly PlannedStage[];
}

export async function planRun(engine: StudyEngine, targets: readonly AnyStage[]): Promise<Plan> {
  const store = engine.cache.store;
  const seen = new Set<string>();
  const order = topologicalOrder(targets).filter((s) => {
    const k = engine.keyOf(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const byKind = new Map<string, Promise<ArtifactInfo[]>>();
  const missingKeys = new Set<string>();
  const missing: PlannedStage[] = [];
  for (const s of order) {
    const key = engine.keyOf(s);
    if (await store.has(key)) continue;
    missingKeys.add(key);
    missing.push({ kind: s.kind, label: s.label, key, reasons: await reasonsFor(engine, store, byKind, s, missingKeys) });
  }
  return { total: order.length, cached: order.length - missing.length, missing };
}

async function reasonsFor(engine: StudyEngine, store: ArtifactStore, byKind: Map<string, Promise<ArtifactInfo[]>>, s: AnyStage, missing: ReadonlySet<string>): Promise<string[]> {
  let list = byKind.get(s.kind);
  if (!list) byKind.set(s.kind, (list = store.list(s.kind)));
  const same = (await list).filter((i) => i.provenance.label === s.label);
  if (same.length === 0) return ['never computed'];
  const last = same.reduce((a, b) => (String(b.provenance.computedAt) > String(a.provenance.computedAt) ? b : a));
  const out: string[] = [];
  if (last.codeVersion !== s.codeVersion) out.push(`code version ${last.codeVersion} -> ${s.codeVersion}`);
  out.push(...dataReasons(last.provenance.dataChecksums, s.dataChecksums));
  out.push(...paramReasons(JSON.parse(last.params) as JsonValue, s.params as JsonValue));
  const names = Object.keys(s.inputs).sort();
  names.forEach((n, i) => {
    const key = engine.keyOf(s.inputs[n]!);
    if (last.inputs[i] !== key) out.push(`input '${n}' (${s.inputs[n]!.label}) ${missing.has(key) ? 'is recomputed (above)' : 'changed'}`);
  });
  if (last.inputs.length !== names.length) out.push(`inputs ${last.inputs.length} -> ${names.length}`);
  return out.length > 0 ? out : ['no stored artifact with this exact recipe'];
}

const short = (v: unknown): string => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}...` : JSON.stringify(v) ?? 'nothing');

function dataReasons(old: JsonValue | undefined, now: { readonly [k: string]: string } | undefined): string[] {
  const was = (old !== null && typeof old === 'object' && !Array.isArray(old) ? old : {}) as Record<string, JsonValue | undefined>;
  const is = now ?? {};
  if (old === undefined && Object.keys(is).length > 0) return [`data checksums (${Object.keys(is).join(', ')}) not recorded by the stored artifact (computed before content keys)`];
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(was), ...Object.keys(is)])].sort()) {
    if (was[k] === is[k]) continue;
    if (was[k] === undefined) out.push(`data '${k}' is new (${short(is[k])})`);
    else if (is[k] === undefined) out.push(`data '${k}' is no longer read`);
    else out.push(`data '${k}' changed: ${short(was[k])} -> ${short(is[k])}`);
  }
  return out;
}

function paramReasons(old: JsonValue, now: JsonValue): string[] {
  const isObj = (v: JsonValue): v is { readonly [k: string]: JsonValue | undefined } => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(old) || !isObj(now)) return canonicalJson(old) === canonicalJson(now) ? [] : ['params changed'];
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
    const a = old[k];
    const b = now[k];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    const simple = (v: unknown): boolean => v === undefined || v === null || typeof v !== 'object';
    out.push(simple(a) && simple(b) ? `param '${k}' ${short(a)} -> ${short(b)}` : `param '${k}' changed`);
  }
  return out;
}
