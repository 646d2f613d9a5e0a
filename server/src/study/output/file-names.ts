import type { ArrayRef, ArraySubset } from '../service.js';
import type { ArrayFormat } from './array-urls.js';

/**
 * The file name a download is saved under (Content-Disposition): the array's path parts joined by "_", and for a
 * subset the ranges it holds, so a saved slice never passes for the whole array, e.g.
 * responses_sim01_V1.subset_stimuli-0-10_columns-0-5.npy.
 */
export function downloadFileName(ref: ArrayRef, format: ArrayFormat, subset?: ArraySubset): string {
  let parts: string[];
  switch (ref.kind) {
    case 'activations': parts = ['activations', ref.layer, ref.stimulusKind]; break;
    case 'responses': parts = ['responses', ref.subject, ref.roi]; break;
    case 'rdms': parts = ['rdms', ref.sourceKind]; break;
    case 'stimuli': parts = ['stimuli', ref.stimulusKind]; break;
  }
  const ranges: string[] = [];
  if (subset?.stimuli) ranges.push(`stimuli-${subset.stimuli[0]}-${subset.stimuli[1]}`);
  if (subset?.columns) ranges.push(`columns-${subset.columns[0]}-${subset.columns[1]}`);
  const base = parts.join('_');
  return `${ranges.length ? `${base}.subset_${ranges.join('_')}` : base}.${format}`;
}

/** Suffix of an array's labels sidecar: /arrays/<path>.labels.json[?subset] describes /arrays/<path>.npy[?subset]. */
export const LABELS_SUFFIX = '.labels.json';

/** The sidecar URL of an array URL (ArrayDownload.url): same path and subset, `.labels.json` for the format. */
export function labelsUrl(arrayUrl: string): string {
  const q = arrayUrl.indexOf('?');
  const path = q < 0 ? arrayUrl : arrayUrl.slice(0, q);
  return `${path.slice(0, path.lastIndexOf('.'))}${LABELS_SUFFIX}${q < 0 ? '' : arrayUrl.slice(q)}`;
}

/** The path segments of the array a sidecar's segments describe (last segment back to `.npy`), or undefined. */
export function sidecarTarget(segments: readonly string[]): string[] | undefined {
  const last = segments.at(-1);
  if (!last?.endsWith(LABELS_SUFFIX) || last.length === LABELS_SUFFIX.length) return undefined;
  return [...segments.slice(0, -1), `${last.slice(0, -LABELS_SUFFIX.length)}.npy`];
}
