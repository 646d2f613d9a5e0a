import { describe, expect, it } from 'vitest';
import { CLAIM_IDS, CLAIMS, evaluateClaim, evaluateClaims } from '../../../server/src/analysis/claims/registry.js';
import { PAPER_FIG5 } from '../../../server/src/analysis/claims/paper.js';
import { layerSim, LAYER_NAMES, paperLike } from './claims-fixture.js';

describe('claims registry', () => {
  it('lists every claim once, each with a statement, an operational test and the paper\'s numbers', () => {
    expect(new Set(CLAIM_IDS).size).toBe(CLAIM_IDS.length);
    expect(CLAIM_IDS.length).toBeGreaterThanOrEqual(15);
    for (const id of CLAIM_IDS) {
      const c = CLAIMS[id];
      expect(c.statement.length, id).toBeGreaterThan(20);
      expect(c.test, id).toMatch(/\d/);
      expect(c.paper.length, id).toBeGreaterThan(0);
    }
  });

  it('every claim holds on constructed results shaped like the paper\'s', () => {
    const r = evaluateClaims(paperLike());
    expect(r.map((c) => c.id)).toEqual(CLAIM_IDS);
    for (const c of r) expect({ id: c.id, status: c.status, detail: c.detail }).toEqual({ id: c.id, status: 'holds', detail: c.detail });
    // the headline numbers sit side by side: a count against the paper's count
    const brain = r.find((c) => c.id === 'brain_ai_above_an')!;
    expect(brain.used[0]).toMatchObject({ value: 15, total: 15 });
    expect(brain.paper[0]).toMatchObject({ value: 15, total: 15 });
  });

  it('on empty results every claim is not computable, and nothing throws', () => {
    const r = evaluateClaims({ layers: [], stimuli: [], similarities: [], differences: [], power: [], searchlight: [], encoding: [], encodingComparisons: null });
    expect(r.every((c) => c.status === 'not_computable')).toBe(true);
    for (const c of r) expect(c.detail.length, c.id).toBeGreaterThan(5);
  });

  it('undefined numbers (NaN) are reported as null, never as NaN', () => {
    const inputs = paperLike();
    layerSim(inputs, 'l1', 'RE_AI').p = NaN;
    const c = evaluateClaim('cnn_ai_above_null', inputs);
    expect(c.status).toBe('fails');
    expect(c.used.find((n) => n.name === 'l1: p')!.value).toBeNull();
    expect(JSON.stringify(evaluateClaims(inputs))).not.toMatch(/NaN/);
  });

  it('the paper\'s own Fig. 5 RE-AI values fail its RE-AI decline (digest 9.13)', () => {
    const inputs = paperLike();
    LAYER_NAMES.forEach((l, i) => { layerSim(inputs, l, 'RE_AI').value = PAPER_FIG5[i]!.reAi; });
    expect(evaluateClaim('cnn_ai_decreases', inputs).status).toBe('fails');
  });
});
