import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../../server/src/analysis/claims/registry.js';
import { networkOnly, paperLike, type Inputs, head } from './claims-fixture.js';

const roi = (inputs: Inputs, subject: string, name: string, pair: 'RE_AN' | 'RE_AI') =>
  inputs.similarities.find((r) => r.source.kind === 'roi' && r.source.subject === subject && r.source.roi === name && r.pair === pair)!;
const roiDiff = (inputs: Inputs, subject: string, name: string) =>
  inputs.differences.find((r) => r.source.kind === 'roi' && r.source.subject === subject && r.source.roi === name)!;

describe('brain RSA claims', () => {
  it('brain_ai_above_an: holds in 15 of 15, fails when one subject x ROI has p = .2', () => {
    const inputs = paperLike();
    expect(evaluateClaim('brain_ai_above_an', inputs).status).toBe('holds');
    roiDiff(inputs, 'Sub2', 'V4').p = 0.2;
    const c = evaluateClaim('brain_ai_above_an', inputs);
    expect(head(c, 1)).toMatchObject({ status: 'fails', used: [{ value: 14, total: 15 }] });
    expect(c.detail).toMatch(/Sub2 V4/);
  });

  it('brain_ai_above_an: a significant difference of the wrong sign fails', () => {
    const inputs = paperLike();
    Object.assign(roiDiff(inputs, 'Sub1', 'V1'), { value: -0.1, p: 0.001 });
    expect(evaluateClaim('brain_ai_above_an', inputs).status).toBe('fails');
  });

  it('brain_ai_above_null: "almost all" (90 %) holds with 14 of 15, fails with 13', () => {
    const inputs = paperLike();
    roi(inputs, 'Sub1', 'V1', 'RE_AI').p = 0.3;
    expect(head(evaluateClaim('brain_ai_above_null', inputs), 2)).toMatchObject({ status: 'holds', used: [{ value: 14, total: 15 }, { value: 14 }] });
    roi(inputs, 'Sub1', 'V2', 'RE_AI').p = 0.3;
    expect(head(evaluateClaim('brain_ai_above_null', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 13, total: 15 }] });
  });

  it('brain_an_few_above_null: "few" (a third) holds with the paper\'s 4 of 15 and with 5, fails with 6', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('brain_an_few_above_null', inputs), 2)).toMatchObject({ status: 'holds', used: [{ value: 4, total: 15 }, { value: 5 }] });
    roi(inputs, 'Sub1', 'V2', 'RE_AN').p = 0.01;
    expect(evaluateClaim('brain_an_few_above_null', inputs).status).toBe('holds');
    roi(inputs, 'Sub1', 'V3', 'RE_AN').p = 0.01;
    expect(head(evaluateClaim('brain_an_few_above_null', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 6, total: 15 }] });
  });

  it('brain_power: holds at the paper\'s average .818, fails below .8, not computable with one subject', () => {
    const inputs = paperLike();
    const c = evaluateClaim('brain_power', inputs);
    expect(c.status).toBe('holds');
    expect(c.used[0]!.value).toBeCloseTo(0.818, 3);
    inputs.power[0]!.power = 0.5;
    expect(evaluateClaim('brain_power', inputs).status).toBe('fails');
    inputs.power.forEach((p) => { p.nSubjects = 1; });
    expect(evaluateClaim('brain_power', inputs).status).toBe('not_computable');
  });

  it('searchlight_ai_above_an: holds in 12 of 12 early areas; fails when one area\'s mean RE-AN exceeds RE-AI; LO is not tested', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('searchlight_ai_above_an', inputs), 1)).toMatchObject({ status: 'holds', used: [{ value: 12, total: 12 }] });
    // LO (not an early area) reversed: still holds
    for (const m of inputs.searchlight) if (m.pair === 'RE_AN') m.values = m.values.map((v, i) => (m.roi[i] === 'LO' ? 0.9 : v));
    expect(evaluateClaim('searchlight_ai_above_an', inputs).status).toBe('holds');
    // Sub2 V3: RE-AN above RE-AI in the left hemisphere by more than the right hemisphere's margin
    const lh = inputs.searchlight.find((m) => m.subject === 'Sub2' && m.hemisphere === 'LH' && m.pair === 'RE_AN')!;
    lh.values = lh.values.map((v, i) => (lh.roi[i] === 'V3' ? 0.7 : v));
    const c = evaluateClaim('searchlight_ai_above_an', inputs);
    expect(head(c, 1)).toMatchObject({ status: 'fails', used: [{ value: 11, total: 12 }] });
    expect(c.detail).toMatch(/Sub2 V3/);
  });

  it('every brain claim is not computable for a study without brain results', () => {
    const inputs = networkOnly();
    for (const id of ['brain_ai_above_an', 'brain_ai_above_null', 'brain_an_few_above_null', 'searchlight_ai_above_an', 'brain_power'] as const) {
      expect(evaluateClaim(id, inputs).status, id).toBe('not_computable');
    }
  });
});
