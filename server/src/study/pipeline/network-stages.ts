import { labelled, matrix, type LabelledMatrix } from '../../core/matrix.js';
import type { StimulusKind } from '../../domain/vocabulary.js';
import { defineStage, type Stage } from '../stage.js';
import type { PipelineDeps } from './deps.js';
import type { ActivationPass } from './activation-pass.js';
import { networkProvenance, type StimulusSetPayload } from './payloads.js';
import { loadChecked, type NetworkIdentity } from './stimuli-stages.js';

/**
 * Activations of one layer for every stimulus: one part per stimulus kind, `[n x units]` float32 (units
 * flattened in the layer's HWC order), rows in the set's order. One stage per layer keeps each artifact within
 * SQLite's 1 GB blob limit and lets a killed run resume at the next layer; the layers still missing are computed
 * in one forward pass (activation-pass.ts).
 */
export type ActivationsPayload = {
  readonly meta: { readonly layer: string; readonly units: number; readonly kinds: readonly StimulusKind[]; readonly ids: { readonly [k: string]: readonly string[] }; readonly sourceIds: { readonly [k: string]: readonly string[] } };
  readonly [kind: string]: unknown;
};

export function activationsStage(deps: PipelineDeps, layer: string, sets: Record<string, Stage<StimulusSetPayload>>, net0: NetworkIdentity, pass: ActivationPass) {
  return defineStage({
    kind: 'activations', version: '1', label: `activations ${layer}`, params: { network: net0.name, weightsSha256: net0.weightsSha256, layer, batch: 8 }, inputs: sets,
    compute: async (inputs, p, ctx): Promise<ActivationsPayload> => {
      const net = await loadChecked(deps, p.weightsSha256);
      ctx.provenance(networkProvenance(net));
      const out: Record<string, Float32Array> = {};
      const kinds: StimulusKind[] = [];
      const ids: Record<string, readonly string[]> = {};
      const sourceIds: Record<string, readonly string[]> = {};
      const names = Object.keys(inputs).sort();
      const total = names.reduce((s, k) => s + (inputs[k] as StimulusSetPayload).meta.ids.length, 0);
      let done = 0;
      let units = 0;
      for (const name of names) {
        const set = inputs[name] as StimulusSetPayload;
        const setKey = `${ctx.inputInfo[name]?.key ?? name}|${p.network}|${p.weightsSha256}`;
        const m = await pass.layer(net, set, setKey, layer, p.batch, (d) => ctx.progress(done + d, total, set.meta.kind));
        units = m.cols;
        out[set.meta.kind] = m.data;
        kinds.push(set.meta.kind);
        ids[set.meta.kind] = set.meta.ids;
        sourceIds[set.meta.kind] = set.meta.sourceIds;
        done += m.rows;
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
