import type { Hemisphere, RoiName } from '../domain/vocabulary.js';

/**
 * The brain-data model shared by the simulator and every importer (docs/paper-digest.md §3). One subject holds single-trial
 * betas for every vertex (surface) or voxel (volume) of all its ROIs; ROI and hemisphere are per-vertex labels, so
 * an ROI view is a column selection. Every value carries whether it is simulated: the site and API label it.
 */

/** 'flat': x, y on a flattened cortical patch (mm, one patch per hemisphere); 'volume': x, y, z scanner mm. */
export const BRAIN_SPACES = ['flat', 'volume'] as const;
export type BrainSpace = (typeof BRAIN_SPACES)[number];

/** Population receptive field of a vertex in the visual field (degrees; +x right, +y up, fixation at 0, 0). */
export interface PrfTable {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** pRF size as Kay et al. 2013 define it (sd of the response to a point, = sigma / sqrt(exponent)), degrees. */
  readonly size: Float64Array;
  /** Compressive exponent n of the CSS model (1 = linear). */
  readonly exponent: Float64Array;
}

/** Per-vertex labels and coordinates; all arrays have one entry per vertex, in the column order of the betas. */
export interface VertexTable {
  readonly ids: readonly string[];
  readonly roi: readonly RoiName[];
  readonly hemisphere: readonly Hemisphere[];
  /** Millimetres (see BrainSpace). For 'flat' the two hemispheres are separate patches with their own origins. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Present for 'volume' data. */
  readonly z?: Float64Array;
  /** Present when known (always for simulated subjects). */
  readonly prf?: PrfTable;
}

export interface SubjectData {
  readonly id: string;
  readonly simulated: boolean;
  readonly space: BrainSpace;
  /** Stimulus ids in the order of the betas' stimulus axis. */
  readonly stimulusIds: readonly string[];
  readonly nTrials: number;
  /** [nTrials x nStimuli x nVertices] row-major, float32 (the paper estimated two betas per image, §3.7). */
  readonly betas: Float32Array;
  readonly vertices: VertexTable;
  /** Where the data came from: "simulated:<model version>" or the importer name and input path. */
  readonly source: string;
  /** Free-form, canonical-JSON-able parameters (simulation parameters, importer options). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface BrainData {
  readonly simulated: boolean;
  readonly subjects: readonly SubjectData[];
}

/** Betas and vertices of one ROI (both hemispheres unless one is named) of one subject. */
export interface RoiResponses {
  readonly subject: string;
  readonly roi: RoiName;
  readonly hemisphere: Hemisphere | 'both';
  readonly simulated: boolean;
  readonly stimulusIds: readonly string[];
  readonly nTrials: number;
  /** [nTrials x nStimuli x nVertices]. */
  readonly betas: Float32Array;
  /** Indices of these vertices in the subject's vertex table. */
  readonly vertexIndex: Int32Array;
  readonly vertices: VertexTable;
}

export function nVertices(s: SubjectData): number {
  return s.vertices.ids.length;
}
