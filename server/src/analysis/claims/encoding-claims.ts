import {
  PAPER_ENCODING_AI_ABOVE_AN, PAPER_ENCODING_AI_SIGNIFICANT, PAPER_ENCODING_AN_SIGNIFICANT, PAPER_ENCODING_MODELS,
} from './paper.js';
import { count, notComputable, num, significant, verdict } from './select.js';
import type { ClaimDefinition, ClaimInputs, ResolvedClaimOptions } from './types.js';

/**
 * Claims about the encoding models (paper-digest 7.3, Fig. 6): models fitted on RE, tested on AI and AN, one model
 * per subject x ROI x layer 1..8 (120 in the paper) in the chosen family and accuracy reading. p is the stored
 * two-sided permutation p on |r| (the paper's significant AN models include negative r); AI vs AN is the stored
 * one-sided p over the shared vertex-subsampling draws.
 */

const ALPHA = 0.05;
/** "almost all": at least 90 % of the models (the paper: 113 of 120 = 94 %). */
const ALMOST_ALL = 0.9;
/** "not": at most 10 % significant (the paper: 9 of 120 = 7.5 %; chance alone gives 5 %). */
const FEW = 0.1;

const variant = (o: ResolvedClaimOptions) => `${o.encodingFamily} / ${o.encodingReading}`;

function models(inputs: ClaimInputs, o: ResolvedClaimOptions, kind: 'AI' | 'AN') {
  return inputs.encoding.filter((r) => r.family === o.encodingFamily && r.reading === o.encodingReading && r.testKind === kind);
}

export const ENCODING_CLAIMS = {
  encoding_generalises_to_ai: {
    section: 'encoding',
    where: 'Fig. 6; Results, p. 9',
    statement: 'Almost all trained encoding models successfully generalized to the AI images (permutation test, p-values < 0.05 for 113 out of the 120 models for three subjects).',
    test: 'AI models with positive r and permutation p < .05 are at least 90 % of the models (the paper: 113 of 120), in the chosen family and reading (default ROMP, ACROSS_IMAGES).',
    paper: [count('AI models significant', PAPER_ENCODING_AI_SIGNIFICANT, PAPER_ENCODING_MODELS)],
    evaluate(inputs, o) {
      const ms = models(inputs, o, 'AI');
      if (ms.length === 0) return notComputable(`the study has no ${variant(o)} encoding models tested on AI`);
      const hits = ms.filter((m) => m.r > 0 && significant(m.p, ALPHA)).length;
      const need = Math.ceil(ALMOST_ALL * ms.length);
      const meanR = ms.reduce((s, m) => s + m.r, 0) / ms.length;
      return verdict(hits >= need, [count(`AI models with r > 0, p < .05 (${variant(o)})`, hits, ms.length), num('needed (90 %)', need), num('mean r over models', meanR)],
        `${hits} of ${ms.length} ${variant(o)} models generalise to AI; "almost all" needs ${need}`);
    },
  },
  encoding_not_to_an: {
    section: 'encoding',
    where: 'Fig. 6; Results, p. 9',
    statement: '... but not to the AN images (permutation test, p-values > 0.05 for 111 out of the 120 models).',
    test: 'AN models with permutation p < .05 (either sign of r) are at most 10 % of the models (the paper: 9 of 120), in the chosen family and reading.',
    paper: [count('AN models significant', PAPER_ENCODING_AN_SIGNIFICANT, PAPER_ENCODING_MODELS)],
    evaluate(inputs, o) {
      const ms = models(inputs, o, 'AN');
      if (ms.length === 0) return notComputable(`the study has no ${variant(o)} encoding models tested on AN`);
      const hits = ms.filter((m) => significant(m.p, ALPHA)).length;
      const most = Math.floor(FEW * ms.length);
      const meanR = ms.reduce((s, m) => s + m.r, 0) / ms.length;
      return verdict(hits <= most, [count(`AN models with p < .05 (${variant(o)})`, hits, ms.length), num('allowed (10 %)', most), num('mean r over models', meanR)],
        `${hits} of ${ms.length} ${variant(o)} models are significant on AN; "not" allows ${most}`);
    },
  },
  encoding_ai_above_an: {
    section: 'encoding',
    where: 'Fig. 6; Results, p. 9',
    statement: 'The forward encoding models exhibited much stronger predictive power on the AI images than the AN images (bootstrap test, all p-values < 0.05, except the encoding model based on layer 8 for LO in subject 2, p = 0.11).',
    test: 'r(AI) - r(AN) is positive with p < .05 (one-sided, over the vertex-subsampling draws) in all models but at most the paper\'s share of exceptions (1 in 120, at least one model), in the chosen family and reading.',
    paper: [count('models with AI > AN', PAPER_ENCODING_AI_ABOVE_AN, PAPER_ENCODING_MODELS, 'the exception: Sub2 LO layer 8, p = .11')],
    evaluate(inputs, o) {
      if (inputs.encodingComparisons === null) return notComputable('the study service provides no AI-vs-AN encoding comparisons');
      const cs = inputs.encodingComparisons.filter((c) => c.family === o.encodingFamily && c.reading === o.encodingReading);
      if (cs.length === 0) return notComputable(`the study has no ${variant(o)} encoding models`);
      const misses = cs.filter((c) => !(c.difference > 0 && significant(c.p, ALPHA)));
      const allowed = Math.max(1, Math.floor(cs.length / PAPER_ENCODING_MODELS));
      const shown = misses.slice(0, 6).map((c) => `${c.subject} ${c.roi} ${c.layer}`).join(', ') + (misses.length > 6 ? ', ...' : '');
      return verdict(misses.length <= allowed, [count(`models with AI > AN, p < .05 (${variant(o)})`, cs.length - misses.length, cs.length), num('exceptions allowed', allowed)],
        misses.length === 0 ? `AI > AN in all ${cs.length} models` : `${misses.length} of ${cs.length} models are exceptions (${allowed} allowed): ${shown}`);
    },
  },
} satisfies Record<string, ClaimDefinition>;
