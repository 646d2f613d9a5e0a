import type { LayerRecord, SubjectRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import type { ApiContext } from './context.js';

/**
 * Which served study a record was read from, for the nested fields that must go back to it (Layer.activations,
 * Roi.responses, Stimulus.imageUrl, the Study's own fields). GraphQL hands a field its parent object and the
 * request's one context, so the parent carries the study id under this symbol (never serialised, never a GraphQL
 * field). Untagged records are the root fields' (the default study, root URLs), so their answers do not change.
 */
export const STUDY_OF = Symbol('studyOf');

export type Tagged<T> = T & { readonly [STUDY_OF]?: string };

/** A shallow copy of `record` tagged with the study it came from (the stored record is shared, never mutated). */
export function tagged<T extends object>(record: T, study: string): Tagged<T> {
  return { ...record, [STUDY_OF]: study };
}

export function taggedAll<T extends object>(records: readonly T[], study: string): Tagged<T>[] {
  return records.map((r) => tagged(r, study));
}

/** The context of the study `record` came from: its study's when tagged, else the request's root context. */
export function scopeOf(ctx: ApiContext, record: object): ApiContext {
  const id = (record as Tagged<object>)[STUDY_OF];
  return id === undefined ? ctx : ctx.forStudy(id);
}

/** Tags records read through a study's context (c.urlStudy set); the root context's records stay as they are. */
export function inScope<T extends object>(c: ApiContext, records: readonly T[]): T[] {
  return c.urlStudy === undefined ? [...records] : taggedAll(records, c.studyId);
}

/** Subjects of the context's study, each ROI tagged too (Roi.responses downloads from the subject's study). */
export async function subjectsOf(c: ApiContext): Promise<Keyed<SubjectRecord>[]> {
  const all = await c.study.subjects();
  return c.urlStudy === undefined ? all : all.map((s) => ({ ...tagged(s, c.studyId), rois: taggedAll(s.rois, c.studyId) }));
}

export async function layersOf(c: ApiContext): Promise<LayerRecord[]> {
  return inScope(c, await c.study.layers());
}
