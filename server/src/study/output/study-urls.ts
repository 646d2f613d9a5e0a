import { DomainError } from '../../core/errors.js';

/**
 * Where a served study's files live when a service serves several (issue 11, item 4):
 *   /studies/<id>/arrays/...      array downloads (array-urls.ts)
 *   /studies/<id>/export/<name>.<csv|json>
 *   /studies/<id>/stimuli/<id>.png
 * The old root URLs (/arrays/..., /export/..., /stimuli/...) keep serving the default study. Every builder of
 * study/output/ takes the optional study id and prefixes with this one function, so the scheme has one home.
 */
export const STUDY_URL_ROOT = 'studies';

/** The same-origin path prefix of a study's files: '' for the root (default study) URLs, else /studies/<id>. */
export function studyUrlPrefix(study?: string | null): string {
  return study == null ? '' : `/${STUDY_URL_ROOT}/${encodeURIComponent(study)}`;
}

/** The files a study's prefix is followed by (everything else under /studies/<id>/ is the built site's pages). */
export const STUDY_FILE_ROUTES = ['arrays', 'export', 'stimuli'] as const;
export type StudyFileRoute = (typeof STUDY_FILE_ROUTES)[number];

/**
 * Splits "/studies/<id>/<route>/..." (path segments, percent-decoded) into the study id and the rest, or null when
 * the path is not a study's file (a site page under /studies/<id>/ is served as a static file).
 */
export function parseStudyPath(segments: readonly string[]): { study: string; rest: string[] } | null {
  if (segments[0] !== STUDY_URL_ROOT || segments.length < 3) return null;
  if (!(STUDY_FILE_ROUTES as readonly string[]).includes(segments[2]!)) return null;
  const study = segments[1]!;
  if (study === '') throw new DomainError('NOT_FOUND', 'empty study id in /studies//...', { value: study });
  return { study, rest: segments.slice(2) };
}

/** URL of a bulk export (exports.ts), for the default study at the root or under the study's prefix. */
export function exportUrl(name: string, format: 'csv' | 'json', study?: string | null): string {
  return `${studyUrlPrefix(study)}/export/${name}.${format}`;
}
