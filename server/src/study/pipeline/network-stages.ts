import { labelled, matrix, type LabelledMatrix } from '../../core/matrix.js';
import type { StimulusKind } from '../../domain/vocabulary.js';
import { defineStage, type Stage } from '../stage.js';
import type { PipelineDeps } from './deps.js';
import { inChunks, networkProvenance, toBatch, type StimulusSetPayload } from './payloads.js';
import { loadChecked, type NetworkIdentity } from './stimuli-stages.js';

/**
 * Activations of one layer for every stimulus: one part per stimulus kind, `[n x units]` float32 (units
 * flattened in the layer's HWC order), rows in the set's order. One stage per layer keeps each artifact within
 * SQLite's 1 GB blob limit and lets a killed run resume at the next layer; the price is a forward pass per
 * layer (the network computes only up to the layer asked for).
 */
export type ActivationsPayload = {
  readonly meta: { readonly layer: string; readonly units: number; readonly kinds: readonly StimulusKind[]; readonly ids: { readonly [k: string]: readonly string[] }; readonly sourceIds: { readonly [k: string]: readonly string[] } };
  readonly [kind: string]: unknown;
};

export function activationsStage(deps: PipelineDeps, layer: string, sets: Record<string, Stage<StimulusSetPayload>>, net0: NetworkIdentity) {
  return defineStage({
    kind: 'activations', version: '1', label: `activations ${layer}`, params: { network: net0.name, weightsSha256: net0.weightsSha256, layer, batch: 8 }, inputs: sets,
    compute: async (inputs, p, ctx): Promise<ActivationsPayload> => {
      const net = await loadChecked(deps, p.weightsSha256);
      ctx.provenance(networkProvenance(net));
      const out: Record<string, Float32Array> = {};
      const kinds: StimulusKind[] = [];
      const ids: Record<string, readonly string[]> = {};
      const sourceIds: Record<string, readonly string[]> = {};
      const ordered = Object.keys(inputs).sort().map((k) => inputs[k] as StimulusSetPayload);
      const total = ordered.reduce((s, x) => s + x.meta.ids.length, 0);
      let done = 0;
      let units = 0;
      for (const set of ordered) {
        const batch = toBatch(set);
        const chunks = await inChunks(batch, p.batch, async (chunk) => (await net.activations(chunk, [layer]))[layer]!, (d) => ctx.progress(done + d, total, set.meta.kind));
        units = chunks[0]!.cols;
        const data = new Float32Array(batch.n * units);
        let off = 0;
        for (const c of chunks) {
          data.set(c.data, off);
          off += c.data.length;
        }
        out[set.meta.kind] = data;
        kinds.push(set.meta.kind);
        ids[set.meta.kind] = set.meta.ids;
        sourceIds[set.meta.kind] = set.meta.sourceIds;
        done += batch.n;
      }
      return { meta: { layer, units, kinds, ids, sourceIds }, ...out };
    },
  });
}

/** The `[n x units]` patterns of one kind, rows labelled by their source RE id (so kinds align by category). */
export function activationPatterns(a: ActivationsPayload, kind: StimulusKind): LabelledMatrix<Float32Array> | undefined {
  const data = a[kind] as Float32Array | undefined;
  if (!data) return undefined;
  const rows = a.meta.sourceIds[kind]!;
  return labelled(matrix(rows.length, a.meta.units, data), rows);
}
