import { compareRdms, rdmVector } from '../analysis/rdm.js';
import { DomainError } from '../core/errors.js';
import { isStimulusOfKind } from '../domain/stimulus-id.js';
import { HEMISPHERES, ROI_NAMES, type Hemisphere, type RoiName } from '../domain/vocabulary.js';
import { searchlightNeighbours } from './neighbours.js';
import type { SubjectData } from './types.js';

/**
 * Vertex selection as in the paper (§3.9): for every vertex, the searchlight disk (radius 3 mm) around it; within
 * it the RDM of the RE images from trial 1 and from trial 2 (one_minus_spearman); the Spearman correlation between
 * the two RDMs is the vertex's reliability. The N (100) most reliable vertices per hemisphere per ROI are kept.
 * Only RE responses are used, so the selection is blind to AN and AI.
 */
export interface SelectionOptions {
  /** Stimuli to use (the RE images). Default: every stimulus whose id parses as kind RE. */
  readonly stimulusIds?: readonly string[];
  readonly radiusMm?: number;
  /** Vertices kept per hemisphere per ROI (paper: 100). */
  readonly perHemisphere?: number;
  /** The two trials whose RDMs are compared (0-based). Default [0, 1]. */
  readonly trials?: readonly [number, number];
  readonly rdmMethod?: string;
  readonly comparison?: string;
  /** Fewer vertices than this in a disk give reliability NaN (never selected). Default 3. */
  readonly minNeighbours?: number;
}

export const DEFAULT_SELECTION = {
  radiusMm: 3,
  perHemisphere: 100,
  trials: [0, 1] as const,
  rdmMethod: 'one_minus_spearman',
  comparison: 'spearman',
  minNeighbours: 3,
};

export interface Selection {
  readonly subject: string;
  /** Reliability of every vertex of the subject (NaN where undefined). */
  readonly reliability: Float64Array;
  /** Selected vertex indices (into the subject's vertex table) per ROI and hemisphere, most reliable first. */
  readonly selected: ReadonlyArray<{ readonly roi: RoiName; readonly hemisphere: Hemisphere; readonly indices: Int32Array }>;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The stimulus-axis positions of the selection stimuli (default: the RE stimuli). */
export function selectionStimuli(s: SubjectData, ids?: readonly string[]): Int32Array {
  const use = ids ?? s.stimulusIds.filter((id) => isStimulusOfKind(id, 'RE'));
  if (use.length < 3) {
    throw new DomainError('BAD_USER_INPUT', `vertex selection needs at least 3 RE stimuli, got ${use.length}; pass stimulusIds (subject '${s.id}' has ${s.stimulusIds.slice(0, 5).join(', ')}...)`);
  }
  const index = new Map(s.stimulusIds.map((id, i) => [id, i] as const));
  return Int32Array.from(use, (id) => {
    const i = index.get(id);
    if (i === undefined) throw new DomainError('UNKNOWN_STIMULUS', `subject '${s.id}' has no responses for stimulus '${id}'`);
    return i;
  });
}

/** Split-half searchlight reliability of every vertex: `[nVertices]`. */
export function vertexReliability(s: SubjectData, opts: SelectionOptions = {}): Float64Array {
  const o = { ...DEFAULT_SELECTION, ...opts };
  const [t1, t2] = o.trials;
  for (const t of [t1, t2]) {
    if (!Number.isInteger(t) || t < 0 || t >= s.nTrials) {
      throw new DomainError('BAD_USER_INPUT', `trial ${t} out of range; subject '${s.id}' has trials 0..${s.nTrials - 1}`);
    }
  }
  const stim = selectionStimuli(s, o.stimulusIds);
  const V = s.vertices.ids.length;
  const S = s.stimulusIds.length;
  const nb = searchlightNeighbours(s.vertices, o.radiusMm);
  const out = new Float64Array(V);
  for (let v = 0; v < V; v++) {
    const idx = nb[v]!;
    if (idx.length < o.minNeighbours) {
      out[v] = NaN;
      continue;
    }
    const a = rdmVector(patterns(s.betas, S, V, t1, stim, idx), o.rdmMethod);
    const b = rdmVector(patterns(s.betas, S, V, t2, stim, idx), o.rdmMethod);
    out[v] = compareRdms(a, b, o.comparison);
  }
  return out;
}

/** `[stimuli x disk vertices]` of one trial. */
function patterns(betas: Float32Array, S: number, V: number, trial: number, stim: Int32Array, idx: Int32Array): { rows: number; cols: number; data: Float64Array } {
  const k = idx.length;
  const data = new Float64Array(stim.length * k);
  for (let i = 0; i < stim.length; i++) {
    const base = (trial * S + stim[i]!) * V;
    for (let j = 0; j < k; j++) data[i * k + j] = betas[base + idx[j]!]!;
  }
  return { rows: stim.length, cols: k, data };
}

/** The N most reliable vertices per ROI and hemisphere (fewer when an ROI has fewer with a defined reliability). */
export function selectVertices(s: SubjectData, opts: SelectionOptions = {}): Selection {
  const o = { ...DEFAULT_SELECTION, ...opts };
  if (!Number.isInteger(o.perHemisphere) || o.perHemisphere < 1) {
    throw new DomainError('BAD_USER_INPUT', `vertices per hemisphere must be a positive integer, got ${o.perHemisphere}`);
  }
  const reliability = vertexReliability(s, o);
  return { subject: s.id, reliability, selected: topPerRoi(s, reliability, o.perHemisphere), params: { ...o } };
}

/** Ranks vertices by reliability (descending, NaN excluded; ties by table order) within each ROI x hemisphere. */
export function topPerRoi(s: SubjectData, reliability: Float64Array, n: number): Selection['selected'] {
  const out: { roi: RoiName; hemisphere: Hemisphere; indices: Int32Array }[] = [];
  for (const roi of ROI_NAMES) {
    for (const hemisphere of HEMISPHERES) {
      const cand: number[] = [];
      for (let i = 0; i < s.vertices.ids.length; i++) {
        if (s.vertices.roi[i] === roi && s.vertices.hemisphere[i] === hemisphere && !Number.isNaN(reliability[i]!)) cand.push(i);
      }
      if (cand.length === 0 && !s.vertices.roi.some((r, i) => r === roi && s.vertices.hemisphere[i] === hemisphere)) continue;
      cand.sort((a, b) => reliability[b]! - reliability[a]! || a - b);
      out.push({ roi, hemisphere, indices: Int32Array.from(cand.slice(0, n)) });
    }
  }
  return out;
}
