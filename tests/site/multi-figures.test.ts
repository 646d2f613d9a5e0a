/**
 * The multi-study figures as snapshots (tests/site/__snapshots__/): the comparison panels on one y scale with
 * their layer mappings, the claims tables (one study, across studies) and the grid table, with their mark,
 * row and verdict counts; each refuses empty input.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { compareFig5, layerMapping, sharedYDomain } from '../../site/src/figures/compare-fig5.js';
import { claimsAcrossStudies, claimsTable, formatClaimNumber } from '../../site/src/figures/claims-table.js';
import { cellLabel, gridTable } from '../../site/src/figures/grid-table.js';
import * as M from './fixtures/multi-data.js';

const stable = (html: string) => html.replace(/-?\d+\.\d{4,}/g, (n) => Number(n).toFixed(3));
const doc = (html: string) => parseHTML(`<html><body>${html}</body></html>`).document;
function marks(html: string, scope: string, label: string): number {
  return Array.from(doc(html).querySelectorAll(`${scope} g[aria-description="${label}"]`))
    .reduce((n, g) => n + Array.from(g.querySelectorAll('*')).filter((e) => !['g', 'title', 'tspan'].includes(e.tagName.toLowerCase())).length, 0);
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => { warn = vi.spyOn(console, 'warn'); });
afterEach(() => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

describe('comparison of Fig. 5 across studies', () => {
  it('draws one panel per study on one y scale, layers 1..8 and the output only, each with its mapping', async () => {
    const html = compareFig5([M.panelA, M.panelB]);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/compare-fig5.html');
    expect(doc(html).querySelectorAll('.compare-panel')).toHaveLength(2);
    // a: L1..L3 + output, 2 pairs each (logits, an extra read-out, is not drawn); b: conv1, fc8, prob.
    expect(marks(html, '.compare-panel[data-study="a"]', 'bar')).toBe(8);
    expect(marks(html, '.compare-panel[data-study="b"]', 'bar')).toBe(6);
    expect(marks(html, '.compare-panel[data-study="b"]', 'significance')).toBe(5);
    expect(marks(html, '.compare-panel[data-study="b"]', 'difference')).toBe(1);
    expect(layerMapping(M.panelA)).toEqual({ mapping: '1 = L1, 2 = L2, 3 = L3, out = output', extra: ['logits'] });
    expect(html).toContain('Layer mapping:</b> 1 = conv1, 2 = fc8, out = prob.');
    expect(html).toContain('Not drawn (extra read-outs): logits.');
    // The lowest interval end (-0.025, study a) and the highest (1.2, study b) set both panels' domain, with
    // headroom; the extra read-out's values do not count.
    const [lo, hi] = sharedYDomain([M.panelA, M.panelB]);
    expect(lo).toBeCloseTo(-0.025 - 0.1 * 1.225, 10);
    expect(hi).toBeCloseTo(1.2 + 0.2 * 1.225, 10);
    const ticks = Array.from(doc(html).querySelectorAll('.compare-panel')).map((p) => Array.from(p.querySelectorAll('g[aria-label="y-axis tick label"] text')).map((t) => t.textContent).join(','));
    expect(ticks[1]).toBe(ticks[0]);
  });
  it('refuses no studies, and a study without layer similarities', () => {
    expect(() => compareFig5([])).toThrow(/no studies/);
    expect(() => compareFig5([{ ...M.panelB, study: 'c', similarities: [] }])).toThrow(/no RE-AN \/ RE-AI layer similarities in any study/);
    expect(() => compareFig5([M.panelB, { ...M.panelB, study: 'c', similarities: [] }])).toThrow(/study c has no RE-AN/);
  });
});

describe('claims tables', () => {
  it('one study: statement, verdict in words, numbers used (headline, rest folded) and the paper\'s', async () => {
    const html = claimsTable(M.claimsA);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/claims-table.html');
    const d = doc(html);
    expect(d.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(Array.from(d.querySelectorAll('.claim-status')).map((e) => e.textContent)).toEqual(['holds', 'fails', 'not computable']);
    expect(d.querySelectorAll('details')).toHaveLength(3);
    expect(html).toContain('<b>1</b> hold, <b>1</b> fail, <b>1</b> not computable of 3');
    expect(formatClaimNumber({ name: 'layers', value: null, total: 8, note: null })).toBe('layers: <b>n/a</b>');
    expect(formatClaimNumber({ name: 'r', value: 0.12345, total: null, note: 'mean' })).toBe('r: <b>0.123</b> <small>(mean)</small>');
  });
  it('across studies: one row per claim, one verdict column per study, with the paper\'s headline', async () => {
    const html = claimsAcrossStudies([M.claimsA, M.claimsB]);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/claims-across.html');
    const rows = Array.from(doc(html).querySelectorAll('tbody tr'));
    expect(rows.map((r) => r.getAttribute('data-claim'))).toEqual(['trend_an', 'ai_above_null', 'output_reversal']);
    expect(rows.map((r) => Array.from(r.querySelectorAll('td[data-status]')).map((t) => t.getAttribute('data-status')))).toEqual([['HOLDS', 'HOLDS'], ['FAILS', 'HOLDS'], ['NOT_COMPUTABLE', 'FAILS']]);
    expect(html).toContain('layers: <b>8 / 8</b> <small>(read off Fig. 5)</small>');
    expect(() => claimsAcrossStudies([])).toThrow(/no studies/);
    expect(() => claimsTable({ ...M.claimsA, claims: [] })).toThrow(/has no claims/);
  });
});

describe('convention grid table', () => {
  it('claims x cells, a cell not computed says so, the study\'s own cell marked', async () => {
    const html = gridTable(M.grid);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/grid-table.html');
    const d = doc(html);
    expect(d.querySelectorAll('thead th')).toHaveLength(4);
    expect(d.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(d.querySelectorAll('tbody td.not-computed')).toHaveLength(3);
    expect(d.querySelectorAll('tfoot td.not-computed')).toHaveLength(1);
    expect(d.querySelector('thead th.own')?.textContent).toContain('the study\'s own');
    expect(Array.from(d.querySelectorAll('tr[data-claim="output_reversal"] td[data-status]')).map((t) => t.getAttribute('data-status'))).toEqual(['NOT_COMPUTABLE', 'FAILS']);
    expect(cellLabel(M.grid.cells[2]!)).toBe('1 − Pearson RDMs, Kendall τa comparison (100 draws)');
    expect(() => gridTable({ ...M.grid, cells: [] })).toThrow(/no grid cells/);
  });
});
