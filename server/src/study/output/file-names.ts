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
