/**
 * The progress page's "Time left" line: an estimate while stages remain, and, once every stage of the default
 * study is done, what it still waits for (the other served studies, or the site build) instead of "not estimated".
 */
import { describe, expect, it } from 'vitest';
import { progressPageHtml, type StudyHealth } from '../../server/src/http/progress-page.js';
import type { StudyProgress } from '../../server/src/study/service.js';

const stage = (name: string, done: number, total: number) => ({ stage: name, done, total });
const study = (id: string, computed: boolean, isDefault = false): StudyHealth => ({
  id, isDefault, network: 'net', computed, phase: computed ? 'computed' : 'computing', progress: computed ? 'done' : 'running', fractionDone: computed ? 1 : 0.5, error: null,
});
const done: StudyProgress = { state: 'done', stages: [stage('activations', 10, 10), stage('power', 1, 1)], error: null };

describe('progress page time left', () => {
  it('estimates while stages remain', () => {
    const running: StudyProgress = { state: 'running', stages: [stage('activations', 5, 10)], error: null };
    expect(progressPageHtml({ phase: 'computing', progress: running, secondsLeft: 80 })).toContain('Time left: about 80 s');
    expect(progressPageHtml({ phase: 'computing', progress: running, secondsLeft: null })).toContain('not estimated yet');
  });

  it('names the studies the site still waits for once the default study is done', () => {
    const html = progressPageHtml({ phase: 'computing', progress: done, secondsLeft: null, studies: [study('a', true, true), study('b', false), study('c', false)] });
    expect(html).toContain('Time left: none for this study; the site is built once b, c are computed too');
    expect(html).not.toContain('not estimated yet');
  });

  it('says the site build is next when nothing else is left', () => {
    expect(progressPageHtml({ phase: 'computing', progress: done, secondsLeft: null })).toContain('Time left: none; the figure site is built next');
  });
});
