import { DomainError, unknownName } from '../core/errors.js';
import { HEMISPHERES, ROI_NAMES, type Hemisphere, type RoiName } from '../domain/vocabulary.js';
import type { RoiResponses, SubjectData, VertexTable } from './types.js';

/** The rows of a vertex table picked by index, in the given order. */
export function subsetVertices(t: VertexTable, idx: ArrayLike<number>): VertexTable {
  const pick = (a: Float64Array): Float64Array => Float64Array.from({ length: idx.length }, (_, i) => a[idx[i]!]!);
  const list = <T>(a: readonly T[]): T[] => Array.from({ length: idx.length }, (_, i) => a[idx[i]!]!);
  return {
    ids: list(t.ids),
    roi: list(t.roi),
    hemisphere: list(t.hemisphere),
    x: pick(t.x),
    y: pick(t.y),
    ...(t.z ? { z: pick(t.z) } : {}),
    ...(t.prf
      ? { prf: { x: pick(t.prf.x), y: pick(t.prf.y), size: pick(t.prf.size), exponent: pick(t.prf.exponent) } }
      : {}),
  };
}

/** Columns of betas `[trials x stimuli x vertices]` picked by vertex index -> `[trials x stimuli x idx.length]`. */
export function subsetBetas(betas: Float32Array, nVertices: number, idx: ArrayLike<number>): Float32Array {
  const rows = betas.length / nVertices;
  const k = idx.length;
  const out = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const base = r * nVertices;
    for (let j = 0; j < k; j++) out[r * k + j] = betas[base + idx[j]!]!;
  }
  return out;
}

/** Indices of the vertices of one ROI (and hemisphere, unless 'both'), in table order. */
export function roiIndex(t: VertexTable, roi: RoiName, hemisphere: Hemisphere | 'both' = 'both'): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < t.ids.length; i++) {
    if (t.roi[i] === roi && (hemisphere === 'both' || t.hemisphere[i] === hemisphere)) out.push(i);
  }
  return Int32Array.from(out);
}

/** Betas and vertex table of one ROI of a subject. Unknown ROI or hemisphere names, and empty ROIs, are refused. */
export function roiResponses(s: SubjectData, roi: string, hemisphere: string = 'both'): RoiResponses {
  if (!(ROI_NAMES as readonly string[]).includes(roi)) throw unknownName('UNKNOWN_ROI', 'ROI', roi, ROI_NAMES);
  if (hemisphere !== 'both' && !(HEMISPHERES as readonly string[]).includes(hemisphere)) {
    throw unknownName('BAD_USER_INPUT', 'hemisphere', hemisphere, [...HEMISPHERES, 'both']);
  }
  const idx = roiIndex(s.vertices, roi as RoiName, hemisphere as Hemisphere | 'both');
  if (idx.length === 0) {
    const present = [...new Set(s.vertices.roi)];
    throw new DomainError('UNKNOWN_ROI', `subject '${s.id}' has no vertices in ROI '${roi}' (${hemisphere}); present: ${present.join(', ')}`);
  }
  return {
    subject: s.id,
    roi: roi as RoiName,
    hemisphere: hemisphere as Hemisphere | 'both',
    simulated: s.simulated,
    stimulusIds: s.stimulusIds,
    nTrials: s.nTrials,
    betas: subsetBetas(s.betas, s.vertices.ids.length, idx),
    vertexIndex: idx,
    vertices: subsetVertices(s.vertices, idx),
  };
}

/** Betas of one trial as a `[nStimuli x nVertices]` view (no copy). */
export function trialBetas(betas: Float32Array, nStimuli: number, nVertices: number, trial: number): Float32Array {
  return betas.subarray(trial * nStimuli * nVertices, (trial + 1) * nStimuli * nVertices);
}
