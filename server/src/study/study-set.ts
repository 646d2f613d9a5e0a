import { DomainError, unknownName } from '../core/errors.js';

/**
 * The studies one service serves, in order; the first is the default (the one every field without a study
 * answers, and the one the root URLs serve). Ids are unique: two studies with one id are refused, naming it,
 * before anything is served (issue 11, item 4).
 */
export class StudySet<T> {
  private readonly byId: ReadonlyMap<string, T>;

  constructor(readonly entries: readonly { readonly id: string; readonly value: T }[]) {
    if (entries.length === 0) throw new DomainError('BAD_USER_INPUT', 'a service serves at least one study; none was given');
    requireUniqueStudyIds(entries.map((e) => e.id));
    this.byId = new Map(entries.map((e) => [e.id, e.value]));
  }

  get ids(): string[] {
    return this.entries.map((e) => e.id);
  }

  get defaultId(): string {
    return this.entries[0]!.id;
  }

  /** The study `id`, or the default one for null/undefined; an unknown id -> UNKNOWN_STUDY listing the served ids. */
  get(id?: string | null): T {
    if (id == null) return this.entries[0]!.value;
    const v = this.byId.get(id);
    if (v === undefined) throw unknownName('UNKNOWN_STUDY', 'study', id, this.ids);
    return v;
  }

  values(): T[] {
    return this.entries.map((e) => e.value);
  }
}

/** Refuses a list of study ids with a repeat (BAD_USER_INPUT naming the id and the list). */
export function requireUniqueStudyIds(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new DomainError('BAD_USER_INPUT', `two studies with the id '${id}' (${ids.join(', ')}); each served study needs its own id`, { value: id });
    seen.add(id);
  }
}
