import type { StimulusKind } from './vocabulary.js';

/**
 * The stimulus table's records (one per stimulus: class, target, top-k classification, generation, perturbation
 * metrics) and the network's read-out layers: computed by stimuli/ and networks/, read by the claims
 * (analysis/claims) and served by the API, so they live on the domain floor beside the result records.
 */

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
