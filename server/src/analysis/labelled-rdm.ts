import { DomainError } from '../core/errors.js';
import { assertSameIds, type LabelledMatrix } from '../core/matrix.js';
import type { Source, StimulusKind } from '../domain/vocabulary.js';
import { compareRdms, DEFAULT_COMPARISON, DEFAULT_RDM_METHOD, rdmVector } from './rdm.js';
import { squareForm } from './gram.js';

/**
 * An RDM that carries its labels (house style 7): stimulus ids, method, source. Comparisons align the second RDM
 * to the first by id and refuse different id sets; nothing is ever aligned by position.
 */
export interface Rdm {
  readonly source: Source;
  readonly stimulusKind: StimulusKind;
  readonly method: string;
  readonly stimulusIds: readonly string[];
  /** Upper triangle without diagonal, pdist order: n(n-1)/2 entries. */
  readonly vector: Float64Array;
}

/** RDM of labelled patterns `[stimuli x features]` (row ids = stimulus ids). */
export function makeRdm(patterns: LabelledMatrix, source: Source, stimulusKind: StimulusKind, method: string = DEFAULT_RDM_METHOD): Rdm {
  return { source, stimulusKind, method, stimulusIds: patterns.rowIds, vector: rdmVector(patterns, method) };
}

/** The same RDM with its stimuli in the order of `ids` (ID_MISMATCH when the sets differ). */
export function reorderRdm(rdm: Rdm, ids: readonly string[]): Rdm {
  assertSameIds(rdm.stimulusIds, ids, 'RDM stimuli');
  const n = ids.length;
  const index = new Map(rdm.stimulusIds.map((id, i) => [id, i] as const));
  const perm = ids.map((id) => index.get(id)!);
  const sq = squareForm(rdm.vector, n);
  const out = new Float64Array((n * (n - 1)) / 2);
  let t = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[t++] = sq[perm[i]! * n + perm[j]!]!;
  return { ...rdm, stimulusIds: ids, vector: out };
}

/**
 * Compares two RDMs after aligning `b` to `a`'s stimulus order. `key` maps a stimulus id to the id used for
 * alignment: RE/AN/AI RDMs hold different stimuli of the same categories (docs/paper-digest.md 5.1: row i of every RDM is the
 * same category), so the caller passes e.g. the source RE image id of each stimulus.
 */
export function compareLabelled(a: Rdm, b: Rdm, method: string = DEFAULT_COMPARISON, key: (id: string) => string = (id) => id): number {
  if (a.method !== b.method) {
    throw new DomainError('BAD_USER_INPUT', `comparing RDMs of different methods: '${a.method}' vs '${b.method}'`);
  }
  const ka = a.stimulusIds.map(key);
  const kb = b.stimulusIds.map(key);
  const aligned = reorderRdm({ ...b, stimulusIds: kb }, ka);
  return compareRdms(a.vector, aligned.vector, method);
}
