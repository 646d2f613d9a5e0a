import type { Matrix } from '../../core/matrix.js';
import type { Network } from '../../networks/types.js';
import { inChunks, toBatch, type StimulusSetPayload } from './payloads.js';

/**
 * One forward pass for every layer a run still has to compute (issue 14), instead of one pass per layer: the
 * activations stages stay one artifact per layer (network-stages.ts: SQLite's blob limit, resumable runs), but the
 * first of them to compute asks the network for all the missing layers of its stimulus set at once, and the
 * later ones take their layer from here. A network's activations of a layer do not depend on which other layers the
 * same call returns (the same operations on the same batch), so every artifact is the same bits as before;
 * tests/unit/study/activation-pass.test.ts checks it. Each layer is handed out once and then dropped, so the
 * memory held is at most the missing layers of one run (about 270 MB for the default study's four sets).
 *
 * Off (`perLayer`) in a distributed worker: there each job computes one layer, and others compute the rest.
 */
export interface ActivationPass {
  /**
   * `set`'s activations of `layer` in chunks of `chunk` images, `[n x units]` flattened; `setKey` names the set's
   * content (its artifact key) and the network's weights, so no pass serves another set or network.
   */
  layer(net: Network, set: StimulusSetPayload, setKey: string, layer: string, chunk: number, onChunk: (done: number) => void): Promise<Matrix<Float32Array>>;
}

/** `missing()`: the layers whose activations are not stored yet, in the study's order. */
export function activationPass(missing: () => Promise<readonly string[]>, perLayer = false): ActivationPass {
  const passes = new Map<string, Promise<Map<string, Matrix<Float32Array>>>>();
  return {
    async layer(net, set, setKey, layer, chunk, onChunk) {
      if (perLayer) return (await forward(net, set, [layer], chunk, onChunk)).get(layer)!;
      let pass = passes.get(setKey);
      if (!pass) {
        pass = missing().then((layers) => forward(net, set, layers.includes(layer) ? layers : [...layers, layer], chunk, onChunk));
        passes.set(setKey, pass);
        pass.catch(() => passes.delete(setKey));
      }
      const all = await pass;
      const m = all.get(layer);
      // taken before (a repeated compute of the same layer): one pass of its own
      if (!m) return (await forward(net, set, [layer], chunk, onChunk)).get(layer)!;
      all.delete(layer);
      if (all.size === 0 && passes.get(setKey) === pass) passes.delete(setKey);
      return m;
    },
  };
}

/** The set's activations of `layers`, chunk by chunk (the network splits each chunk over its workers). */
async function forward(net: Network, set: StimulusSetPayload, layers: readonly string[], chunk: number, onChunk: (done: number) => void): Promise<Map<string, Matrix<Float32Array>>> {
  const batch = toBatch(set);
  const chunks = await inChunks(batch, chunk, (c) => net.activations(c, layers), onChunk);
  const out = new Map<string, Matrix<Float32Array>>();
  for (const layer of layers) {
    const parts = chunks.map((c) => c[layer]!);
    const units = parts[0]!.cols;
    const data = new Float32Array(batch.n * units);
    let off = 0;
    for (const part of parts) {
      data.set(part.data, off);
      off += part.data.length;
    }
    out.set(layer, { rows: batch.n, cols: units, data });
  }
  return out;
}
