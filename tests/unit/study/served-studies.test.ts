/**
 * Which studies `start` serves: repeated --study ids refused naming the id, --all-studies lists seed/ with the
 * configured study first and skips a study that cannot run here with the reason, and StudySet refuses repeats
 * and unknown ids with the served ones.
 */
import { describe, expect, it } from 'vitest';
import { servedStudyIds, whyNotRunnable } from '../../../server/src/cli/served-studies.js';
import { loadConfig } from '../../../server/src/config/config.js';
import { listStudies, loadStudy } from '../../../server/src/study/definition/load.js';
import { networkEntry } from '../../../server/src/networks/registry.js';
import { StudySet } from '../../../server/src/study/study-set.js';

const config = loadConfig({ ...process.env, ARSA_STUDY: 'zhang2021' });

describe('served studies', () => {
  it('serves the --study ids in order, the configured study without any, and refuses a repeat', () => {
    expect(servedStudyIds({ study: ['ci-small', 'zhang2021'] }, config, () => {})).toEqual(['ci-small', 'zhang2021']);
    expect(servedStudyIds({}, config, () => {})).toEqual(['zhang2021']);
    expect(() => servedStudyIds({ study: ['ci-small', 'ci-small'] }, config, () => {})).toThrow(/two studies with the id 'ci-small' \(ci-small, ci-small\)/);
  });

  it('--all-studies serves every runnable study of seed/, the configured one first, and says why it skips one', () => {
    const lines: string[] = [];
    const ids = servedStudyIds({ 'all-studies': true }, config, (l) => lines.push(l));
    expect(ids[0]).toBe('zhang2021');
    expect(new Set(ids)).toEqual(new Set(listStudies().filter((id) => whyNotRunnable(id, config) === null)));
    expect(ids).toContain('ci-small');
    // A seed study whose network needs a user's weights file (the AlexNet ones) is skipped with that reason.
    for (const id of listStudies()) {
      if (networkEntry(loadStudy(id).network).needsWeights) expect(lines.find((l) => l.startsWith(`skipping study ${id}: `)), id).toMatch(/needs a weights file/);
    }
    // One study on a network that needs a user's weights file, without one: not runnable, with the reason.
    expect(whyNotRunnable('zhang2021', { ...config, network: 'alexnet' })).toMatch(/^study zhang2021: network alexnet needs a weights file/);
    expect(whyNotRunnable('nope', config)).toMatch(/unknown study 'nope'; valid: /);
  });

  it('StudySet: the first is the default, unknown ids are refused with the served ones, repeats refused', () => {
    const set = new StudySet([{ id: 'a', value: 1 }, { id: 'b', value: 2 }]);
    expect([set.get(), set.get('b'), set.defaultId]).toEqual([1, 2, 'a']);
    expect(() => set.get('c')).toThrow("unknown study 'c'; valid: a, b");
    expect(() => new StudySet([{ id: 'a', value: 1 }, { id: 'a', value: 2 }])).toThrow(/two studies with the id 'a'/);
    expect(() => new StudySet([])).toThrow(/at least one study/);
  });
});
