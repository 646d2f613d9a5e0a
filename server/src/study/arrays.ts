import { unknownName } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { encodeNpy } from '../core/npy.js';
import { roiIndex } from '../brain/roi.js';
import type { AnyStage } from './stage.js';
import { ROI_NAMES, STIMULUS_KINDS, type RoiName } from '../domain/vocabulary.js';
import { type RdmRecord } from '../domain/records.js';
import type { Pipeline } from './pipeline/graph.js';
import type { ActivationsPayload } from './pipeline/network-stages.js';
import { subjectPart, type BrainPayload } from './pipeline/brain-stages.js';
import type { StimulusSetPayload } from './pipeline/payloads.js';
import type { ArrayRef, ArraySubset } from './service.js';
import { stimulusAxis, subsetShape } from './output/subset.js';

/**
 * The downloadable arrays of a study, read from single parts of the artifacts (never whole payloads):
 * - activations {layer, stimulusKind}: [stimuli x units] float32, rows = stimulus ids;
 * - responses {subject, roi}: [trials x stimuli x vertices] float32 of every vertex of the ROI (both
 *   hemispheres), rows = stimulus ids, columns = vertex ids;
 * - rdms {sourceKind}: [rdms x pairs] float64, one row per (source, stimulus kind), SciPy pdist order;
 * - stimuli {stimulusKind}: [stimuli x (H*W*3)] float32 pixels 0..255 (RGB, row-major HWC per image).
 * Subsets are half-open ranges along the stimulus axis (the one before last) and the last axis.
 */
export interface LabelledArray {
  shape: number[];
  data: Float32Array | Float64Array;
  rowIds: string[];
  colIds: string[];
}

/** Reads one part of a stage's artifact (computing it if missing). */
export type PartReader = (stage: AnyStage, part: string) => Promise<unknown>;

export async function readFullArray(p: Pipeline, part: PartReader, ref: ArrayRef, subjectIds: () => Promise<string[]>): Promise<LabelledArray> {
  switch (ref.kind) {
    case 'activations': {
      const stage = p.activations.get(ref.layer);
      if (!stage) throw unknownName('UNKNOWN_LAYER', 'layer', ref.layer, [...p.activations.keys()]);
      const meta = (await part(stage, 'meta')) as ActivationsPayload['meta'];
      if (!meta.kinds.includes(ref.stimulusKind)) throw unknownName('BAD_USER_INPUT', 'stimulus kind', ref.stimulusKind, meta.kinds);
      const data = (await part(stage, ref.stimulusKind)) as Float32Array;
      const ids = [...meta.ids[ref.stimulusKind]!];
      return { shape: [ids.length, meta.units], data, rowIds: ids, colIds: [] };
    }
    case 'responses': {
      const ids = await subjectIds();
      const i = ids.indexOf(ref.subject);
      if (i < 0) throw unknownName('UNKNOWN_SUBJECT', 'subject', ref.subject, ids);
      if (!(ROI_NAMES as readonly string[]).includes(ref.roi)) throw unknownName('UNKNOWN_ROI', 'ROI', ref.roi, ROI_NAMES);
      const meta = ((await part(p.brain, 'meta')) as BrainPayload['meta']).subjects[i]!;
      const betas = (await part(p.brain, subjectPart(meta.id, 'betas'))) as Float32Array;
      const idx = roiIndex({ ids: meta.vertexIds, roi: meta.roi, hemisphere: meta.hemisphere, x: new Float64Array(0), y: new Float64Array(0) }, ref.roi as RoiName);
      const nV = meta.vertexIds.length;
      const nS = meta.stimulusIds.length;
      const out = new Float32Array(meta.nTrials * nS * idx.length);
      for (let r = 0; r < meta.nTrials * nS; r++) for (let j = 0; j < idx.length; j++) out[r * idx.length + j] = betas[r * nV + idx[j]!]!;
      return { shape: [meta.nTrials, nS, idx.length], data: out, rowIds: [...meta.stimulusIds], colIds: Array.from(idx, (k) => meta.vertexIds[k]!) };
    }
    case 'rdms': {
      const stages = ref.sourceKind === 'layer' ? [...p.layerRdms.values()] : [...p.roiRdms];
      const records = (await Promise.all(stages.map(async (s) => (await part(s, 'records')) as RdmRecord[]))).flat();
      const width = records[0]?.vector.length ?? 0;
      const data = new Float64Array(records.length * width);
      records.forEach((r, i) => data.set(r.vector, i * width));
      const rowIds = records.map((r) => `${r.source.kind === 'layer' ? `layer:${r.source.layer}` : `roi:${r.source.subject}:${r.source.roi}`}:${r.stimulusKind}`);
      return { shape: [records.length, width], data, rowIds, colIds: [] };
    }
    case 'stimuli': {
      const stage = p.sets[ref.stimulusKind];
      if (!stage) throw unknownName('BAD_USER_INPUT', 'stimulus kind', ref.stimulusKind, STIMULUS_KINDS);
      const meta = (await part(stage, 'meta')) as StimulusSetPayload['meta'];
      const pixels = (await part(stage, 'pixels')) as Uint8Array;
      return { shape: [meta.ids.length, meta.height * meta.width * 3], data: Float32Array.from(pixels), rowIds: [...meta.ids], colIds: [] };
    }
  }
}

/**
 * The subset of an array. Ranges were parsed at the edge (output/subset.ts parseSubset); their extent is checked
 * here by output/subset.ts subsetShape, so the API, the router and the CLI give the same message.
 */
export function subsetArray(a: LabelledArray, subset: ArraySubset | undefined): LabelledArray {
  if (!subset || (!subset.stimuli && !subset.columns)) return a;
  subsetShape(a.shape, subset);
  const rank = a.shape.length;
  const sAxis = stimulusAxis(a.shape);
  const cAxis = rank - 1;
  const [s0, s1] = subset.stimuli ?? [0, a.shape[sAxis]!];
  const [c0, c1] = subset.columns ?? [0, a.shape[cAxis]!];
  const outer = rank >= 3 ? a.shape.slice(0, rank - 2).reduce((x, y) => x * y, 1) : 1;
  const nS = rank >= 2 ? a.shape[sAxis]! : 1;
  const nC = a.shape[cAxis]!;
  const ns = rank >= 2 ? s1 - s0 : 1;
  const nc = c1 - c0;
  const data = new (a.data.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(outer * ns * nc);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < ns; i++) {
      const from = (o * nS + (rank >= 2 ? s0 : 0) + i) * nC + c0;
      data.set(a.data.subarray(from, from + nc), (o * ns + i) * nc);
    }
  }
  const shape = [...a.shape];
  if (rank >= 2) shape[sAxis] = ns;
  shape[cAxis] = nc;
  return {
    shape, data,
    rowIds: rank >= 2 && a.rowIds.length === a.shape[sAxis] ? a.rowIds.slice(s0, s1) : a.rowIds,
    colIds: a.colIds.length === nC ? a.colIds.slice(c0, c1) : a.colIds,
  };
}

/** Size and sha256 of the whole array as .npy (what a download of it serves). */
export function npyDescription(a: LabelledArray): { shape: number[]; dtype: string; contentLength: number; sha256: string } {
  const bytes = encodeNpy({ shape: a.shape, data: a.data });
  return { shape: a.shape, dtype: a.data instanceof Float32Array ? '<f4' : '<f8', contentLength: bytes.byteLength, sha256: sha256(bytes) };
}
