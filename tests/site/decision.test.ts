/**
 * "Which dissimilarity, and why" (site/src/figures/dissimilarity-decision.ts) on constructed grid cells: every
 * number and verdict it prints is the cells' (output RE-AN / RE-AI at ordinal 9, the two CNN claims, the RE-AN
 * trend), each row labelled with its draws; a grid with no cell besides the study's own says what to run.
 */
import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { cellEvidence, dissimilarityDecision, drawsSummary, REVERSAL_CLAIM, TREND_CLAIM } from '../../site/src/figures/dissimilarity-decision.js';
import type { ClaimStatus, GridCellView } from '../../site/src/lib/claims-types.js';
import type { StudyGridsByDraws } from '../../site/src/lib/grid-loaders.js';

const LAYERS = [{ name: 'L1', ordinal: 1 }, { name: 'L2', ordinal: 2 }, { name: 'prob', ordinal: 9 }];
function cell(dissimilarity: string, comparison: string, draws: number, o: { an: number; ai: number; reversal: ClaimStatus; trend: ClaimStatus; tau: number; p: number; own?: boolean }): GridCellView {
  const sim = (layer: string, pair: 'RE_AN' | 'RE_AI', value: number) => ({ source: { kind: 'layer' as const, layer }, pair, value, ciLow: value - 0.01, ciHigh: value + 0.01, p: 0.01 });
  const claim = (id: string, status: ClaimStatus) => ({ id, statement: id, status, detail: '' });
  return {
    dissimilarity, comparison, draws, studyConvention: o.own ?? false, computed: true,
    claims: { holds: 0, fails: 0, notComputable: 0, claims: [claim(REVERSAL_CLAIM, o.reversal), claim(TREND_CLAIM, o.trend)] },
    layers: LAYERS,
    similarities: [sim('L1', 'RE_AN', 0.01), sim('L1', 'RE_AI', 0.9), sim('prob', 'RE_AN', o.an), sim('prob', 'RE_AI', o.ai)],
    differences: [], trends: [{ pair: 'RE_AN', layers: ['L1', 'L2'], tau: o.tau, z: 1, p: o.p, direction: 'increasing' }],
  };
}
const notComputed: GridCellView = { dissimilarity: 'EUCLIDEAN', comparison: 'KENDALL_TAU_A', draws: 100, studyConvention: false, computed: false, claims: null, layers: [], similarities: [], differences: [], trends: [] };
const own = cell('ONE_MINUS_SPEARMAN', 'SPEARMAN', 1000, { an: 0.296, ai: 0.354, reversal: 'FAILS', trend: 'FAILS', tau: 0.571, p: 0.063, own: true });
const at100 = [
  cell('ONE_MINUS_SPEARMAN', 'SPEARMAN', 100, { an: 0.297, ai: 0.355, reversal: 'FAILS', trend: 'FAILS', tau: 0.571, p: 0.0631 }),
  cell('ONE_MINUS_PEARSON', 'SPEARMAN', 100, { an: 0.307, ai: 0.183, reversal: 'HOLDS', trend: 'FAILS', tau: 0.357, p: 0.266 }),
  cell('EUCLIDEAN', 'SPEARMAN', 100, { an: 0.149, ai: 0.087, reversal: 'HOLDS', trend: 'FAILS', tau: -0.071, p: 0.902 }),
  notComputed,
];
const study = (sections: { draws: number; cells: GridCellView[] }[]): StudyGridsByDraws => ({
  study: 'a', network: 'net_a', isDefault: true, dissimilarity: 'one_minus_spearman', draws: 1000,
  computedDraws: sections.map((s) => s.draws), sections: sections.map((s) => ({ draws: s.draws, grid: { study: 'a', network: 'net_a', cells: s.cells } })),
});
const doc = (html: string) => parseHTML(`<html><body>${html}</body></html>`).document;

