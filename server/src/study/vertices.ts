import type { Hemisphere, RoiName } from '../domain/vocabulary.js';
import type { VertexRecord } from './model.js';
import { subjectPart, type BrainPayload, type SelectionPayload } from './pipeline/brain-stages.js';
import type { Pipeline } from './pipeline/graph.js';
import type { PartReader } from './arrays.js';

export interface VertexFilter {
  readonly roi?: RoiName;
  readonly hemisphere?: Hemisphere;
  readonly selectedOnly?: boolean;
}

/**
 * The vertex table of subject `index` with each vertex's split-half reliability and whether the selection kept
 * it, read from single parts (the subject's ids and x, y; the selection's reliability and kept indices). Vertices
 * outside the five ROIs are left out.
 */
export async function subjectVertices(p: Pipeline, part: PartReader, index: number, filter: VertexFilter = {}): Promise<VertexRecord[]> {
  const meta = ((await part(p.brain, 'meta')) as BrainPayload['meta']).subjects[index]!;
  const sel = p.selections[index]!;
  const selMeta = (await part(sel, 'meta')) as SelectionPayload['meta'];
  const reliability = (await part(sel, 'reliability')) as Float32Array;
  const kept = new Set<number>();
  for (const r of selMeta.rois) for (const i of (await part(sel, r.part)) as Int32Array) kept.add(i);
  const x = (await part(p.brain, subjectPart(meta.id, 'x'))) as Float64Array;
  const y = (await part(p.brain, subjectPart(meta.id, 'y'))) as Float64Array;
  const out: VertexRecord[] = [];
  meta.vertexIds.forEach((id, i) => {
    const roi = meta.roi[i]!;
    const hemisphere = meta.hemisphere[i]!;
    if (!roi || (filter.roi && roi !== filter.roi) || (filter.hemisphere && hemisphere !== filter.hemisphere)) return;
    if (filter.selectedOnly && !kept.has(i)) return;
    out.push({ subject: meta.id, id, roi, hemisphere, x: x[i]!, y: y[i]!, reliability: reliability[i]!, selected: kept.has(i) });
  });
  return out;
}
