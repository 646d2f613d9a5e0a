import { statSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { DomainError, unknownName } from '../core/errors.js';
import { subjectIds } from '../brain/simulate/simulate.js';
import { loadStudy } from '../study/definition/load.js';
import type { StudyDefinition } from '../study/definition/definition.js';
import { HEMISPHERES, ROI_NAMES, STIMULUS_KINDS, type Hemisphere, type RoiName, type StimulusKind } from '../domain/vocabulary.js';

/**
 * Flags and ids checked against the study definition before anything is computed or a store file is created
 * (issue 12 item 3: `brain export --subject S1 --roi V9` used to compute the whole study before refusing V9).
 * Commands call these first, then open the store.
 */

/** The configured study, read and checked (UNKNOWN_STUDY lists the valid ones) without opening the store. */
export function preflightStudy(config: Config): StudyDefinition {
  return loadStudy(config.study, { imagesDir: config.imagesDir });
}

/**
 * The subject ids a study will have, known from its definition alone: simulated studies name their subjects
 * sim01..simNN (brain/simulate). An import's ids are in its data, so undefined (checked once the data are read).
 */
export function definedSubjectIds(study: StudyDefinition, nSubjects = study.brain.subjects): string[] | undefined {
  return study.brain.source === 'import' ? undefined : subjectIds(nSubjects);
}

export function requireSubject(id: string, valid: readonly string[] | undefined): void {
  if (valid && !valid.includes(id)) throw unknownName('UNKNOWN_SUBJECT', 'subject', id, valid);
}

export function requireRoi(value: unknown): RoiName {
  if (typeof value !== 'string' || !(ROI_NAMES as readonly string[]).includes(value)) throw unknownName('UNKNOWN_ROI', 'ROI', String(value), ROI_NAMES);
  return value as RoiName;
}

export function requireHemisphere(value: unknown): Hemisphere | 'both' {
  if (value === undefined) return 'both';
  if (value === 'both' || (HEMISPHERES as readonly string[]).includes(value as string)) return value as Hemisphere | 'both';
  throw unknownName('BAD_USER_INPUT', 'hemisphere', String(value), [...HEMISPHERES, 'both']);
}

/** A comma-separated list of stimulus kinds (`--kind RE,AI`), each checked; undefined when the flag is absent. */
export function requireKinds(value: unknown, valid: readonly StimulusKind[] = STIMULUS_KINDS): StimulusKind[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new DomainError('BAD_USER_INPUT', `--kind needs one or more of: ${valid.join(', ')}`);
  return value.split(',').map((k) => k.trim()).map((k) => {
    if (!(valid as readonly string[]).includes(k)) throw unknownName('BAD_USER_INPUT', '--kind', k, valid);
    return k as StimulusKind;
  });
}

/** Every input file exists and is a file (NOT_FOUND naming it), instead of a Node ENOENT stack mid-run. */
export function requireFiles(files: readonly string[], what = 'input file'): void {
  for (const f of files) {
    let ok = false;
    try {
      ok = statSync(f).isFile();
    } catch {
      throw new DomainError('NOT_FOUND', `${what} '${f}' does not exist`, { value: f });
    }
    if (!ok) throw new DomainError('NOT_FOUND', `${what} '${f}' is not a file`, { value: f });
  }
}
