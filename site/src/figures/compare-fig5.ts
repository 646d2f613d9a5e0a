/**
 * The comparison page's figure (issue 11, item 4): Fig. 5 (RE-AN and RE-AI similarity per layer, paper §3.2) of
 * every served study side by side, one panel per study and network, all on ONE y scale so that heights compare
 * across networks. The x axis uses the paper's numbering (1..8 the analysed read-outs, "out" the output), and each
 * panel states which of its network's read-outs is layer 1..8 and the output (the layer mapping), since the same
 * number names different layers in different networks. Extra read-outs (e.g. MobileNet logits) are left out of
 * the panels and named under them.
 *
 * Marks per panel as in grouped-bars.ts ("bar", "interval", "significance", "difference", "difference star").
 */
import * as Plot from '@observablehq/plot';
import { layerRole, OUTPUT_ORDINAL } from '../../../server/src/domain/layer-role.js';
import { ALPHA, esc, renderPlot } from './render.js';
import { groupAxis, groupedBarMarks, type BarDatum, type DiffDatum } from './grouped-bars.js';
import { trendText } from './fig5-layers.js';
import { PAIR_COLOR, PAIR_LABEL, type DifferenceView, type SimilarityView, type TrendView } from '../lib/types.js';

export interface ComparePanel {
  readonly study: string;
  readonly network: string;
  readonly networkDescription: string;
  /** Every read-out of the network with its ordinal (domain/layer-role.ts: 1..8 analysed, 9 output, else extra). */
  readonly layers: readonly { readonly name: string; readonly ordinal: number }[];
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  readonly trends: readonly TrendView[];
  /** Panel heading (default "<study>: <network>"), e.g. a grid cell's convention. */
  readonly title?: string;
}

export interface CompareOptions {
  /** Width of one panel in px (default 460). */
  readonly panelWidth?: number;
}

const SLOTS = { RE_AN: 0, RE_AI: 1 } as const;

/** The x tick of an ordinal: "1".."8", "out" for the output. */
export function ordinalTick(ordinal: number): string {
  return ordinal === OUTPUT_ORDINAL ? 'out' : String(ordinal);
}

/** Analysed layers (by ordinal) then the output: what a panel draws, in order. */
export function panelLayers(p: ComparePanel): { name: string; ordinal: number }[] {
  return p.layers.filter((l) => layerRole(l.ordinal) !== 'extra').map((l) => ({ name: l.name, ordinal: l.ordinal })).sort((a, b) => a.ordinal - b.ordinal);
}

/** "1 = conv1, 2 = conv2, ..., out = prob" (the panel's layer mapping), and the extra read-outs left out. */
export function layerMapping(p: ComparePanel): { mapping: string; extra: string[] } {
  return {
    mapping: panelLayers(p).map((l) => `${ordinalTick(l.ordinal)} = ${l.name}`).join(', '),
    extra: p.layers.filter((l) => layerRole(l.ordinal) === 'extra').map((l) => l.name),
  };
}

/** The one y domain of every panel: 0, every value and interval end, every study. */
export function sharedYDomain(panels: readonly ComparePanel[]): [number, number] {
  const ys = panels.flatMap((p) => {
    const drawn = new Set(panelLayers(p).map((l) => l.name));
    return p.similarities.filter((s) => s.source.kind === 'layer' && drawn.has(s.source.layer) && s.pair in SLOTS).flatMap((s) => [s.value, s.ciLow, s.ciHigh]);
  }).filter(Number.isFinite);
  if (ys.length === 0) throw new Error('compareFig5: no RE-AN / RE-AI layer similarities in any study');
  const lo = Math.min(0, ...ys);
  const hi = Math.max(0, ...ys);
  // Headroom for the "*" and the difference bracket above the highest interval.
  return [lo < 0 ? lo - 0.1 * (hi - lo) : 0, hi + 0.2 * (hi - lo || 1)];
}

