/**
 * The study's results as plain, labelled records: what study/ services return, what the GraphQL types mirror and
 * what the figure site draws. Shapes are stated per field; vectors are plain number arrays so records serialise
 * to JSON unchanged. Big arrays (activations, responses, RDM sets) are not inlined: see `ArrayDownload`.
 *
 * The vocabulary and the result records live on the domain floor (domain/vocabulary.ts, domain/records.ts); they
 * are re-exported here for the API rooms (graphql/, http/, the site), which read them beside the API's records.
 */

export * from '../domain/vocabulary.js';
export * from '../domain/records.js';
export * from '../domain/stimulus-records.js';

export interface Provenance {
  /** Content address of the artifact in the store. */
  readonly key: string;
  /** Artifact kind / producing stage, e.g. "similarity.layers". */
  readonly producedBy: string;
  readonly codeVersion: string;
  readonly backend: string;
  readonly network: string;
  readonly weightsSha256: string;
  readonly computedAt: string;
  readonly durationMs: number;
  /** Parameters of the computation, canonical JSON. */
  readonly params: string;
  /** Keys of the input artifacts. */
  readonly inputs: readonly string[];
}

/**
 * One vertex of a subject's ROI with its split-half reliability (paper 3.9) and whether the selection kept it
 * (issue 12 item 11: the selected ids make every ROI number recomputable). Coordinates in mm on the patch.
 */
export interface VertexRecord {
  readonly subject: string;
  readonly id: string;
  readonly roi: import('../domain/vocabulary.js').RoiName;
  readonly hemisphere: import('../domain/vocabulary.js').Hemisphere;
  readonly x: number;
  readonly y: number;
  /** NaN where undefined (a searchlight disk too small). */
  readonly reliability: number;
  readonly selected: boolean;
}

/** A large array served as a file: the API returns this instead of inlining the numbers. */
export interface ArrayDownload {
  readonly url: string;
  readonly format: 'npy' | 'csv';
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly contentLength: number;
  readonly sha256: string;
}

/**
 * What makes a download self-describing (issue 12 item 9): the ids along its stimulus axis (the one before last
 * for [trials x stimuli x vertices], the first otherwise) and its last axis, the study, whether the data are
 * simulated, and the study's provenance key.
 */
export interface ArrayLabels {
  readonly rows: readonly string[];
  /** Null where the last axis is a plain index (network units, pixels, RDM pairs in pdist order). */
  readonly columns: readonly string[] | null;
  readonly study: string;
  readonly simulated: boolean;
  readonly studyProvenanceKey: string;
}
