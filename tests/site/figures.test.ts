/**
 * Figure functions as SVG snapshots (tests/site/__snapshots__/), from the small fixed fixtures: numbers rounded,
 * no Plot warnings (renderPlot throws on any; console.warn is also watched), and the expected number of marks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import * as Plot from '@observablehq/plot';
import { fig1Stimuli, stimulusGallery, altText } from '../../site/src/figures/fig1-stimuli.js';
import { fig2Rdm, fittedDomain, rdmCells, rdmSize } from '../../site/src/figures/fig2-rdm.js';
import { fig2Rois } from '../../site/src/figures/fig2-rois.js';
import { fig3Similarity } from '../../site/src/figures/fig3-similarity.js';
import { fig4Searchlight, roiCentroids } from '../../site/src/figures/fig4-searchlight.js';
import { fig5Layers, trendText } from '../../site/src/figures/fig5-layers.js';
import { fig6Encoding, significantCounts } from '../../site/src/figures/fig6-encoding.js';
import { powerTable } from '../../site/src/figures/power-table.js';
import { PlotWarningError, renderPlot, roundAttributes } from '../../site/src/figures/render.js';
import * as F from './fixtures/figure-data.js';

/** Rounds any remaining long decimal (text content included) so snapshots do not churn on float noise. */
function stable(html: string): string {
  return html.replace(/-?\d+\.\d{4,}/g, (n) => Number(n).toFixed(3));
}

