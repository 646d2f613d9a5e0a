/**
 * The study's results as plain, labelled records: what study/ services return, what the GraphQL types mirror and
 * what the figure site draws. Shapes are stated per field; vectors are plain number arrays so records serialise
 * to JSON unchanged. Big arrays (activations, responses, RDM sets) are not inlined: see `ArrayDownload`.
 *
 * The vocabulary and the result records live on the domain floor (domain/vocabulary.ts, domain/records.ts); they
 * are re-exported here for the API rooms (graphql/, http/, the site), which read them beside the API's records.
 */
import type { StimulusKind } from '../domain/vocabulary.js';

export * from '../domain/vocabulary.js';
export * from '../domain/records.js';

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

export interface ClassScore {
  readonly index: number;
  /** The short label (domain/class-label.ts), the same vocabulary as StimulusRecord.classLabel. */
  readonly label: string;
  /** The labels file's full synonym list, e.g. "Ibizan hound, Ibizan Podenco". */
  readonly synonyms: string;
  readonly probability: number;
}

export interface PerturbationMetrics {
  readonly l2: number;
  readonly linf: number;
  readonly psnr: number;
  readonly ssim: number;
}

export interface GenerationRecord {
  readonly method: string;
  readonly steps: number;
  readonly seed: number;
  readonly converged: boolean;
  /** Probability of the target class (RE class for AN, wrong class for AI) at the end. */
  readonly targetProbability: number;
  /** Method parameters, canonical JSON. */
  readonly params: string;
}

export interface StimulusRecord {
  /** e.g. "RE-n02091244", "AN-n02091244", "AI-n02091244". */
  readonly id: string;
  readonly kind: StimulusKind;
  /** Id of the RE image this stimulus derives from (itself for RE). */
  readonly sourceId: string;
  /** dogs | birds | cars | fruits | aquatic. */
  readonly group: string;
  /** ImageNet class of the RE image (0..999) and its label. */
  readonly classIndex: number;
  readonly classLabel: string;
  /** The full synonym list of the class (classLabel is its first entry). */
  readonly classSynonyms: string;
  /** Pre-selected wrong class for AI / AI_CONTROL. */
  readonly targetIndex: number | null;
  readonly targetLabel: string | null;
  /** Human percept, as annotated in the paper's Fig. 1: the RE label, or "noise" for AN. */
  readonly humanLabel: string;
  readonly top: readonly ClassScore[];
  readonly generation: GenerationRecord | null;
  readonly metrics: PerturbationMetrics | null;
  /** sha256 of the PNG bytes. */
  readonly imageSha256: string;
}

export interface LayerRecord {
  readonly name: string;
  readonly ordinal: number;
  readonly activation: string;
  readonly units: number;
  readonly shape: readonly number[];
  readonly description: string;
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
