import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../server/src/cli/main.js';
import { compareMeasurements, type ModeMeasurement } from '../../../server/src/stimuli/choose.js';
import type { StimulusRecord } from '../../../server/src/study/model.js';
import { meetsReCriterion, reCriterion } from '../../../server/src/study/re-criterion.js';
import { FakeStudy } from '../../api/fake-study.js';
import { start } from '../../api/harness.js';

const rec = (id: string, kind: StimulusRecord['kind'], classIndex: number, top: [number, number][]): StimulusRecord => ({
  id, kind, sourceId: id, group: 'dogs', classIndex, classLabel: `c${classIndex}`, targetIndex: null, targetLabel: null, humanLabel: `c${classIndex}`,
  top: top.map(([index, probability]) => ({ index, label: `c${index}`, probability })), generation: null, metrics: null, imageSha256: '0',
});

describe("the paper's RE criterion (p > 0.99, section 2.2)", () => {
  it('counts RE images whose correct class is top-1 with p above the threshold; other kinds are ignored', () => {
    const records = [
      rec('RE-a', 'RE', 1, [[1, 0.995], [2, 0.004]]),
      rec('RE-b', 'RE', 2, [[2, 0.99], [3, 0.01]]), // exactly 0.99: not greater
      rec('RE-c', 'RE', 3, [[4, 0.6], [3, 0.3]]),
      rec('RE-d', 'RE', 5, [[4, 0.9], [6, 0.05]]), // correct class not in the top-5
      rec('AN-a', 'AN', 1, [[1, 0.999]]),
    ];
    const c = reCriterion(records);
    expect(c).toMatchObject({ threshold: 0.99, met: 1, total: 4 });
    expect(c.images.map((i) => [i.id, i.meets, i.probability])).toEqual([['RE-a', true, 0.995], ['RE-b', false, 0.99], ['RE-c', false, 0.3], ['RE-d', false, null]]);
    expect(meetsReCriterion(records[1]!, 0.98)).toBe(true);
  });

  it('stimuli choose prefers, after the Fig. 1 photos, the mode or network whose chosen images meet it', () => {
    const m = (mode: 'resize' | 'center_crop', meeting: number, groupCorrect: number): ModeMeasurement => ({
      mode, knownCorrect: 5, known: [], chosenMeetingCriterion: meeting, groupCorrect, groupTotal: 246, chosenMeanProbability: 0.9, chosenMinProbability: 0.5,
    });
    expect([m('resize', 30, 230), m('center_crop', 35, 210)].sort(compareMeasurements)[0]!.mode).toBe('center_crop');
    expect([m('resize', 35, 230), m('center_crop', 35, 210)].sort(compareMeasurements)[0]!.mode).toBe('resize');
    expect([{ ...m('resize', 40, 246), knownCorrect: 4 }, m('center_crop', 1, 1)].sort(compareMeasurements)[0]!.mode).toBe('center_crop');
  });

  it('`stimuli` reports it for the CI study on its network (MobileNetV1 0.25: 3 of 10)', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += String(d)));
    const code = await main(['stimuli', '--study', 'ci-small', '--store', `${process.env.ARSA_API_TEST_DATA}/store.sqlite`, '--workers', '1'], { stdout: out as unknown as typeof process.stdout, stderr: new PassThrough() as unknown as typeof process.stderr });
    expect(code).toBe(0);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.filter((l) => l.startsWith('meets '))).toHaveLength(3);
    expect(JSON.parse(lines[10]!)).toEqual({
      study: 'ci-small', network: 'mobilenet_v1_025', threshold: 0.99, met: 3, total: 10,
      failing: ['clumber', 'Mexican hairless', 'ambulance', 'moving van', 'hip', 'electric ray', 'sea urchin'],
    });
  });

  it('GraphQL: study.reCriterion over the study\'s RE records', async () => {
    const study = new FakeStudy();
    const s = await start({ study });
    try {
      const r = await s.gql('{ study { reCriterion { threshold met total images { id meets probability } } } }');
      expect(r.body.errors).toBeUndefined();
      const re = await study.stimuli({ kind: 'RE' });
      expect(r.body.data!.study.reCriterion).toEqual({ ...reCriterion(re), images: reCriterion(re).images.map((i) => ({ id: i.id, meets: i.meets, probability: i.probability })) });
      expect(r.body.data!.study.reCriterion.total).toBe(re.length);
    } finally {
      await s.close();
    }
  });
});
