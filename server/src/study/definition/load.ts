import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../config/config.js';
import { DomainError, unknownName } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { parseStudy, type StudyDefinition } from './definition.js';

/** Directory of the committed study definitions. */
export const SEED_DIR = join(PROJECT_ROOT, 'seed');

/** Files in seed/ that are data tables, not studies. */
const NOT_STUDIES = new Set(['imagenet-classes']);

/** Ids of the study definitions in a seed directory (file names without .json). */
export function listStudies(seedDir = SEED_DIR): string[] {
  if (!existsSync(seedDir)) return [];
  return readdirSync(seedDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).filter((id) => !NOT_STUDIES.has(id)).sort();
}

export interface LoadStudyOptions {
  readonly seedDir?: string;
  /** When set, every image file is checked to exist there with the recorded sha256. */
  readonly imagesDir?: string;
}

/** Whether a --study value names a file (a path ending in .json) rather than an id in seed/. */
export function isStudyPath(idOrPath: string): boolean {
  return idOrPath.endsWith('.json');
}

/**
 * Reads, validates and (with imagesDir) verifies seed/<id>.json, or the study file at a path anywhere (a value
 * ending in .json; relative paths inside it resolve against its own directory). Unknown id -> UNKNOWN_STUDY
 * listing the valid ones.
 */
export function loadStudy(idOrPath: string, opts: LoadStudyOptions = {}): StudyDefinition {
  const isPath = isStudyPath(idOrPath);
  const seedDir = isPath ? dirname(resolve(idOrPath)) : opts.seedDir ?? SEED_DIR;
  const id = isPath ? basename(idOrPath, '.json') : idOrPath;
  const valid = listStudies(seedDir);
  if (isPath && !existsSync(resolve(idOrPath))) throw new DomainError('NOT_FOUND', `study file '${resolve(idOrPath)}' does not exist; studies in seed/: ${listStudies(opts.seedDir ?? SEED_DIR).join(', ')}`);
  if (!valid.includes(id)) throw unknownName('UNKNOWN_STUDY', 'study', id, valid);
  const path = join(seedDir, `${id}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DomainError('BAD_DATA', `study ${id}: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const study = parseStudy(raw, id, { baseDir: seedDir });
  if (opts.imagesDir !== undefined) verifyStudyFiles(study, opts.imagesDir);
  return study;
}

/** Every image file exists in imagesDir and has the sha256 recorded in the study (else BAD_DATA naming the entry). */
export function verifyStudyFiles(study: StudyDefinition, imagesDir: string): void {
  study.images.forEach((im, i) => {
    const where = `study ${study.id}: images[${i}] (${im.label}, class ${im.classIndex})`;
    const path = join(imagesDir, im.file);
    if (!existsSync(path)) throw new DomainError('BAD_DATA', `${where}: image file ${path} is missing`);
    const got = sha256(readFileSync(path));
    if (got !== im.sha256) {
      throw new DomainError('BAD_DATA', `${where}: ${path} has sha256 ${got}, the study records ${im.sha256} (the file changed or is not the chosen photo)`);
    }
  });
}
