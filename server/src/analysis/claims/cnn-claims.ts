import { trendsOverLayers } from '../layer-trends.js';
import { PAPER_AI_TREND_P, PAPER_FIG5 } from './paper.js';
import {
  analysedLayers, count, layerDifference, layerSimilarity, notComputable, num, outputLayer, significant, verdict,
} from './select.js';
import type { ClaimDefinition, ClaimInputs, ClaimNumber } from './types.js';
import type { LayerRecord, SimilarityPair } from './records.js';

/**
 * Claims about the network RSA (paper-digest 7.2, Fig. 5). Layers are the paper's numbering: ordinals 1..8 are
 * the analysed layers (AlexNet conv1..fc8; a substitute network's mapping is in its registry entry), ordinal 9 is
 * the "output" group (softmax); other read-outs (e.g. MobileNet logits, ordinal 0) take part in no claim. The
 * text's numbering is inconsistent (digest 9.14); the reading used here is the digest's most consistent one:
 * Fig. 5 groups 1..7 show RE-AN < RE-AI, group 8 none (the text's "p = 0.375"), and "output" the reversal.
 */

const ALPHA = 0.05;
const pairName = (pair: SimilarityPair) => pair.replace('_', '-');
const paperLayers = (pair: 'reAn' | 'reAi', from = 1, to = 9): ClaimNumber[] =>
  PAPER_FIG5.filter((r) => r.layer >= from && r.layer <= to).map((r) => num(`layer ${r.label}: ${pair === 'reAn' ? 'RE-AN' : 'RE-AI'}`, r[pair], { note: 'read off Fig. 5' }));

/** Mann-Kendall over layers 1..8 of one pair, from the similarities (the same test the trends stage runs). */
function trend(inputs: ClaimInputs, pair: SimilarityPair, want: 'increasing' | 'decreasing') {
  const layers = analysedLayers(inputs.layers);
  const values = layers.map((l) => layerSimilarity(inputs, l.name, pair)?.value);
  if (values.filter((v) => v !== undefined).length < 3) return notComputable(`a trend needs ${pairName(pair)} in at least 3 of layers 1..8; the study has ${values.filter((v) => v !== undefined).length}`);
  if (values.some((v) => v !== undefined && !Number.isFinite(v))) return notComputable(`${pairName(pair)} is undefined (NaN) in some layer`);
  const t = trendsOverLayers(inputs.similarities, layers.map((l) => l.name), [pair])[0]!;
  const used = [num('Mann-Kendall p', t.p), num('Kendall tau', t.tau), num('S', t.s), num('layers', t.layers.length),
    ...t.layers.map((l) => num(`${l}: ${pairName(pair)}`, layerSimilarity(inputs, l, pair)!.value))];
  const ok = significant(t.p, ALPHA) && (want === 'increasing' ? t.s > 0 : t.s < 0);
  return verdict(ok, used, `${pairName(pair)} over ${t.layers.length} layers: tau ${t.tau.toFixed(2)}, p ${t.p.toPrecision(2)} (needs ${want}, p < .05)`);
}

/** Per-layer significance of one pair against its null over a range of the paper's layer numbers. */
function nullTests(inputs: ClaimInputs, pair: SimilarityPair, layers: readonly LayerRecord[]) {
  const rows = layers.flatMap((l) => {
    const r = layerSimilarity(inputs, l.name, pair);
    return r ? [{ layer: l, r, sig: significant(r.p, ALPHA) }] : [];
  });
  const numbers = rows.flatMap(({ layer, r }) => [num(`${layer.name} (layer ${layer.ordinal}): ${pairName(pair)}`, r.value), num(`${layer.name}: p`, r.p)]);
  return { rows, hits: rows.filter((x) => x.sig).length, numbers };
}

