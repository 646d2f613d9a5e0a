import type { StimulusRecord } from './model.js';

/**
 * The paper's RE criterion (Zhang et al. 2021, section 2.2): "AlexNet can classify all images into their
 * corresponding categories with probabilities greater than 0.99". Evaluated per study on the study's own
 * network from the stored classifications: an RE image meets it when its correct class is the top-1 class with a
 * probability above the threshold.
 */
export const RE_CRITERION_THRESHOLD = 0.99;

export interface ReCriterionImage {
  readonly id: string;
  readonly classLabel: string;
  readonly top1: string;
  /** The network's probability of the correct class; null when it is not among the stored top-5. */
  readonly probability: number | null;
  readonly meets: boolean;
}

export interface ReCriterion {
  readonly threshold: number;
  /** RE images meeting it, of `total`. */
  readonly met: number;
  readonly total: number;
  /** Every RE image, in study order. */
  readonly images: readonly ReCriterionImage[];
}

/** Whether one RE record meets the criterion (top-1 correct and p > threshold). */
export function meetsReCriterion(r: Pick<StimulusRecord, 'classIndex' | 'top'>, threshold = RE_CRITERION_THRESHOLD): boolean {
  const top = r.top[0];
  return top !== undefined && top.index === r.classIndex && top.probability > threshold;
}

/** The criterion over the RE records of a study (records of other kinds are ignored). */
export function reCriterion(records: readonly StimulusRecord[], threshold = RE_CRITERION_THRESHOLD): ReCriterion {
  const images = records.filter((r) => r.kind === 'RE').map((r) => ({
    id: r.id,
    classLabel: r.classLabel,
    top1: r.top[0]?.label ?? '',
    probability: r.top.find((t) => t.index === r.classIndex)?.probability ?? null,
    meets: meetsReCriterion(r, threshold),
  }));
  return { threshold, met: images.filter((i) => i.meets).length, total: images.length, images };
}
