import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../../server/src/analysis/claims/registry.js';
import { paperLike, head } from './claims-fixture.js';

describe('stimulus claims', () => {
  it('re_classified_confidently: holds when all RE are top-1 with p > .99, fails for one at .98', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('re_classified_confidently', inputs), 1)).toMatchObject({ status: 'holds', used: [{ value: 40, total: 40 }] });
    inputs.stimuli.find((s) => s.id === 'RE-c3')!.top = [{ index: 3, label: '', probability: 0.98 }];
    const c = evaluateClaim('re_classified_confidently', inputs);
    expect(head(c, 1)).toMatchObject({ status: 'fails', used: [{ value: 39, total: 40 }] });
    expect(c.detail).toMatch(/RE-c3/);
  });

  it('an_classified_as_category: fails when an AN image is classified as another class', () => {
    const inputs = paperLike();
    expect(evaluateClaim('an_classified_as_category', inputs).status).toBe('holds');
    inputs.stimuli.find((s) => s.id === 'AN-c5')!.top = [{ index: 6, label: '', probability: 0.999 }];
    expect(head(evaluateClaim('an_classified_as_category', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 39, total: 40 }] });
  });

  it('ai_classified_as_target: fails when the wrong target is top-1 but at p <= .5', () => {
    const inputs = paperLike();
    expect(evaluateClaim('ai_classified_as_target', inputs).status).toBe('holds');
    inputs.stimuli.find((s) => s.id === 'AI-c0')!.top = [{ index: 500, label: '', probability: 0.45 }];
    expect(evaluateClaim('ai_classified_as_target', inputs).status).toBe('fails');
  });

  it('not computable without stimuli or without classifications', () => {
    const inputs = paperLike();
    expect(evaluateClaim('ai_classified_as_target', { ...inputs, stimuli: inputs.stimuli.filter((s) => s.kind !== 'AI') }).status).toBe('not_computable');
    inputs.stimuli.forEach((s) => { s.top = []; });
    expect(evaluateClaim('re_classified_confidently', inputs).status).toBe('not_computable');
  });
});
