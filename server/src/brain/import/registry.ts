import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import { pick } from '../../core/registry.js';
import { DATASET_FILES } from '../layout.js';
import type { BrainData, SubjectData } from '../types.js';
import { importNiftiDir } from './nifti-dir.js';
import { importNpyDir, readMeta, type ImportOptions } from './npy-dir.js';
import { subjectDirs } from './subject-id.js';

/** Importers of real (or previously exported) brain data, by format name. Each passes the same contract suite. */
export type Importer = (dir: string, opts?: ImportOptions) => Promise<SubjectData>;

export const BRAIN_IMPORTERS = {
  npy: importNpyDir,
  nifti: importNiftiDir,
} satisfies Record<string, Importer>;
export type ImporterName = keyof typeof BRAIN_IMPORTERS;

/** Which importer reads a subject directory, from the files in it; undefined when none fits. */
export function detectFormat(dir: string): ImporterName | undefined {
  if (existsSync(join(dir, DATASET_FILES.responses))) return 'npy';
  if (existsSync(join(dir, 'betas.nii')) || existsSync(join(dir, 'betas.nii.gz'))) return 'nifti';
  return undefined;
}

/** One subject directory with a named format, or the detected one. */
export async function importSubject(dir: string, format?: string, opts: ImportOptions = {}): Promise<SubjectData> {
  const name = format ?? detectFormat(dir);
  if (!name) {
    throw new DomainError('BAD_DATA', `${dir}: no brain dataset found (expected ${DATASET_FILES.responses} or betas.nii[.gz]); formats: ${Object.keys(BRAIN_IMPORTERS).join(', ')}`);
  }
  return pick(BRAIN_IMPORTERS, name, 'brain data format', 'BAD_USER_INPUT')(dir, opts);
}

/** The subject ids of a dataset root, in import order, without reading the data (for stage params and keys). */
export function datasetSubjectIds(root: string): string[] {
  return subjectDirs(root, (d) => detectFormat(d) !== undefined, readMeta).map((s) => s.id);
}

/**
 * A dataset root: a subject directory itself, or a directory of subject directories (sorted by name). Subject ids
 * are the dataset's labels (subject-id.ts), checked and unique before any data are read.
 */
export async function importBrainData(root: string, format?: string, opts: Omit<ImportOptions, 'subject'> = {}): Promise<BrainData> {
  const dirs = subjectDirs(root, (d) => detectFormat(d) !== undefined, readMeta);
  if (dirs.length === 0) throw new DomainError('BAD_DATA', `${root}: no subject directories with ${DATASET_FILES.responses} or betas.nii[.gz]`);
  const subjects: SubjectData[] = [];
  for (const d of dirs) subjects.push(await importSubject(d.dir, format, opts));
  return { simulated: subjects.every((s) => s.simulated), subjects };
}
