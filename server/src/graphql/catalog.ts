import { unknownName, type ErrorCode } from '../core/errors.js';
import type { Keyed, StudyService, StudySummary } from '../study/service.js';

/**
 * Per-request view of the study's closed sets (layers, subjects, ROIs), used to refuse unknown names at the edge
 * with the valid ones listed, before any computation is asked for. The summary is fetched once per request.
 */
export class Catalog {
  private summaryPromise: Promise<Keyed<StudySummary>> | undefined;
  constructor(private readonly study: StudyService) {}

  summary(): Promise<Keyed<StudySummary>> {
    this.summaryPromise ??= this.study.summary();
    return this.summaryPromise;
  }

  /** Throws UNKNOWN_LAYER / UNKNOWN_SUBJECT / UNKNOWN_ROI for names the study does not have. */
  async check(names: { layer?: string | null; subject?: string | null; roi?: string | null }): Promise<void> {
    const s = await this.summary();
    if (names.layer != null) requireIn('UNKNOWN_LAYER', 'layer', names.layer, s.layers);
    if (names.subject != null) requireIn('UNKNOWN_SUBJECT', 'subject', names.subject, s.subjects);
    if (names.roi != null) requireIn('UNKNOWN_ROI', 'ROI', names.roi, s.rois);
  }

  /** Checks and passes the filter on, so resolvers stay one-liners. */
  async checked<F extends { layer?: string | null; subject?: string | null; roi?: string | null }>(filter: F): Promise<F> {
    await this.check(filter);
    return filter;
  }
}

export function requireIn(code: ErrorCode, what: string, value: string, valid: readonly string[]): void {
  if (!valid.includes(value)) throw unknownName(code, what, value, valid);
}

/**
 * Keeps the records computed with `method` (the RDM method), refusing a method no record has. Methods are the
 * keys of the analysis registry that the study used; the valid list is read from the data.
 */
export function byMethod<T extends { rdmMethod?: string; method?: string }>(records: readonly T[], method: string | null | undefined): T[] {
  if (method == null) return [...records];
  const of = (r: T): string | undefined => r.rdmMethod ?? r.method;
  const valid = [...new Set(records.map(of).filter((m): m is string => m !== undefined))].sort();
  if (!valid.includes(method)) throw unknownName('UNKNOWN_METHOD', 'method', method, valid);
  return records.filter((r) => of(r) === method);
}

/** The named filter fields of an args object, without page arguments and without null/undefined values. */
export function filterFields<T extends object, K extends keyof T>(args: T, keys: readonly K[]): { [P in K]?: NonNullable<T[P]> } {
  const out: { [P in K]?: NonNullable<T[P]> } = {};
  for (const k of keys) {
    const v = args[k];
    if (v !== null && v !== undefined) out[k] = v as NonNullable<T[K]>;
  }
  return out;
}