export const CNN_CLAIMS = {
  cnn_ai_above_null: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 8',
    statement: 'The RE-AI similarities were higher than null hypotheses across all layers (permutation test, all p-values < 0.001).',
    test: 'RE-AI above its permutation null (p < .05) in every analysed layer 1..8 (the output\'s RE-AI bar carries no asterisk in Fig. 5, digest 9.14).',
    paper: [count('layers 1..8 with RE-AI above the null', 8, 8, 'all p < .001'), ...paperLayers('reAi', 1, 8)],
    evaluate(inputs) {
      const { rows, hits, numbers } = nullTests(inputs, 'RE_AI', analysedLayers(inputs.layers));
      if (rows.length === 0) return notComputable('the study has no RE-AI similarity in layers 1..8');
      const misses = rows.filter((x) => !x.sig).map((x) => x.layer.name);
      return verdict(misses.length === 0, [count('layers with RE-AI above the null, p < .05', hits, rows.length), ...numbers],
        misses.length === 0 ? `RE-AI is above the null in all ${rows.length} layers` : `not in ${misses.join(', ')}`);
    },
  },
  cnn_ai_decreases: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 8',
    statement: 'The RE-AI similarities declined from low to high layers (Mann-Kendall test, p = 0.009).',
    test: 'Mann-Kendall test of RE-AI over layers 1..8 (output excluded): S < 0 and two-sided p < .05. Note that the paper\'s own Fig. 5 values do not decline (digest 9.13).',
    paper: [num('Mann-Kendall p', PAPER_AI_TREND_P), ...paperLayers('reAi', 1, 8)],
    evaluate: (inputs) => trend(inputs, 'RE_AI', 'decreasing'),
  },
  cnn_an_increases: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 9',
    statement: 'The RE-AN similarities were initially low but then dramatically increased (Mann-Kendall test, p < 0.001).',
    test: 'Mann-Kendall test of RE-AN over layers 1..8 (output excluded): S > 0 and two-sided p < .05.',
    paper: [{ name: 'Mann-Kendall p', value: null, note: 'p < .001' }, ...paperLayers('reAn', 1, 8)],
    evaluate: (inputs) => trend(inputs, 'RE_AN', 'increasing'),
  },
  cnn_an_above_null_from_layer_3: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 9',
    statement: 'The RE-AN similarities were initially low (p-values > 0.05 in layers 1-2) ... and became higher than the null hypotheses from layer 3 (all p-values < 0.05 in layers 3-8).',
    test: 'RE-AN above its permutation null (p < .05) in every layer 3..8 and in neither of layers 1..2.',
    paper: [count('layers 3..8 with RE-AN above the null', 6, 6), count('layers 1..2 with RE-AN above the null', 0, 2), ...paperLayers('reAn', 1, 8)],
    evaluate(inputs) {
      const late = nullTests(inputs, 'RE_AN', analysedLayers(inputs.layers, 3, 8));
      const early = nullTests(inputs, 'RE_AN', analysedLayers(inputs.layers, 1, 2));
      if (late.rows.length === 0 || early.rows.length === 0) return notComputable('needs RE-AN in layers 1..2 and in layers 3..8');
      const used = [count('layers 3..8 with RE-AN above the null, p < .05', late.hits, late.rows.length), count('layers 1..2 with RE-AN above the null, p < .05', early.hits, early.rows.length), ...early.numbers, ...late.numbers];
      const ok = late.hits === late.rows.length && early.hits === 0;
      return verdict(ok, used, `above the null in ${late.hits} of ${late.rows.length} of layers 3..8 (needs all) and ${early.hits} of ${early.rows.length} of layers 1..2 (needs none)`);
    },
  },
  cnn_an_below_ai_layers_1_7: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 9',
    statement: 'The RE-AN similarities were not higher than the RE-AI similarities in all intermediate layers (i.e., layers 1-7, bootstrap test, all p-values < 0.05).',
    test: 'In every layer 1..7, RE-AI minus RE-AN is positive with difference p < .05 (one-sided, over the unit-subsampling draws).',
    paper: [count('layers 1..7 with RE-AI > RE-AN', 7, 7, 'all p < .05'), ...PAPER_FIG5.filter((r) => r.layer <= 7).map((r) => num(`layer ${r.label}: RE-AI - RE-AN`, r.reAi - r.reAn, { note: 'read off Fig. 5' }))],
    evaluate(inputs) {
      const layers = analysedLayers(inputs.layers, 1, 7);
      const rows = layers.flatMap((l) => { const d = layerDifference(inputs, l.name); return d ? [{ l, d }] : []; });
      if (rows.length === 0) return notComputable('the study has no RE-AI vs RE-AN difference in layers 1..7');
      const misses = rows.filter(({ d }) => !(d.value > 0 && significant(d.p, ALPHA))).map(({ l }) => l.name);
      const used = [count('layers 1..7 with RE-AI > RE-AN, p < .05', rows.length - misses.length, rows.length),
        ...rows.flatMap(({ l, d }) => [num(`${l.name} (layer ${l.ordinal}): RE-AI - RE-AN`, d.value), num(`${l.name}: p`, d.p)])];
      return verdict(misses.length === 0, used, misses.length === 0 ? `RE-AN stays below RE-AI in all ${rows.length} layers` : `not in ${misses.join(', ')}`);
    },
  },
  cnn_an_above_ai_at_output: {
    section: 'cnn_rsa',
    where: 'Fig. 5; Results, p. 9',
    statement: '... except the output layer (p < 0.05): the transformation from layer 7 to the output layer eventually renders the RE-AN similarity higher than the RE-AI similarity.',
    test: 'At the output (softmax, ordinal 9), RE-AN exceeds RE-AI: the 95 % interval of RE-AI minus RE-AN over the draws lies below 0 (a two-sided test at .05; the stored one-sided p tests the other direction).',
    paper: [num('output: RE-AI - RE-AN', PAPER_FIG5[8]!.reAi - PAPER_FIG5[8]!.reAn, { note: 'read off Fig. 5; p < .05' }), ...paperLayers('reAn', 9, 9), ...paperLayers('reAi', 9, 9)],
    evaluate(inputs) {
      const out = outputLayer(inputs.layers);
      if (!out) return notComputable('the network has no output layer (ordinal 9)');
      const d = layerDifference(inputs, out.name);
      const an = layerSimilarity(inputs, out.name, 'RE_AN');
      const ai = layerSimilarity(inputs, out.name, 'RE_AI');
      if (!d || !an || !ai) return notComputable(`the study has no RE-AN / RE-AI results at ${out.name}`);
      const used = [num(`${out.name}: RE-AI - RE-AN`, d.value), num(`${out.name}: RE-AN`, an.value), num(`${out.name}: RE-AI`, ai.value),
        num('interval low', d.ciLow), num('interval high', d.ciHigh)];
      return verdict(d.ciHigh < 0, used, `RE-AI - RE-AN = ${d.value.toFixed(3)}, 95 % interval [${d.ciLow.toFixed(3)}, ${d.ciHigh.toFixed(3)}] (needs it below 0)`);
    },
  },
} satisfies Record<string, ClaimDefinition>;
