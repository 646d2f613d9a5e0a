import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/src/core/errors.js';
import { parseStudy } from '../../../server/src/study/definition/definition.js';
import { listStudies, loadStudy, verifyStudyFiles } from '../../../server/src/study/definition/load.js';
import { GROUP_CLASSES, GROUP_NAMES, KNOWN_PAIRS, groupOf, outsideGroups } from '../../../server/src/stimuli/groups.js';

const fixturePath = new URL('../../fixtures/stimuli/fixture-valid.json', import.meta.url);
const valid = (): Record<string, any> => JSON.parse(readFileSync(fixturePath, 'utf8'));

function refused(mutate: (s: Record<string, any>) => void): DomainError {
  const s = valid();
  mutate(s);
  try {
    parseStudy(s, 'fixture-valid');
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('study was accepted');
}

describe('study definition validation', () => {
  it('accepts the valid fixture and derives ids', () => {
    const s = parseStudy(valid(), 'fixture-valid');
    expect(s.images.map((i) => i.id)).toEqual(['RE-n02091244', 'RE-n01818515', 'RE-n03977966', 'RE-n07753592', 'RE-n02641379']);
    expect(s.images[4]!.aiTarget).toEqual({ classIndex: 40, label: 'American chameleon' });
    expect(s.generation.AI.candidates).toBe(8);
    expect(s.preprocessing.mode).toBe('center_crop');
  });

  it('refuses an unknown class, naming the entry', () => {
    const e = refused((s) => (s.images[2].classIndex = 1000));
    expect(e.message).toMatch(/images\[2\]: classIndex: unknown ImageNet class 1000; valid: integers 0\.\.999/);
  });

  it('refuses a duplicate category, naming both entries', () => {
    const e = refused((s) => (s.images[1] = { ...s.images[0], group: 'birds' }));
    expect(e.message).toMatch(/images\[1\] \(Ibizan hound, class 173\)/);
  });

  it('refuses a duplicate within a group', () => {
    const e = refused((s) => {
      s.imagesPerGroup = 2;
      s.images.splice(1, 0, { ...s.images[0] });
    });
    expect(e.message).toMatch(/images\[1\] \(Ibizan hound, class 173\) duplicates images\[0\]/);
  });

  it('refuses a target equal to the source class', () => {
    const e = refused((s) => (s.images[3].aiTarget = { classIndex: 954, label: 'banana' }));
    expect(e.message).toMatch(/images\[3\] \(banana, class 954\): aiTarget 954 equals the source class/);
  });

  it('refuses a target inside the five groups', () => {
    const e = refused((s) => (s.images[0].aiTarget = { classIndex: 88, label: 'macaw' }));
    expect(e.message).toMatch(/images\[0\] \(Ibizan hound, class 173\): aiTarget 88 'macaw' is inside group 'birds'/);
  });

  it('refuses a class outside its group, a wrong label, a bad sha256 and a bad parameter', () => {
    expect(refused((s) => (s.images[0].group = 'cars')).message).toMatch(/images\[0\] \(Ibizan hound, class 173\): class 173 'Ibizan hound' is not in group 'cars' \(it is in 'dogs'\)/);
    expect(refused((s) => (s.images[1].label = 'parrot')).message).toMatch(/images\[1\] \(macaw, class 88\): 'label' is 'parrot' but class 88 has 'macaw'/);
    expect(refused((s) => (s.images[1].sha256 = 'abc')).message).toMatch(/images\[1\].*'sha256' must be 64/);
    expect(refused((s) => (s.generation.AN.objective = 'hinge')).message).toMatch(/generation\.AN: 'objective' must be one of prob, logprob, logit, got "hinge"/);
    expect(refused((s) => (s.generation.AI.candidates = 7)).message).toMatch(/generation\.AI: 'candidates' must be even/);
    expect(refused((s) => (s.preprocessing.mode = 'stretch')).message).toMatch(/preprocessing: 'mode' must be one of resize, center_crop/);
    expect(refused((s) => delete s.analysis.draws).message).toMatch(/analysis: 'draws' must be a finite number, got nothing/);
    expect(refused((s) => s.images.pop()).message).toMatch(/group 'aquatic' has 0/);
  });

  it('reads weights {file, sha256} (a relative file against the study directory), refuses unknown fields naming the valid ones', () => {
    const s = parseStudy({ ...valid(), network: 'alexnet', weights: { file: 'w/alexnet.npz', sha256: 'a'.repeat(64) } }, 'fixture-valid', { baseDir: '/studies' });
    expect(s.weights).toEqual({ file: '/studies/w/alexnet.npz', sha256: 'a'.repeat(64) });
    expect(parseStudy(valid(), 'fixture-valid').weights).toBeUndefined();
    expect(refused((x) => (x.weigths = 'w.npz')).message).toMatch(/unknown field\(s\) 'weigths'; valid: id, title, description, network, weights, /);
    expect(refused((x) => (x.weights = { file: 'w.npz' })).message).toMatch(/weights: 'sha256' must be a non-empty string, got nothing/);
    expect(refused((x) => (x.weights = { file: 'w.npz', sha256: 'abc' })).message).toMatch(/weights: 'sha256' must be 64 lower-case hex digits/);
    expect(refused((x) => (x.weights = { file: 'w.npz', sha256: 'a'.repeat(64), md5: 'x' })).message).toMatch(/weights: unknown field\(s\) 'md5'; valid: file, sha256/);
  });

  it('refuses a file name that does not match its id', () => {
    expect(() => parseStudy(valid(), 'zhang2021')).toThrow(/'id' must equal the file name 'zhang2021'/);
  });
});

describe('study files', () => {
  it('loads by id from a seed directory, refuses unknown ids with the valid list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    copyFileSync(fixturePath, join(dir, 'fixture-valid.json'));
    expect(listStudies(dir)).toEqual(['fixture-valid']);
    expect(loadStudy('fixture-valid', { seedDir: dir }).images).toHaveLength(5);
    expect(() => loadStudy('nope', { seedDir: dir })).toThrow(/unknown study 'nope'; valid: fixture-valid/);
  });

  it('verifies each image file and its sha256, naming the entry', () => {
    const study = parseStudy(valid(), 'fixture-valid');
    const dir = mkdtempSync(join(tmpdir(), 'images-'));
    mkdirSync(dir, { recursive: true });
    expect(() => verifyStudyFiles(study, dir)).toThrow(/images\[0\] \(Ibizan hound, class 173\): image file .* is missing/);
    for (const im of study.images) writeFileSync(join(dir, im.file), 'not the photo');
    expect(() => verifyStudyFiles(study, dir)).toThrow(/images\[0\] \(Ibizan hound, class 173\): .* has sha256 [0-9a-f]{64}, the study records 3da59bda/);
  });
});

describe('groups', () => {
  it('are disjoint, keep the known pairs inside, and their targets outside', () => {
    const all = GROUP_NAMES.flatMap((g) => [...GROUP_CLASSES[g]]);
    expect(new Set(all).size).toBe(all.length);
    for (const p of KNOWN_PAIRS) {
      expect(groupOf(p.classIndex)).toBe(p.group);
      expect(groupOf(p.target)).toBeUndefined();
    }
    expect(outsideGroups()).toHaveLength(1000 - all.length);
  });
});