describe('which dissimilarity, and why', () => {
  it('reads each computed cell\'s output values, claims and trend; a cell not computed has none', () => {
    expect(cellEvidence(at100[1]!)).toEqual({ dissimilarity: 'one_minus_pearson', comparison: 'spearman', draws: 100, studyConvention: false, reAnOutput: 0.307, reAiOutput: 0.183, reversal: 'HOLDS', trendTau: 0.357, trendP: 0.266, trend: 'FAILS' });
    expect(cellEvidence(notComputed)).toBeNull();
    const s = drawsSummary(100, at100);
    expect(s.cells).toHaveLength(3);
    expect(s.reversalBy).toEqual([{ dissimilarity: 'one_minus_spearman', holds: 0, of: 1 }, { dissimilarity: 'one_minus_pearson', holds: 1, of: 1 }, { dissimilarity: 'euclidean', holds: 1, of: 1 }]);
    expect(s.trendHolds).toBe(0);
  });

  it('states the decision and the evidence per draws count, every number from the cells', () => {
    const html = dissimilarityDecision(study([{ draws: 100, cells: at100 }, { draws: 1000, cells: [own] }]));
    const d = doc(html);
    expect(d.querySelector('.decision')!.textContent).toContain('study a keeps 1 − Spearman RDMs (one_minus_spearman), the paper\'s stated convention');
    // The 1000-draws section holds only the study's own cell: no comparison there, so no evidence paragraph.
    expect(Array.from(d.querySelectorAll('p.evidence')).map((p) => p.getAttribute('data-draws'))).toEqual(['100']);
    const text = d.querySelector('p.evidence')!.textContent;
    expect(text).toContain('At 100 draws per cell (3 computed cells)');
    expect(text).toContain('holds under 1 − Spearman in 0 of 1 cell, under 1 − Pearson in 1 of 1 cell, under Euclidean in 1 of 1 cell');
    expect(text).toContain('holds in 0 of 3 cells');
    expect(text).toContain('the reversal holds under 1 − Pearson and Euclidean but never under 1 − Spearman, while the RE-AN trend holds in no cell');
    const rows = Array.from(d.querySelectorAll('table.decision-evidence tbody tr'));
    expect(rows.map((r) => [r.getAttribute('data-dissimilarity'), r.getAttribute('data-draws')])).toEqual([['one_minus_spearman', '100'], ['one_minus_pearson', '100'], ['euclidean', '100']]);
    expect(rows.map((r) => [r.querySelector('.re-an-output')!.textContent, r.querySelector('.re-ai-output')!.textContent, r.querySelector('.reversal')!.getAttribute('data-status')])).toEqual([
      ['0.297', '0.355', 'FAILS'], ['0.307', '0.183', 'HOLDS'], ['0.149', '0.087', 'HOLDS'],
    ]);
    expect(rows[0]!.querySelector('.trend-tau')!.textContent).toBe('0.571 (p 0.063)');
    expect(rows[0]!.querySelector('th')!.textContent).toContain('(100 draws)');
  });

  it('follows the cells when they change: a reversal under the study\'s own dissimilarity, a trend that holds', () => {
    const changed = [cell('ONE_MINUS_SPEARMAN', 'SPEARMAN', 100, { an: 0.6, ai: 0.2, reversal: 'HOLDS', trend: 'HOLDS', tau: 0.9, p: 0.001 }), at100[1]!];
    const d = doc(dissimilarityDecision(study([{ draws: 100, cells: changed }])));
    const text = d.querySelector('p.evidence')!.textContent;
    expect(text).toContain('under 1 − Spearman in 1 of 1 cell');
    expect(text).toContain('holds in 1 of 2 cells');
    expect(text).not.toContain('never under');
    expect(d.querySelector('tbody tr .re-an-output')!.textContent).toBe('0.600');
  });

  it('with no cell besides the study\'s own computed, says so and how to compute the grid', () => {
    const d = doc(dissimilarityDecision(study([{ draws: 1000, cells: [own, { ...notComputed, draws: 1000 }] }])));
    expect(d.querySelector('.decision')).not.toBeNull();
    expect(d.querySelector('table.decision-evidence')).toBeNull();
    expect(d.querySelector('.no-grid-cell')!.textContent).toContain('adversarial-rsa seed --study a --grid --grid-draws 100');
  });
});
