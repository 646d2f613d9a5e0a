/**
 * One subject identity for imported data (issue 10): each importer names a subject by the dataset's own label
 * (a BIDS directory `sub-01` -> `sub-01`, meta.json's `subject`, the importer option), checks it before reading
 * any data (an error names the bad label and the allowed pattern), and the pipeline names imported subjects by
 * that label in stage params (so in keys and provenance), not by their position.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDataset } from '../../../server/src/brain/export.js';
import { importNiftiDir } from '../../../server/src/brain/import/nifti-dir.js';
import { importNpyDir } from '../../../server/src/brain/import/npy-dir.js';
import { datasetSubjectIds, importBrainData } from '../../../server/src/brain/import/registry.js';
import { checkSubjectId, SUBJECT_ID_PATTERN } from '../../../server/src/brain/import/subject-id.js';
import { parseStudy } from '../../../server/src/study/definition/definition.js';
import { SEED_DIR } from '../../../server/src/study/definition/load.js';
import { subjectParam } from '../../../server/src/study/pipeline/subject-param.js';
import { niftiBytes, tempDir, toySubject, writeFiles } from './helpers.js';

const STIM = ['RE-a', 'RE-b', 'AN-a'];
const BAD = /subject label 'bad\.name' is not a valid subject id; allowed: a letter or digit, then up to 63 letters, digits, _ or -/;

/** An NPY dataset in `dir` whose meta.json names no subject (or `subject`, when given). */
function npyDataset(dir: string, subject?: unknown): string {
  writeDataset(dir, toySubject({ stimuli: STIM, id: 'x' }));
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  delete meta.subject;
  if (subject !== undefined) meta.subject = subject;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return dir;
}

/** A two-stimulus NIfTI dataset (two voxels of V1 LH) in `dir`, with meta.json when `subject` is given. */
function niftiDataset(dir: string, subject?: string): string {
  writeFiles(dir, {
    'betas.nii': niftiBytes({ dims: [2, 1, 1, 4], data: [1, 2, 3, 4, 5, 6, 7, 8.5], sform: [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]] }),
    'events.tsv': 'volume\tstimulus_id\ttrial\n0\tRE-a\t1\n1\tRE-b\t1\n2\tRE-a\t2\n3\tRE-b\t2\n',
    'mask-V1-LH.nii': niftiBytes({ dims: [2, 1, 1], data: [1, 1], datatype: 'int16' }),
    ...(subject !== undefined ? { 'meta.json': JSON.stringify({ subject }) } : {}),
  });
  return dir;
}

describe('subject ids of imported data', () => {
  it('checks a label against the pattern, naming it and where it came from', () => {
    for (const ok of ['sub-01', 'S1', 'sim01', 'sub-control_3']) expect(checkSubjectId(ok, 'x')).toBe(ok);
    for (const bad of ['', '-1', 'sub 01', 'sub/01', 'a.b', 'x'.repeat(65)]) expect(SUBJECT_ID_PATTERN.test(bad), bad).toBe(false);
    expect(() => checkSubjectId('bad.name', '/data/bad.name: directory name')).toThrow(/^\/data\/bad\.name: directory name: subject label 'bad\.name'/);
  });

  it('npy: a BIDS-named directory is its subject id; meta.json and the option name it otherwise; a bad label is refused', async () => {
    const root = tempDir();
    expect((await importNpyDir(npyDataset(join(root, 'sub-01')))).id).toBe('sub-01');
    expect((await importNpyDir(npyDataset(join(root, 'anything'), 'S3'))).id).toBe('S3');
    expect((await importNpyDir(join(root, 'anything'), { subject: 'sub-07' })).id).toBe('sub-07');
    await expect(importNpyDir(npyDataset(join(root, 'bad.name')))).rejects.toThrow(BAD);
    await expect(importNpyDir(npyDataset(join(root, 'm'), 'sub 1'))).rejects.toThrow(/m\/meta\.json: subject label 'sub 1' is not a valid subject id/);
  });

  it('nifti: a BIDS-named directory is its subject id; meta.json names it otherwise; a bad label is refused', async () => {
    const root = tempDir();
    expect((await importNiftiDir(niftiDataset(join(root, 'sub-02')))).id).toBe('sub-02');
    expect((await importNiftiDir(niftiDataset(join(root, 'scan'), 'P9'))).id).toBe('P9');
    await expect(importNiftiDir(niftiDataset(join(root, 'bad.name')))).rejects.toThrow(BAD);
  });

  it('lists a dataset root\'s ids in import order without reading the data, and refuses duplicates', async () => {
    const root = tempDir();
    npyDataset(join(root, 'sub-02'));
    npyDataset(join(root, 'sub-01'));
    niftiDataset(join(root, 'sub-03'));
    expect(datasetSubjectIds(root)).toEqual(['sub-01', 'sub-02', 'sub-03']);
    expect((await importBrainData(root)).subjects.map((s) => s.id)).toEqual(['sub-01', 'sub-02', 'sub-03']);
    // The listing reads names and meta.json only: broken responses do not stop it (the import refuses them).
    writeFileSync(join(root, 'sub-02', 'responses.npy'), 'not an npy file');
    expect(datasetSubjectIds(root)).toEqual(['sub-01', 'sub-02', 'sub-03']);
    const dup = tempDir();
    npyDataset(join(dup, 'a'), 'S1');
    npyDataset(join(dup, 'b'), 'S1');
    expect(() => datasetSubjectIds(dup)).toThrow(/two subject directories have subject id 'S1' \(a, b\)/);
    const bad = tempDir();
    npyDataset(join(bad, 'bad.name'));
    await expect(importBrainData(bad)).rejects.toThrow(BAD);
  });

  it('names imported subjects by their label in stage params; a simulated study keeps sim01..', () => {
    const raw = JSON.parse(readFileSync(join(SEED_DIR, 'ci-small.json'), 'utf8')) as Record<string, unknown>;
    const root = tempDir();
    npyDataset(join(root, 'sub-01'));
    npyDataset(join(root, 'sub-02'));
    const imported = parseStudy({ ...raw, id: 'imp', brain: { source: 'import', format: 'npy', dir: root, subjects: 2 } }, 'imp');
    expect([0, 1].map((i) => subjectParam(imported, i))).toEqual(['sub-01', 'sub-02']);
    const three = parseStudy({ ...raw, id: 'imp3', brain: { source: 'import', format: 'npy', dir: root, subjects: 3 } }, 'imp3');
    expect(() => subjectParam(three, 0)).toThrow(/study imp3: brain data .* holds 2 subjects \(sub-01, sub-02\) but brain\.subjects is 3/);
    expect(subjectParam(parseStudy(raw, 'ci-small'), 0)).toBe('sim01');
  });
});
