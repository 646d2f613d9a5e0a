import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import type { DatasetMeta } from '../layout.js';

/**
 * The one identity of an imported subject: the dataset's own label, used as is in params, keys, the API and file
 * names (as `sim01` is for a simulated one). The label is the subject directory's name (a BIDS directory `sub-01`
 * gives `sub-01`), or meta.json's `subject`, or the importer's `subject` option, in reverse order of precedence.
 * It must be safe in a file name and a URL path segment, so it is checked before anything is read.
 */
export const SUBJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ALLOWED = 'a letter or digit, then up to 63 letters, digits, _ or - (e.g. sub-01, S1, sim01)';

/** Returns `label` when it is a valid subject id; else throws naming it, where it came from and the pattern. */
export function checkSubjectId(label: string, where: string): string {
  if (!SUBJECT_ID_PATTERN.test(label)) {
    throw new DomainError('BAD_DATA', `${where}: subject label '${label}' is not a valid subject id; allowed: ${ALLOWED}`);
  }
  return label;
}

/** The id of the subject in `dir`: option, else meta.json's subject, else the directory's name, checked. */
export function subjectIdOf(dir: string, meta: DatasetMeta, option?: string): string {
  if (option !== undefined) return checkSubjectId(option, `${dir}: option subject`);
  if (meta.subject !== undefined) return checkSubjectId(String(meta.subject), `${dir}/meta.json`);
  return checkSubjectId(basename(dir), `${dir}: directory name (set meta.json "subject" to name it otherwise)`);
}

/**
 * The subject directories of a dataset root (the root itself when it is one subject, else its subdirectories
 * that `isSubject` accepts, sorted by name) with their ids, unique. Reads only directory listings and meta.json,
 * so the pipeline can name subjects before the data are imported.
 */
export function subjectDirs(
  root: string, isSubject: (dir: string) => boolean, readMeta: (dir: string) => DatasetMeta,
): { readonly dir: string; readonly id: string }[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new DomainError('NOT_FOUND', `brain dataset directory not found: ${root}`);
  const dirs = isSubject(root) ? [root] : readdirSync(root).sort().map((d) => join(root, d)).filter((d) => statSync(d).isDirectory() && isSubject(d));
  const out = dirs.map((dir) => ({ dir, id: subjectIdOf(dir, readMeta(dir)) }));
  const seen = new Map<string, string>();
  for (const s of out) {
    const other = seen.get(s.id);
    if (other) throw new DomainError('ID_MISMATCH', `${root}: two subject directories have subject id '${s.id}' (${basename(other)}, ${basename(s.dir)})`);
    seen.set(s.id, s.dir);
  }
  return out;
}
