import { DomainError } from '../../core/errors.js';
import { studyUrlPrefix } from './study-urls.js';

/**
 * The URL of a stimulus's PNG, relative to the server root, and its inverse: one scheme for the GraphQL
 * `imageUrl` field, the server's router and the site. The id travels as one percent-encoded path segment, so the
 * scheme holds whatever domain/stimulus-id.ts formats.
 */
export const STIMULUS_IMAGE_PREFIX = '/stimuli/';

/** With `study`, the PNG under that study's prefix (/studies/<id>/stimuli/...; study-urls.ts). */
export function stimulusImageUrl(id: string, study?: string | null): string {
  return `${studyUrlPrefix(study)}${STIMULUS_IMAGE_PREFIX}${encodeURIComponent(id)}.png`;
}

/** The stimulus id of the (already percent-decoded) path segment after /stimuli/, e.g. "RE-n02091244.png". */
export function parseStimulusImageName(segment: string): string {
  const dot = segment.lastIndexOf('.');
  if (dot <= 0 || segment.slice(dot + 1) !== 'png') {
    throw new DomainError('NOT_FOUND', `stimulus images are PNG: /stimuli/<id>.png, got '${segment}'`, { value: segment });
  }
  return segment.slice(0, dot);
}
