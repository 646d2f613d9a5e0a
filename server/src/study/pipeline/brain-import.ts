import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DomainError, isDomainError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { importBrainData } from '../../brain/import/registry.js';
import type { SubjectData } from '../../brain/types.js';
import type { BrainParams } from '../definition/definition.js';

/**
 * Real brain data in the pipeline (study brain.source 'import'): the dataset's checksum (part of the brain
 * stage's key, so changed data recompute everything downstream) and the import itself, checked against the
 * study: every stimulus the pipeline shows must be present, the subject count must match, and the data's own
 * simulated label must match the study's.
 */

/**
 * sha256 over every file under `dir` (relative path and content hash, sorted by path; dot-files skipped). The
 * contents are hashed, not names and mtimes: a re-exported identical dataset keeps its key, edited betas do not.
 */
export function brainDataChecksum(dir: string): string {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new DomainError('NOT_FOUND', `brain dataset directory not found: ${dir}`);
  }
  if (!st.isDirectory()) throw new DomainError('NOT_FOUND', `brain dataset directory not found: ${dir} is not a directory`);
  const lines: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      const s = statSync(path);
      if (s.isDirectory()) walk(path);
      else if (s.isFile()) lines.push(`${relative(dir, path)} ${sha256(readFileSync(path))}`);
    }
  };
  walk(dir);
  return sha256(lines.join('\n'));
}

/**
 * Imports the study's subjects from `brain.dir` and returns them restricted to, and ordered as, `ids` (the
 * pipeline's RE, AN and AI stimulus ids), so every downstream stage sees the same layout as for simulated
 * subjects. Extra stimuli in the data are dropped; a missing one is refused naming it (UNKNOWN_STIMULUS).
 */
export async function importStudySubjects(studyId: string, brain: BrainParams, ids: readonly string[]): Promise<SubjectData[]> {
  const dir = brain.dir;
  if (brain.source !== 'import' || !dir) throw new DomainError('BAD_DATA', `study ${studyId}: brain.source is not 'import'; nothing to import`);
  const where = `study ${studyId}: brain data ${dir}`;
  let subjects: readonly SubjectData[];
  try {
    subjects = (await importBrainData(dir, brain.format, { requiredStimulusIds: ids })).subjects;
  } catch (e) {
    if (isDomainError(e)) throw new DomainError(e.code, `${where}: ${e.message}`);
    throw e;
  }
  if (subjects.length !== brain.subjects) {
    throw new DomainError('BAD_DATA', `${where}: holds ${subjects.length} subjects (${subjects.map((s) => s.id).join(', ')}) but brain.subjects is ${brain.subjects}`);
  }
  for (const s of subjects) {
    if (s.simulated !== brain.simulated) {
      throw new DomainError('BAD_DATA', `${where}: subject '${s.id}' is labelled simulated=${s.simulated} (meta.json) but the study says brain.simulated=${brain.simulated}`);
    }
  }
  return subjects.map((s) => restrictStimuli(s, ids));
}

/** The subject with its stimulus axis cut to `ids`, in that order (all present: checked by the importer). */
export function restrictStimuli(s: SubjectData, ids: readonly string[]): SubjectData {
  const nS = s.stimulusIds.length;
  const nV = s.vertices.ids.length;
  const at = new Map(s.stimulusIds.map((id, i) => [id, i] as const));
  const rows = ids.map((id) => {
    const i = at.get(id);
    if (i === undefined) throw new DomainError('UNKNOWN_STIMULUS', `subject '${s.id}': no responses for stimulus '${id}'`);
    return i;
  });
  if (rows.length === nS && rows.every((r, i) => r === i)) return s;
  const betas = new Float32Array(s.nTrials * rows.length * nV);
  for (let t = 0; t < s.nTrials; t++) {
    rows.forEach((r, j) => betas.set(s.betas.subarray((t * nS + r) * nV, (t * nS + r + 1) * nV), (t * rows.length + j) * nV));
  }
  return { ...s, stimulusIds: [...ids], betas };
}
