/**
 * Fig. 6: accuracy of vertex encoding models trained on the RE images and tested on AN and AI images (Pearson r
 * between predicted and measured responses) per subject (rows), ROI (groups) and layer (bars: AN layers first,
 * then AI layers), with 95 % vertex-subsampling intervals, "*" for p < .05 vs the permutation null (two-sided on
 * |r|), and the count of significant models per kind (the paper's "113 out of 120") [F, p.9; Fig. 6].
 *
 * Colours: AN dark blue -> light blue, AI dark red -> yellow along the layers (the paper's cold/warm), both
 * lightness ramps, so grey prints keep the layer order; AN vs AI is also told apart by position (left/right half
 * of each ROI group) and by the legend order.
 */
import * as Plot from '@observablehq/plot';
import { ALPHA, esc, figureHtml, renderPlot } from './render.js';
import { groupAxis, groupedBarMarks, type BarDatum } from './grouped-bars.js';
import type { EncodingView } from '../lib/types.js';

export interface Fig6Options {
  readonly rois?: readonly string[];
  readonly layers?: readonly string[];
  readonly subjects?: readonly string[];
  readonly width?: number;
}

export interface SignificantCounts { readonly AI: { n: number; of: number }; readonly AN: { n: number; of: number } }

/** Counts significant models (p < .05) per test kind, e.g. {AI: {n: 113, of: 120}, AN: {n: 9, of: 120}}. */
export function significantCounts(records: readonly EncodingView[]): SignificantCounts {
  const count = (k: 'AI' | 'AN') => {
    const rs = records.filter((r) => r.testKind === k);
    return { n: rs.filter((r) => r.p < ALPHA).length, of: rs.length };
  };
  return { AI: count('AI'), AN: count('AN') };
}

function ramp(from: [number, number, number], to: [number, number, number], t: number): string {
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c.join(',')})`;
}

/** [records over subject x ROI x layer x {AN, AI}] -> SVG figure (HTML string with its legend). */
export function fig6Encoding(records: readonly EncodingView[], options: Fig6Options = {}): string {
  const rs = records.filter((r) => r.testKind === 'AI' || r.testKind === 'AN');
  if (rs.length === 0) throw new Error('fig6Encoding: no AI / AN encoding records in the data');
  const rois = options.rois ?? [...new Set(rs.map((r) => r.roi as string))];
  const layers = options.layers ?? [...new Set(rs.map((r) => r.layer))];
  const subjects = options.subjects ?? [...new Set(rs.map((r) => r.subject))];
  const nL = layers.length;
  const t = (i: number) => (nL > 1 ? i / (nL - 1) : 0);
  // Legend entries by layer number (names can be long); the key below the figure maps numbers to names.
  const series = (k: string, i: number) => `${k} ${i + 1}`;
  const domain = [...layers.map((_l, i) => series('AN', i)), ...layers.map((_l, i) => series('AI', i))];
  const range = [
    ...layers.map((_l, i) => ramp([8, 48, 107], [158, 225, 240], t(i))),
    ...layers.map((_l, i) => ramp([127, 0, 0], [255, 230, 80], t(i))),
  ];
  const bars: BarDatum[] = rs.map((r) => {
    const li = layers.indexOf(r.layer);
    return {
      group: rois.indexOf(r.roi), slot: (r.testKind === 'AN' ? 0 : nL) + li, facet: r.subject, series: series(r.testKind, li),
      value: r.r, ciLow: r.ciLow, ciHigh: r.ciHigh, significant: r.p < ALPHA,
    };
  });
  const counts = new Map(subjects.map((s) => {
    const c = significantCounts(rs.filter((r) => r.subject === s));
    return [s, `${s}\nAI ${c.AI.n}/${c.AI.of}\nAN ${c.AN.n}/${c.AN.of}`];
  }));
  const all = significantCounts(rs);
  const key = `<p class="layer-key" style="font-size: .8rem">Layers: ${layers.map((l, i) => `${i + 1} = ${esc(l)}`).join(', ')}. Row labels: significant models (p &lt; .05) of each subject.</p>`;
  return figureHtml('fig6', '', renderPlot('fig6', {
    width: options.width ?? 900,
    height: 170 * subjects.length + 110,
    marginLeft: 56,
    marginRight: 80,
    ariaLabel: 'Figure 6: encoding accuracy on AN and AI images per subject, ROI and layer',
    ariaDescription: `Grouped bars: for each subject (row) and ROI, AN models (blue, layers in order) then AI models (red to yellow), Pearson r with 95% intervals; asterisks mark p < .05. Significant: AI ${all.AI.n}/${all.AI.of}, AN ${all.AN.n}/${all.AN.of}.`,
    x: groupAxis(rois, 'Region of interest (bars: AN layers, then AI layers)'),
    y: { label: "Prediction accuracy (Pearson's r, unitless)", grid: true, nice: true },
    fy: { label: 'Subject (significant models)', domain: subjects, padding: 0.12, tickFormat: (s: string) => counts.get(s) ?? s },
    color: { domain, range, legend: true, columns: nL } as Plot.ScaleOptions,
    marks: [
      Plot.ruleY([0], { stroke: '#555' }),
      ...groupedBarMarks(bars, [], 2 * nL, true),
    ],
  }) + key);
}
