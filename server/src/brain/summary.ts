import type { RoiSummary, SubjectRecord } from '../domain/records.js';
import type { Selection } from './select.js';
import type { SubjectData } from './types.js';

/**
 * Figure-ready summary of a subject's selection (domain/records.ts RoiSummary): per ROI and hemisphere, the number of
 * vertices, the number selected, and the median reliability over all vertices (NaN ones excluded) and over the
 * selected ones.
 */
export function roiSummaries(s: SubjectData, sel: Selection): RoiSummary[] {
  return sel.selected.map(({ roi, hemisphere, indices }) => {
    const all: number[] = [];
    for (let i = 0; i < s.vertices.ids.length; i++) {
      if (s.vertices.roi[i] === roi && s.vertices.hemisphere[i] === hemisphere) all.push(sel.reliability[i]!);
    }
    return {
      subject: s.id,
      roi,
      hemisphere,
      nVertices: all.length,
      nSelected: indices.length,
      medianReliability: median(all.filter((r) => !Number.isNaN(r))),
      medianReliabilitySelected: median(Array.from(indices, (i) => sel.reliability[i]!)),
    };
  });
}

export function subjectRecord(s: SubjectData, sel: Selection): SubjectRecord {
  return { id: s.id, simulated: s.simulated, rois: roiSummaries(s, sel) };
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
