import { quantile } from '../analysis/percentile.js';
import { HEMISPHERES, ROI_NAMES, type Hemisphere, type RoiName } from '../domain/vocabulary.js';
import type { RoiSummary, SubjectRecord } from '../domain/records.js';
import type { Selection } from './select.js';
import type { SubjectData } from './types.js';

/**
 * Figure-ready summary of a subject's selection (domain/records.ts RoiSummary): per ROI and hemisphere that has
 * vertices, in ROI_NAMES x HEMISPHERES order, the number of vertices, the number selected, and the median
 * reliability over all vertices (NaN ones, whose disks were too small, excluded) and over the selected ones. The
 * one summary behind both `brain summary` and the API's subject records (study/records.ts).
 */
export interface SelectionSummaryInput {
  readonly id: string;
  readonly simulated: boolean;
  /** Per vertex: its ROI and hemisphere. */
  readonly roi: readonly RoiName[];
  readonly hemisphere: readonly Hemisphere[];
  /** Per vertex: split-half reliability, NaN where undefined. */
  readonly reliability: ArrayLike<number>;
  /** Selected vertex indices per ROI and hemisphere. */
  readonly selected: readonly { readonly roi: RoiName; readonly hemisphere: Hemisphere; readonly indices: ArrayLike<number> }[];
}

export function summariseSelection(x: SelectionSummaryInput): SubjectRecord {
  const rois: RoiSummary[] = [];
  for (const roi of ROI_NAMES) {
    for (const hemisphere of HEMISPHERES) {
      const all: number[] = [];
      x.roi.forEach((r, i) => { if (r === roi && x.hemisphere[i] === hemisphere) all.push(x.reliability[i]!); });
      if (all.length === 0) continue;
      const entry = x.selected.find((e) => e.roi === roi && e.hemisphere === hemisphere);
      const selected = entry ? Array.from(entry.indices, (i) => x.reliability[i]!) : [];
      rois.push({
        subject: x.id, roi, hemisphere, nVertices: all.length, nSelected: selected.length,
        medianReliability: median(all.filter((r) => !Number.isNaN(r))), medianReliabilitySelected: median(selected),
      });
    }
  }
  return { id: x.id, simulated: x.simulated, rois };
}

export function roiSummaries(s: SubjectData, sel: Selection): readonly RoiSummary[] {
  return subjectRecord(s, sel).rois;
}

export function subjectRecord(s: SubjectData, sel: Selection): SubjectRecord {
  return summariseSelection({ id: s.id, simulated: s.simulated, roi: s.vertices.roi, hemisphere: s.vertices.hemisphere, reliability: sel.reliability, selected: sel.selected });
}

/** Median (linear interpolation between the two middle values, analysis/percentile.ts); NaN for an empty list. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
