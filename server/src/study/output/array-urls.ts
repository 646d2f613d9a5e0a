import { DomainError } from '../../core/errors.js';
import { STIMULUS_KINDS, ROI_NAMES, type RoiName, type StimulusKind } from '../model.js';
import type { ArrayRef, ArraySubset } from '../service.js';
import { studyUrlPrefix } from './study-urls.js';
import { subsetQuery } from './subset.js';

/**
 * The URL of every downloadable array, and its inverse. One place defines the scheme:
 *   /arrays/activations/<layer>/<stimulusKind>.<npy|csv>   [stimuli x units]
 *   /arrays/responses/<subject>/<roi>.<npy|csv>            [trials x stimuli x vertices]
 *   /arrays/rdms/<layer|roi>.<npy|csv>                     RDM set of all layers or all subject x ROIs
 *   /arrays/stimuli/<stimulusKind>.<npy|csv>               stimulus pixels
 * with optional ?stimuli=a:b&columns=c:d (half-open). With `study`, the same under /studies/<id> (study-urls.ts).
 */
export type ArrayFormat = 'npy' | 'csv';
export const ARRAY_FORMATS = ['npy', 'csv'] as const;
export const ARRAY_KINDS = ['activations', 'responses', 'rdms', 'stimuli'] as const;

export function arrayUrl(ref: ArrayRef, format: ArrayFormat, subset?: ArraySubset, study?: string | null): string {
  const e = encodeURIComponent;
  let path: string;
  switch (ref.kind) {
    case 'activations': path = `activations/${e(ref.layer)}/${ref.stimulusKind}`; break;
    case 'responses': path = `responses/${e(ref.subject)}/${ref.roi}`; break;
    case 'rdms': path = `rdms/${ref.sourceKind}`; break;
    case 'stimuli': path = `stimuli/${ref.stimulusKind}`; break;
  }
  return `${studyUrlPrefix(study)}/arrays/${path}.${format}${subsetQuery(subset)}`;
}

/**
 * Parses the path after /arrays/ (already split on "/" and percent-decoded segment by segment). Names inside
 * closed sets (kinds, ROIs, formats) are checked here; layers and subjects against the study by the caller.
 */
export function parseArrayPath(segments: readonly string[]): { ref: ArrayRef; format: ArrayFormat } {
  const last = segments.at(-1) ?? '';
  const dot = last.lastIndexOf('.');
  const format = last.slice(dot + 1);
  if (dot <= 0 || !(ARRAY_FORMATS as readonly string[]).includes(format)) {
    throw new DomainError('NOT_FOUND', `unknown array format in '${last}'; valid: ${ARRAY_FORMATS.join(', ')}`, { value: last });
  }
  const parts = [...segments.slice(0, -1), last.slice(0, dot)];
  const [kind, a, b] = parts;
  const arity = kind === 'rdms' || kind === 'stimuli' ? 2 : 3;
  if (!(ARRAY_KINDS as readonly string[]).includes(kind ?? '')) {
    throw new DomainError('NOT_FOUND', `unknown array kind '${kind ?? ''}'; valid: ${ARRAY_KINDS.join(', ')}`, { value: kind });
  }
  if (parts.length !== arity) {
    throw new DomainError('NOT_FOUND', `/arrays/${kind} takes ${arity - 1} path part(s), got ${parts.length - 1}; see arrayUrl in the API docs`, { value: parts.join('/') });
  }
  const fmt = format as ArrayFormat;
  switch (kind) {
    case 'activations': return { ref: { kind, layer: a!, stimulusKind: stimulusKind(b!) }, format: fmt };
    case 'responses': return { ref: { kind, subject: a!, roi: roiName(b!) }, format: fmt };
    case 'rdms':
      if (a !== 'layer' && a !== 'roi') throw new DomainError('NOT_FOUND', `unknown RDM source kind '${a}'; valid: layer, roi`, { value: a });
      return { ref: { kind, sourceKind: a }, format: fmt };
    default: return { ref: { kind: 'stimuli', stimulusKind: stimulusKind(a!) }, format: fmt };
  }
}

function stimulusKind(v: string): StimulusKind {
  if (!(STIMULUS_KINDS as readonly string[]).includes(v)) {
    throw new DomainError('BAD_USER_INPUT', `unknown stimulus kind '${v}'; valid: ${STIMULUS_KINDS.join(', ')}`, { value: v, valid: [...STIMULUS_KINDS] });
  }
  return v as StimulusKind;
}

function roiName(v: string): RoiName {
  if (!(ROI_NAMES as readonly string[]).includes(v)) {
    throw new DomainError('UNKNOWN_ROI', `unknown ROI '${v}'; valid: ${ROI_NAMES.join(', ')}`, { value: v, valid: [...ROI_NAMES] });
  }
  return v as RoiName;
}
