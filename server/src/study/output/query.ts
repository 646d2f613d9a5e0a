import { DomainError } from '../../core/errors.js';

/**
 * The query parameters each download route understands. A misspelt one (`?stimulus=0:10`, `?kind=AI`) would
 * otherwise be ignored and the whole file served as if it were the subset asked for (issue 12 item 10), so any
 * other name is refused (400) with the valid ones.
 */
export const DOWNLOAD_PARAMS = {
  arrays: ['stimuli', 'columns'],
  export: [],
  stimuli: [],
} as const satisfies Record<string, readonly string[]>;

export type DownloadRoute = keyof typeof DOWNLOAD_PARAMS;

export function refuseUnknownParams(route: DownloadRoute, params: URLSearchParams): void {
  const valid: readonly string[] = DOWNLOAD_PARAMS[route];
  const bad = [...new Set(params.keys())].filter((k) => !valid.includes(k));
  if (bad.length === 0) return;
  const takes = valid.length ? `valid: ${valid.join(', ')}` : 'it takes none';
  throw new DomainError('BAD_USER_INPUT', `unknown query parameter${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')} on /${route}/...; ${takes}`, { value: bad, valid: [...valid] });
}
