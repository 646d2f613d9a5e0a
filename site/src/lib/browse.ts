/** Helpers of the browse pages: source titles, grouping RDMs by source, URL slugs for layer names. */
import type { RdmView, Source } from './types.js';

export function sourceTitle(s: Source): string {
  return s.kind === 'layer' ? `layer ${s.layer}` : `${s.subject} · ${s.roi}`;
}

/** RDMs grouped by source, in first-appearance order. */
export function bySource(rdms: readonly RdmView[]): [Source, RdmView[]][] {
  const m = new Map<string, [Source, RdmView[]]>();
  for (const r of rdms) {
    const k = sourceTitle(r.source);
    if (!m.has(k)) m.set(k, [r.source, []]);
    m.get(k)![1].push(r);
  }
  return [...m.values()];
}

/** URL-safe slug of a layer or subject name ("block_16/project" -> "block_16-project"); injective enough for ids. */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function roiPath(subject: string, roi: string): string {
  return `/browse/roi/${slug(subject)}/${slug(roi)}/`;
}
export function layerPath(layer: string): string {
  return `/browse/layer/${slug(layer)}/`;
}
