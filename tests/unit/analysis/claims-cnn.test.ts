import { describe, expect, it } from 'vitest';
import { evaluateClaim } from '../../../server/src/analysis/claims/registry.js';
import { layerDiff, layerSim, LAYER_NAMES, paperLike, head } from './claims-fixture.js';

describe('network RSA claims', () => {
  it('cnn_ai_above_null: holds in 8 of 8 layers, fails when layer 5 is at p = .2; the output and extra read-outs are not tested', () => {
    const inputs = paperLike();
    // the fixture's output RE-AI has p = .2 (as the paper's Fig. 5 has no asterisk there): still holds
    expect(head(evaluateClaim('cnn_ai_above_null', inputs), 1)).toMatchObject({ status: 'holds', used: [{ value: 8, total: 8 }] });
    layerSim(inputs, 'l5', 'RE_AI').p = 0.2;
    expect(head(evaluateClaim('cnn_ai_above_null', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 7, total: 8 }] });
  });

  it('cnn_ai_decreases: holds for a declining RE-AI, fails for a flat one, not computable with 2 layers', () => {
    const inputs = paperLike();
    const c = evaluateClaim('cnn_ai_decreases', inputs);
    expect(c.status).toBe('holds');
    expect(c.used.find((n) => n.name === 'layers')!.value).toBe(8);
    LAYER_NAMES.forEach((l, i) => { layerSim(inputs, l, 'RE_AI').value = [0.5, 0.6, 0.4, 0.55, 0.45, 0.5, 0.52, 0.48][i]!; });
    expect(evaluateClaim('cnn_ai_decreases', inputs).status).toBe('fails');
    const two = paperLike();
    two.layers = two.layers.filter((l) => l.ordinal <= 2 || l.ordinal === 9);
    expect(evaluateClaim('cnn_ai_decreases', two).status).toBe('not_computable');
  });

  it('cnn_an_increases: holds for a rising RE-AN, fails when it falls (a significant trend the wrong way)', () => {
    const inputs = paperLike();
    expect(evaluateClaim('cnn_an_increases', inputs).status).toBe('holds');
    LAYER_NAMES.forEach((l, i) => { layerSim(inputs, l, 'RE_AN').value = 0.8 - 0.1 * i; });
    const c = evaluateClaim('cnn_an_increases', inputs);
    expect(c.status).toBe('fails');
    expect(c.used[0]!.value!).toBeLessThan(0.05);
  });

  it('cnn_an_above_null_from_layer_3: fails when layer 2 is already above the null, and when layer 4 is not', () => {
    const inputs = paperLike();
    expect(head(evaluateClaim('cnn_an_above_null_from_layer_3', inputs), 2)).toMatchObject({ status: 'holds', used: [{ value: 6, total: 6 }, { value: 0, total: 2 }] });
    layerSim(inputs, 'l2', 'RE_AN').p = 0.01;
    expect(evaluateClaim('cnn_an_above_null_from_layer_3', inputs).status).toBe('fails');
    const late = paperLike();
    layerSim(late, 'l4', 'RE_AN').p = 0.3;
    expect(head(evaluateClaim('cnn_an_above_null_from_layer_3', late), 1)).toMatchObject({ status: 'fails', used: [{ value: 5, total: 6 }] });
  });

  it('cnn_an_below_ai_layers_1_7: layer 8 is not tested; fails when layer 7 is not significant', () => {
    const inputs = paperLike();
    // layer 8 has p = .375 in the fixture (the text's "p = 0.375"): still holds
    expect(head(evaluateClaim('cnn_an_below_ai_layers_1_7', inputs), 1)).toMatchObject({ status: 'holds', used: [{ value: 7, total: 7 }] });
    layerDiff(inputs, 'l7').p = 0.375;
    expect(head(evaluateClaim('cnn_an_below_ai_layers_1_7', inputs), 1)).toMatchObject({ status: 'fails', used: [{ value: 6, total: 7 }] });
  });

  it('cnn_an_above_ai_at_output: holds when the interval is below 0, fails when it reaches 0 or the order is the paper-inconsistent one', () => {
    const inputs = paperLike();
    expect(evaluateClaim('cnn_an_above_ai_at_output', inputs).status).toBe('holds');
    Object.assign(layerDiff(inputs, 'prob'), { value: -0.05, ciLow: -0.2, ciHigh: 0.1 });
    expect(evaluateClaim('cnn_an_above_ai_at_output', inputs).status).toBe('fails');
    // the default study's MobileNetV2 case: RE-AN .30 below RE-AI .35 at the output
    Object.assign(layerDiff(inputs, 'prob'), { value: 0.05, ciLow: 0.01, ciHigh: 0.09 });
    expect(evaluateClaim('cnn_an_above_ai_at_output', inputs).status).toBe('fails');
  });

  it('cnn_an_above_ai_at_output: not computable without an output layer (ordinal 9)', () => {
    const inputs = paperLike();
    inputs.layers = inputs.layers.filter((l) => l.ordinal !== 9);
    expect(evaluateClaim('cnn_an_above_ai_at_output', inputs).status).toBe('not_computable');
  });
});
