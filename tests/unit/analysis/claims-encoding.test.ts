import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../../server/src/analysis/claims/registry.js';
import { paperLike, head } from './claims-fixture.js';

describe('encoding claims', () => {
  it('encoding_generalises_to_ai: holds with the paper\'s 113 of 120, fails at 107 (< 90 %); significant negative r does not count', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('encoding_generalises_to_ai', inputs), 2)).toMatchObject({ status: 'holds', used: [{ value: 113, total: 120 }, { value: 108 }] });
    const ai = inputs.encoding.filter((m) => m.testKind === 'AI' && m.p < 0.05);
    ai.slice(0, 6).forEach((m) => { m.r = -0.2; });
    expect(head(evaluateClaim('encoding_generalises_to_ai', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 107, total: 120 }] });
  });

  it('encoding_not_to_an: holds with the paper\'s 9 of 120, fails at 13 (> 10 %), counting negative r', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('encoding_not_to_an', inputs), 2)).toMatchObject({ status: 'holds', used: [{ value: 9, total: 120 }, { value: 12 }] });
    inputs.encoding.filter((m) => m.testKind === 'AN' && m.p >= 0.05).slice(0, 4).forEach((m) => { m.p = 0.01; m.r = -0.05; });
    expect(head(evaluateClaim('encoding_not_to_an', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 13, total: 120 }] });
  });

  it('encoding_ai_above_an: the paper\'s one exception in 120 holds, two fail', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('encoding_ai_above_an', inputs), 1)).toMatchObject({ status: 'holds', used: [{ value: 119, total: 120 }] });
    inputs.encodingComparisons![0]!.p = 0.2;
    const c = evaluateClaim('encoding_ai_above_an', inputs);
    expect(head(c, 1)).toMatchObject({ status: 'fails', used: [{ value: 118, total: 120 }] });
    expect(c.detail).toMatch(/Sub1 V1 l1/);
  });

  it('the family and reading are chosen by option; a variant the study lacks is not computable', () => {
    const inputs = paperLike();
    for (const id of ['encoding_generalises_to_ai', 'encoding_not_to_an', 'encoding_ai_above_an'] as const) {
      expect(evaluateClaim(id, inputs, { encodingFamily: 'RIDGE' }).status, id).toBe('not_computable');
      expect(evaluateClaim(id, inputs, { encodingReading: 'ACROSS_VERTICES' }).status, id).toBe('not_computable');
    }
    expect(evaluateClaim('encoding_ai_above_an', { ...inputs, encodingComparisons: null }).status).toBe('not_computable');
  });
});
