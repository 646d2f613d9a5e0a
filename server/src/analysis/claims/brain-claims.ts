import { PAPER_BRAIN_AN_ABOVE_NULL, PAPER_BRAIN_TESTS, PAPER_FIG3, PAPER_MEAN_POWER, PAPER_POWER } from './paper.js';
import { count, notComputable, num, roiDifferences, roiSimilarities, significant, sourceLabel, verdict } from './select.js';
import type { ClaimDefinition, ClaimInputs } from './types.js';
import type { RoiName, SearchlightMap, SimilarityPair } from './records.js';

/**
 * Claims about the human-brain RSA (paper-digest 7.1, Fig. 3): per subject x ROI, the RE-AI and RE-AN similarities
 * against their permutation nulls and against each other. Every p is the stored one (numerics.md): one-sided,
 * (1 + #{null >= observed}) / (1 + draws) for the nulls, (1 + #{draws with RE-AI - RE-AN <= 0}) / (1 + draws) for
 * the difference; the smallest reachable p is 1 / (1 + draws), so the paper's "p < .0001" is tested at .05.
 */

const ALPHA = 0.05;
/** "almost all": at least 90 % of the subject x ROI tests (14 of the paper's 15). */
const ALMOST_ALL = 0.9;
/** "few": at most a third of the tests (5 of the paper's 15; the paper has 4). */
const FEW = 1 / 3;

const paperFig3 = (pair: 'reAn' | 'reAi' | 'diff') => PAPER_FIG3.map((r) => num(
  `${r.subject} ${r.roi}: ${pair === 'diff' ? 'RE-AI - RE-AN' : pair === 'reAi' ? 'RE-AI' : 'RE-AN'}`,
  pair === 'diff' ? r.reAi - r.reAn : r[pair], { note: 'read off Fig. 3' },
));

function aboveNull(inputs: ClaimInputs, pair: SimilarityPair) {
  const rs = roiSimilarities(inputs, pair);
  const hits = rs.filter((r) => significant(r.p, ALPHA)).length;
  const perSource = rs.flatMap((r) => [num(`${sourceLabel(r.source)}: ${pair.replace('_', '-')}`, r.value), num(`${sourceLabel(r.source)}: p`, r.p)]);
  return { rs, hits, perSource };
}

/** The early visual areas of Fig. 4's caption. */
const EARLY: readonly RoiName[] = ['V1', 'V2', 'V3', 'V4'];

/** Mean of a pair's searchlight values over one subject's vertices of one ROI, both hemispheres (NaN skipped). */
function roiMean(maps: readonly SearchlightMap[], subject: string, roi: RoiName, pair: SimilarityPair): number {
  let sum = 0;
  let n = 0;
  for (const m of maps) {
    if (m.subject !== subject || m.pair !== pair) continue;
    m.roi.forEach((r, i) => { const v = m.values[i]!; if (r === roi && Number.isFinite(v)) { sum += v; n++; } });
  }
  return n > 0 ? sum / n : NaN;
}