/** Number of drawn elements (not groups, titles or tspans; facets included) of the marks with this description. */
function marks(html: string, label: string): number {
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  return Array.from(document.querySelectorAll(`g[aria-description="${label}"]`))
    .reduce((n, g) => n + Array.from(g.querySelectorAll('*')).filter((e) => !['g', 'title', 'tspan'].includes(e.tagName.toLowerCase())).length, 0);
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => { warn = vi.spyOn(console, 'warn'); });
afterEach(() => {
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

describe('Fig. 1 stimuli', () => {
  it('shows RE, AN and AI per group with network label, probability and human percept', async () => {
    const html = fig1Stimuli(F.stimuli);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig1.html');
    expect(html.match(/<img /g)).toHaveLength(6);
    expect(html).toContain('Human: noise');
    expect(html).toContain('Network: <b>sorrel</b> 52.0&nbsp;%');
    expect(altText(F.stimuli[5]!)).toBe('adversarial interference (AI) image for ImageNet class "macaw"; network: agama (52.0 %); human percept: macaw');
  });
  it('gallery has one table per group and every image', async () => {
    const html = stimulusGallery(F.stimuli);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/gallery.html');
    expect(html.match(/<img /g)).toHaveLength(F.stimuli.length);
    expect(html.match(/<section class="gallery-group">/g)).toHaveLength(2);
    expect(html).toContain('(AI_CONTROL) image for ImageNet class');
  });
  it('refuses an empty stimulus list', () => {
    expect(() => fig1Stimuli([])).toThrow(/no RE stimuli/);
  });
});

describe('Fig. 2', () => {
  it('ROIs on the flattened patches: one dot per vertex', async () => {
    const patches = F.searchlight.filter((m) => m.pair === 'RE_AI');
    const html = fig2Rois(patches);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig2-rois.svg');
    const inRoi = patches.reduce((n, p) => n + p.roi.filter((r) => r !== null).length, 0);
    const total = patches.reduce((n, p) => n + p.x.length, 0);
    expect(marks(html, 'ROI vertex')).toBe(inRoi);
    expect(marks(html, 'vertex outside ROIs')).toBe(total - inRoi);
  });
  it('RDM heat maps: n x n cells per kind, in the order AN, RE, AI', async () => {
    const html = fig2Rdm([...F.rdms].reverse(), { title: 'sub1 · V1' });
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig2-rdm.svg');
    expect(marks(html, 'RDM cell')).toBe(3 * 4 * 4);
    expect(html.indexOf('>AN RDM<')).toBeLessThan(html.indexOf('>RE RDM<'));
    expect(html.indexOf('>RE RDM<')).toBeLessThan(html.indexOf('>AI RDM<'));
  });
  it('fits the colour scale to the values shown, states it, and labels rows, columns and cells with the categories', () => {
    // Values at 0.1-0.4, as in real RDMs: a fixed 0..2 scale would paint them all one dark colour.
    const low = F.rdms.map((r) => ({ ...r, vector: r.vector.map((v) => 0.1 + v / 8) }));
    const lo = Math.min(...low.flatMap((r) => r.vector)); const hi = Math.max(...low.flatMap((r) => r.vector));
    expect(fittedDomain(low.map((r) => r.vector))).toEqual([lo, hi]);
    const labels = Object.fromEntries(low.flatMap((r) => r.stimulusIds.map((id, i) => [id, ['Ibizan hound', 'macaw', 'police van', 'banana'][i]!])));
    const html = fig2Rdm(low, { labels });
    expect(html).toContain(`colour fitted to the values shown: ${lo.toFixed(3)} to ${hi.toFixed(3)}`);
    const { document } = parseHTML(`<html><body>${html}</body></html>`);
    const titles = Array.from(document.querySelectorAll('g[aria-description="RDM cell"] title')).map((t) => t.textContent);
    expect(titles).toHaveLength(3 * 4 * 4);
    expect(titles).toContain('RE: macaw (RE-b) vs banana (RE-d): ' + low[1]!.vector[4]!.toFixed(3));
    const ticks = Array.from(document.querySelectorAll('g[aria-label="y-axis tick label"] text')).map((t) => t.textContent);
    expect(ticks).toEqual(['Ibizan hound', 'macaw', 'police van', 'banana']);
    // The fill colours span the ramp: the extreme cells differ.
    const fills = new Set(Array.from(document.querySelectorAll('g[aria-description="RDM cell"] rect')).map((r) => r.getAttribute('fill')));
    expect(fills.size).toBeGreaterThan(10);
  });
  it('expands the pdist-order vector symmetrically', () => {
    expect(rdmSize(6)).toBe(4);
    expect(() => rdmSize(5)).toThrow(/not n\(n-1\)\/2/);
    const cells = rdmCells([1, 2, 3]);
    const at = (i: number, j: number) => cells.find((c) => c.i === i && c.j === j)!.d;
    expect([at(0, 1), at(1, 0), at(0, 2), at(2, 1), at(1, 1)]).toEqual([1, 1, 2, 3, 0]);
  });
});

describe('Fig. 3 similarity per subject x ROI', () => {
  it('draws two bars, two intervals per subject x ROI and the significance marks', async () => {
    const html = fig3Similarity({ similarities: F.roiSimilarities, differences: F.roiDifferences });
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig3.svg');
    expect(marks(html, 'bar')).toBe(2 * 2 * 3);
    expect(marks(html, 'interval')).toBe(12);
    expect(marks(html, 'significance')).toBe(F.roiSimilarities.filter((s) => s.p < 0.05).length);
    expect(marks(html, 'difference')).toBe(F.roiDifferences.filter((d) => d.p < 0.05).length);
    expect(html).toContain("Similarity (Spearman's R, unitless)");
  });
  it('refuses data without ROI similarities', () => {
    expect(() => fig3Similarity({ similarities: F.layerSimilarities, differences: [] })).toThrow(/no ROI similarities/);
  });
});

describe('Fig. 4 searchlight', () => {
  it('one square per vertex and map, ROI labels at centroids, hot scale legend 0-0.4', async () => {
    const html = fig4Searchlight(F.searchlight);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig4.svg');
    expect(marks(html, 'searchlight vertex')).toBe(F.searchlight.reduce((n, m) => n + m.values.length, 0));
    expect(marks(html, 'ROI label')).toBe(F.searchlight.length * 2);
    expect(html).toContain('sub1 · LH');
    expect(html).toContain('0.4');
    expect(roiCentroids([F.searchlight[0]!]).find((c) => c.roi === 'V1')).toMatchObject({ row: 'sub1 · LH', column: 'RE-AN', x: 1.5, y: 3 });
  });
});

describe('Fig. 5 layers', () => {
  it('bars per layer, marks, and the Mann-Kendall annotation', async () => {
    const html = fig5Layers({ similarities: F.layerSimilarities, differences: F.layerDifferences, trends: F.trends });
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig5.svg');
    expect(marks(html, 'bar')).toBe(2 * F.LAYERS.length);
    expect(marks(html, 'difference')).toBe(3);
    expect(trendText(F.trends)).toBe('Mann-Kendall over 3 layers: RE-AN increasing (τ = 1.00, p = .001); RE-AI decreasing (τ = -0.33, p = .009)');
    expect(html).toContain('Mann-Kendall over 3 layers');
  });
});

describe('Fig. 6 encoding', () => {
  it('AN then AI bars per subject x ROI x layer with significant counts', async () => {
    const html = fig6Encoding(F.encoding);
    await expect(stable(html)).toMatchFileSnapshot('__snapshots__/fig6.svg');
    expect(marks(html, 'bar')).toBe(F.encoding.length);
    expect(marks(html, 'significance')).toBe(F.encoding.filter((e) => e.p < 0.05).length);
    const c = significantCounts(F.encoding);
    expect(c.AN.of).toBe(18);
    expect(c.AI.of).toBe(18);
    expect(html).toContain(`AI ${significantCounts(F.encoding.filter((e) => e.subject === 'sub1')).AI.n}/9`);
  });
});

describe('power table', () => {
  it('one row per ROI and the mean', async () => {
    const html = powerTable(F.power);
    await expect(html).toMatchFileSnapshot('__snapshots__/power.html');
    expect(html).toContain('<td>0.955</td>');
  });
});

describe('renderPlot', () => {
  it('turns a Plot warning into an error naming the figure', () => {
    // String-encoded numbers on a linear y make Plot warn.
    expect(() => renderPlot('bad', { marks: [Plot.dot([{ x: 1, y: '2' }, { x: 2, y: '3' }], { x: 'x', y: 'y' })] })).toThrow(PlotWarningError);
    warn.mockClear();
  });
  it('rounds long decimals in attributes only', () => {
    expect(roundAttributes('<path d="M1.23456,2.5L-0.0001,3" title="x">1.23456</path>')).toBe('<path d="M1.23,2.5L0,3" title="x">1.23456</path>');
  });
});
