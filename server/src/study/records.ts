import { quantile } from '../analysis/percentile.js';
import { HEMISPHERES, ROI_NAMES } from '../domain/vocabulary.js';
import { type RoiSummary, type SubjectRecord } from '../domain/records.js';
import type { SelectionPayload, SubjectPayload } from './pipeline/brain-stages.js';

/** The API's subject record from a subject's metadata and its vertex selection. */
export async function subjectRecord(meta: SubjectPayload['meta'], sel: SelectionPayload['meta'], reliability: Float32Array,
  part: (name: string) => Promise<Int32Array>): Promise<SubjectRecord> {
  const rois: RoiSummary[] = [];
  for (const roi of ROI_NAMES) {
    for (const hemisphere of HEMISPHERES) {
      const all: number[] = [];
      meta.roi.forEach((r, i) => { if (r === roi && meta.hemisphere[i] === hemisphere) all.push(reliability[i]!); });
      if (all.length === 0) continue;
      const entry = sel.rois.find((r) => r.roi === roi && r.hemisphere === hemisphere);
      const selected = entry ? Array.from(await part(entry.part), (i) => reliability[i]!) : [];
      rois.push({
        subject: meta.id, roi, hemisphere, nVertices: all.length, nSelected: selected.length,
        medianReliability: quantile(all, 0.5), medianReliabilitySelected: selected.length ? quantile(selected, 0.5) : NaN,
      });
    }
  }
  return { id: meta.id, simulated: meta.simulated, rois };
}