function panelSvg(p: ComparePanel, y: [number, number], width: number, n: number): string {
  const layers = panelLayers(p);
  const index = new Map(layers.map((l, i) => [l.name, i]));
  const bars: BarDatum[] = p.similarities.flatMap((s) => (s.source.kind === 'layer' && index.has(s.source.layer) && (s.pair === 'RE_AN' || s.pair === 'RE_AI')
    ? [{ group: index.get(s.source.layer)!, slot: SLOTS[s.pair], facet: '', series: PAIR_LABEL[s.pair], value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh, significant: s.p < ALPHA }]
    : []));
  if (bars.length === 0) throw new Error(`compareFig5: study ${p.study} has no RE-AN / RE-AI similarities in layers 1..8 or the output`);
  const diffs: DiffDatum[] = p.differences.flatMap((d) => (d.source.kind === 'layer' && index.has(d.source.layer)
    ? [{ group: index.get(d.source.layer)!, facet: '', fromSlot: 0, toSlot: 1, significant: d.p < ALPHA }] : []));
  const ticks = layers.map((l) => ordinalTick(l.ordinal));
  return renderPlot(`compare-${n}`, {
    width, height: 300, marginLeft: 52, marginBottom: 40,
    ariaLabel: `Figure 5 of study ${p.study} (${p.network}): RE-AN and RE-AI similarity per layer`,
    ariaDescription: `Grouped bars per layer (1..8 and output) on the shared y scale ${y[0].toFixed(2)} to ${y[1].toFixed(2)}: light RE-AN, dark RE-AI, 95% intervals, asterisks p < .05.`,
    x: groupAxis(ticks, 'Layer (paper numbering; out = output)'),
    y: { label: 'Similarity (RDM correlation)', grid: true, domain: y },
    color: { domain: [PAIR_LABEL.RE_AN, PAIR_LABEL.RE_AI], range: [PAIR_COLOR.RE_AN, PAIR_COLOR.RE_AI], legend: false },
    marks: [Plot.ruleY([0], { stroke: '#555' }), ...groupedBarMarks(bars, diffs, 2, false)],
  });
}

/** Every study's Fig. 5 side by side on one y scale, each with its network and layer mapping. HTML string. */
export function compareFig5(panels: readonly ComparePanel[], options: CompareOptions = {}): string {
  if (panels.length === 0) throw new Error('compareFig5: no studies');
  const y = sharedYDomain(panels);
  const width = options.panelWidth ?? 460;
  // Inline styles: the figure is injected HTML, which a page's scoped styles do not reach.
  const swatch = (c: string) => `<span class="swatch" style="display:inline-block;width:.9rem;height:.9rem;border:1px solid #222;vertical-align:middle;background:${c}"></span>`;
  const legend = `<p class="compare-legend">${swatch(PAIR_COLOR.RE_AN)} ${PAIR_LABEL.RE_AN} &nbsp; ${swatch(PAIR_COLOR.RE_AI)} ${PAIR_LABEL.RE_AI}; `
    + `${panels.length > 1 ? 'one y scale for every panel' : 'y scale'} (${y[0].toFixed(2)} to ${y[1].toFixed(2)}).</p>`;
  const small = 'style="margin:.2rem 0;font-size:.8rem"';
  const cells = panels.map((p, n) => {
    const { mapping, extra } = layerMapping(p);
    const trend = trendText(p.trends);
    return `<section class="compare-panel" data-study="${esc(p.study)}" style="flex:0 0 ${width}px;max-width:${width}px">`
      + `<h3 style="margin:.25rem 0;font-size:1rem">${esc(p.title ?? `${p.study}: ${p.network}`)}</h3>`
      + (p.networkDescription ? `<p class="network" ${small}>${esc(p.networkDescription)}</p>` : '') + panelSvg(p, y, width, n)
      + `<p class="mapping" ${small}><b>Layer mapping:</b> ${esc(mapping)}.${extra.length ? ` Not drawn (extra read-outs): ${esc(extra.join(', '))}.` : ''}</p>`
      + (trend ? `<p class="trend" ${small}>${esc(trend)}</p>` : '') + '</section>';
  });
  return `<div class="arsa-figure arsa-figure-compare">${legend}<div class="compare-grid" style="display:flex;flex-wrap:wrap;gap:1rem">${cells.join('')}</div></div>`;
}