export const BRAIN_CLAIMS = {
  brain_ai_above_an: {
    section: 'brain_rsa',
    where: 'Fig. 3; Results, p. 8',
    statement: 'We found significantly higher RE-AI similarities than the RE-AN similarities in all ROIs (bootstrap test, all p-values < 0.0001).',
    test: 'In every subject x ROI, RE-AI minus RE-AN is positive with difference p < .05 (one-sided, over the vertex-subsampling draws).',
    paper: [count('subject x ROIs with RE-AI > RE-AN', PAPER_BRAIN_TESTS, PAPER_BRAIN_TESTS, 'all p < .0001'), ...paperFig3('diff')],
    evaluate(inputs) {
      const ds = roiDifferences(inputs);
      if (ds.length === 0) return notComputable('the study has no brain ROI results');
      const fails = ds.filter((d) => !(d.value > 0 && significant(d.p, ALPHA)));
      const used = [
        count('subject x ROIs with RE-AI > RE-AN, p < .05', ds.length - fails.length, ds.length),
        ...ds.flatMap((d) => [num(`${sourceLabel(d.source)}: RE-AI - RE-AN`, d.value), num(`${sourceLabel(d.source)}: p`, d.p)]),
      ];
      return verdict(fails.length === 0, used, fails.length === 0
        ? `RE-AI exceeds RE-AN significantly in all ${ds.length} subject x ROIs`
        : `not in ${fails.length} of ${ds.length}: ${fails.map((d) => sourceLabel(d.source)).join(', ')}`);
    },
  },
  brain_ai_above_null: {
    section: 'brain_rsa',
    where: 'Fig. 3; Results, p. 8',
    statement: 'The RE-AI similarities were significantly higher than null hypotheses in almost all ROIs in the three subjects (permutation test, all p-values < 0.005).',
    test: 'RE-AI above its permutation null (p < .05) in "almost all" subject x ROIs, taken as at least 90 % of them (14 of 15 in the paper\'s design).',
    paper: [count('subject x ROIs with RE-AI above the null', PAPER_BRAIN_TESTS, PAPER_BRAIN_TESTS, 'asterisks in Fig. 3; text: "almost all", p < .005'), ...paperFig3('reAi')],
    evaluate(inputs) {
      const { rs, hits, perSource } = aboveNull(inputs, 'RE_AI');
      if (rs.length === 0) return notComputable('the study has no brain ROI results');
      const need = Math.ceil(ALMOST_ALL * rs.length);
      return verdict(hits >= need, [count('subject x ROIs with RE-AI above the null, p < .05', hits, rs.length), num('needed ("almost all", 90 %)', need), ...perSource],
        `${hits} of ${rs.length} above the null; "almost all" needs ${need}`);
    },
  },
  brain_an_few_above_null: {
    section: 'brain_rsa',
    where: 'Fig. 3; Results, p. 8',
    statement: 'This was not true for the RE-AN similarities (permutation test, only four p-values < 0.05 in 3 subjects x 5 ROI = 15 tests).',
    test: 'RE-AN above its permutation null (p < .05) in "few" subject x ROIs, taken as at most a third of them (5 of 15 in the paper\'s design).',
    paper: [count('subject x ROIs with RE-AN above the null', PAPER_BRAIN_AN_ABOVE_NULL, PAPER_BRAIN_TESTS, 'text; Fig. 3 marks none'), ...paperFig3('reAn')],
    evaluate(inputs) {
      const { rs, hits, perSource } = aboveNull(inputs, 'RE_AN');
      if (rs.length === 0) return notComputable('the study has no brain ROI results');
      const most = Math.floor(FEW * rs.length);
      return verdict(hits <= most, [count('subject x ROIs with RE-AN above the null, p < .05', hits, rs.length), num('allowed ("few", a third)', most), ...perSource],
        `${hits} of ${rs.length} above the null; "few" allows ${most}`);
    },
  },
  searchlight_ai_above_an: {
    section: 'brain_rsa',
    where: 'Fig. 4; Results, p. 8',
    statement: 'The RE-AI similarities are overall higher than the RE-AN similarities across all early visual areas in the human brain (searchlight).',
    test: 'In every subject x early visual area (V1..V4), the searchlight RE-AI map averaged over the area\'s vertices (both hemispheres) exceeds the RE-AN map\'s average. The paper prints no numbers (Fig. 4 is maps only).',
    paper: [count('subject x early areas with mean RE-AI > mean RE-AN', 12, 12, 'Fig. 4 caption; no numbers printed')],
    evaluate(inputs) {
      const maps = inputs.searchlight;
      const subjects = [...new Set(maps.map((m) => m.subject))];
      const cells = subjects.flatMap((subject) => EARLY.map((roi) => ({ subject, roi, ai: roiMean(maps, subject, roi, 'RE_AI'), an: roiMean(maps, subject, roi, 'RE_AN') })))
        .filter((c) => Number.isFinite(c.ai) && Number.isFinite(c.an));
      if (cells.length === 0) return notComputable('the study has no searchlight maps over V1..V4 (none computed, or volume data)');
      const misses = cells.filter((c) => !(c.ai > c.an));
      const used = [count('subject x early areas with mean RE-AI > mean RE-AN', cells.length - misses.length, cells.length),
        ...cells.flatMap((c) => [num(`${c.subject} ${c.roi}: mean RE-AI`, c.ai), num(`${c.subject} ${c.roi}: mean RE-AN`, c.an)])];
      return verdict(misses.length === 0, used, misses.length === 0 ? `higher in all ${cells.length}` : `not in ${misses.map((c) => `${c.subject} ${c.roi}`).join(', ')}`);
    },
  },
  brain_power: {
    section: 'brain_rsa',
    where: 'Results, p. 8',
    statement: 'The final average power (1-beta, alpha = 0.05, N = 3) across five ROIs equaled 0.818 (V1: 0.911, V2: 0.998, V3: 0.744, V4: 0.673, LO: 0.764).',
    test: 'The post hoc power of the paired RE-AI vs RE-AN difference over the study\'s subjects (one-tailed paired t, alpha .05), averaged over the ROIs, is at least .8; needs 2 or more subjects.',
    paper: [num('average power over ROIs', PAPER_MEAN_POWER), ...Object.entries(PAPER_POWER).map(([roi, p]) => num(`${roi}: power`, p))],
    evaluate(inputs) {
      const ps = inputs.power;
      if (ps.length === 0) return notComputable('the study has no power analysis (no brain ROI results)');
      const n = Math.min(...ps.map((p) => p.nSubjects));
      if (n < 2) return notComputable(`power needs at least 2 subjects; the study has ${n}`);
      const finite = ps.filter((p) => Number.isFinite(p.power));
      if (finite.length < ps.length) return notComputable(`power is undefined in ${ps.length - finite.length} ROIs (identical per-subject differences)`);
      const mean = finite.reduce((s, p) => s + p.power, 0) / finite.length;
      const used = [num('average power over ROIs', mean), num('subjects', n), ...ps.map((p) => num(`${p.roi}: power`, p.power))];
      return verdict(mean >= 0.8, used, `average power ${mean.toFixed(3)} over ${ps.length} ROIs with ${n} subjects (needs >= .8)`);
    },
  },
} satisfies Record<string, ClaimDefinition>;
