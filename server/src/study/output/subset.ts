import { DomainError } from '../../core/errors.js';
import type { ArraySubset } from '../service.js';

/**
 * Array subsets in URLs and GraphQL arguments: half-open ranges "start:end" of non-negative integers along the
 * stimulus axis (`stimuli`) and the unit / vertex axis (`columns`).
 */
const RANGE = /^(\d{1,9}):(\d{1,9})$/;

export function parseRange(name: 'stimuli' | 'columns', text: string | null | undefined): readonly [number, number] | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const m = RANGE.exec(text);
  const start = Number(m?.[1]);
  const end = Number(m?.[2]);
  if (!m || end <= start) {
    throw new DomainError('BAD_USER_INPUT', `${name}='${text}' is not a range; use start:end with 0 <= start < end (half-open), e.g. ${name}=0:10`, { value: text });
  }
  return [start, end];
}

export function parseSubset(params: { stimuli?: string | null; columns?: string | null }): ArraySubset | undefined {
  const stimuli = parseRange('stimuli', params.stimuli);
  const columns = parseRange('columns', params.columns);
  if (!stimuli && !columns) return undefined;
  return { ...(stimuli ? { stimuli } : {}), ...(columns ? { columns } : {}) };
}

/** Index of the stimulus axis: 0 for [stimuli x ...] arrays, the one before last for [trials x stimuli x vertices]. */
export function stimulusAxis(shape: readonly number[]): number {
  return shape.length >= 3 ? shape.length - 2 : 0;
}

/** Refuses ranges past the array's extent (naming the extent) and returns the subset's shape. */
export function subsetShape(shape: readonly number[], subset: ArraySubset | undefined): number[] {
  const out = [...shape];
  if (!subset) return out;
  const clip = (axis: number, name: string, r: readonly [number, number] | undefined): void => {
    if (!r) return;
    const n = shape[axis] ?? 0;
    if (r[1] > n) throw new DomainError('BAD_USER_INPUT', `${name}=${r[0]}:${r[1]} is out of range; the array has ${n} along that axis (valid: 0:${n} or a part of it)`, { value: `${r[0]}:${r[1]}`, extent: n });
    out[axis] = r[1] - r[0];
  };
  clip(stimulusAxis(shape), 'stimuli', subset.stimuli);
  clip(shape.length - 1, 'columns', subset.columns);
  return out;
}

export function subsetQuery(subset: ArraySubset | undefined): string {
  if (!subset) return '';
  const parts: string[] = [];
  if (subset.stimuli) parts.push(`stimuli=${subset.stimuli[0]}:${subset.stimuli[1]}`);
  if (subset.columns) parts.push(`columns=${subset.columns[0]}:${subset.columns[1]}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
