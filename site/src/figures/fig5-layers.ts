/**
 * Fig. 5: RE-AN and RE-AI similarity (Spearman's R between the layer's RDMs) across the network's layers and its
 * output, 95 % subsampling intervals, "*" vs the permutation null, bracket + "*" for a significant RE-AI minus
 * RE-AN difference, and the Mann-Kendall trend over layers (paper [F, pp.8-9; Fig. 5]).
 */
import * as Plot from '@observablehq/plot';
import { ALPHA, formatP, renderPlot } from './render.js';
import { bottomMargin, groupAxis, groupedBarMarks, type BarDatum, type DiffDatum } from './grouped-bars.js';
import { PAIR_COLOR, PAIR_LABEL, type DifferenceView, type SimilarityView, type TrendView } from '../lib/types.js';

export interface Fig5Data {
  /** layer x {RE_AN, RE_AI}; ROI sources and other pairs are ignored. */
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  /** Mann-Kendall tests, one per pair (may be empty: then no annotation). */
  readonly trends: readonly TrendView[];
}

export interface Fig5Options {
  /** Layer order on the x axis (default: order of first appearance). */
  readonly layers?: readonly string[];
  /** Tick labels for the layers (default: the layer names). */
  readonly layerLabels?: readonly string[];
  readonly width?: number;
}

const SLOTS = { RE_AN: 0, RE_AI: 1 } as const;

/** Trend annotation text, e.g. "Mann-Kendall over 8 layers: RE-AN increasing (τ = 0.93, p < .001); ...". */
export function trendText(trends: readonly TrendView[]): string {
  if (trends.length === 0) return '';
  const n = trends[0]!.layers.length;
  return `Mann-Kendall over ${n} layers: ` + trends.filter((t) => t.pair in SLOTS)
    .map((t) => `${PAIR_LABEL[t.pair]} ${t.direction === 'none' ? 'no trend' : t.direction} (τ = ${t.tau.toFixed(2)}, ${formatP(t.p)})`)
    .join('; ');
}

/** Fig5Data -> SVG figure (HTML string with its legend). */
export function fig5Layers(data: Fig5Data, options: Fig5Options = {}): string {
  const sims = data.similarities.flatMap((s) => (s.source.kind === 'layer' && (s.pair === 'RE_AN' || s.pair === 'RE_AI')
    ? [{ ...s, layer: s.source.layer, pair: s.pair }] : []));
  if (sims.length === 0) throw new Error('fig5Layers: no layer similarities (RE_AN / RE_AI) in the data');
  const layers = options.layers ?? [...new Set(sims.map((s) => s.layer))];
  const bars: BarDatum[] = sims.map((s) => ({
    group: layers.indexOf(s.layer), slot: SLOTS[s.pair], facet: '', series: PAIR_LABEL[s.pair],
    value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh, significant: s.p < ALPHA,
  }));
  const diffs: DiffDatum[] = data.differences.flatMap((d) => (d.source.kind === 'layer'
    ? [{ group: layers.indexOf(d.source.layer), facet: '', fromSlot: 0, toSlot: 1, significant: d.p < ALPHA }] : []));
  const trend = trendText(data.trends);
  const labels = options.layerLabels ?? layers;
  return renderPlot('fig5', {
    width: options.width ?? 760,
    height: 340 + bottomMargin(labels),
    marginLeft: 56,
    marginBottom: bottomMargin(labels),
    subtitle: trend || undefined,
    ariaLabel: 'Figure 5: RE-AN and RE-AI similarity across network layers',
    ariaDescription: `Grouped bars per layer: light RE-AN and dark RE-AI similarity (Spearman correlation between RDMs) with 95% intervals; asterisks mark p < .05. ${trend}`,
    x: groupAxis(labels, 'Network layer (read-out)'),
    y: { label: "Similarity (Spearman's R, unitless)", grid: true, nice: true },
    color: { domain: [PAIR_LABEL.RE_AN, PAIR_LABEL.RE_AI], range: [PAIR_COLOR.RE_AN, PAIR_COLOR.RE_AI], legend: true },
    marks: [
      Plot.ruleY([0], { stroke: '#555' }),
      ...groupedBarMarks(bars, diffs, 2, false),
    ],
  });
}
