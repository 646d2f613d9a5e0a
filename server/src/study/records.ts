import { summariseSelection } from '../brain/summary.js';
import type { SubjectRecord } from '../domain/records.js';
import type { SelectionPayload, SubjectPayload } from './pipeline/brain-stages.js';

/** The API's subject record from a subject's metadata and its stored vertex selection (brain/summary.ts). */
export async function subjectRecord(meta: SubjectPayload['meta'], sel: SelectionPayload['meta'], reliability: Float32Array,
  part: (name: string) => Promise<Int32Array>): Promise<SubjectRecord> {
  const selected = await Promise.all(sel.rois.map(async (r) => ({ roi: r.roi, hemisphere: r.hemisphere, indices: await part(r.part) })));
  return summariseSelection({ id: meta.id, simulated: meta.simulated, roi: meta.roi, hemisphere: meta.hemisphere, reliability, selected });
}
