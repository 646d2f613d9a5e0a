/**
 * Fig. 3: RE-AN and RE-AI similarity (Spearman's R between RDMs) per subject (rows) and ROI (x), with 95 %
 * subsampling intervals, "*" above a bar when its similarity beats the permutation null (p < .05), and a bracket
 * with "*" over the pair when RE-AI minus RE-AN is significant (paper [F, p.8; Fig. 3]).
 *
 * Paired bars stay distinguishable in grey: RE-AN is light blue, RE-AI dark red (the paper's hues, with a
 * lightness order that survives greyscale printing), both outlined.
 */
import * as Plot from '@observablehq/plot';
import { ALPHA, renderPlot } from './render.js';
import { groupAxis, groupedBarMarks, type BarDatum, type DiffDatum } from './grouped-bars.js';
import { PAIR_COLOR, PAIR_LABEL, type DifferenceView, type SimilarityView } from '../lib/types.js';

export interface Fig3Options {
  /** ROI order on the x axis (default: order of first appearance). */
  readonly rois?: readonly string[];
  readonly subjects?: readonly string[];
  readonly width?: number;
}

export interface Fig3Data {
  /** subject x ROI x {RE_AN, RE_AI}; other pairs and layer sources are ignored. */
  readonly similarities: readonly SimilarityView[];
  /** subject x ROI: RE-AI minus RE-AN. */
  readonly differences: readonly DifferenceView[];
}

const SLOTS = { RE_AN: 0, RE_AI: 1 } as const;

/** Fig3Data -> SVG figure (HTML string with its legend). */
export function fig3Similarity(data: Fig3Data, options: Fig3Options = {}): string {
  const sims = data.similarities.flatMap((s) => (s.source.kind === 'roi' && (s.pair === 'RE_AN' || s.pair === 'RE_AI')
    ? [{ ...s, roi: s.source.roi as string, subject: s.source.subject, pair: s.pair }] : []));
  if (sims.length === 0) throw new Error('fig3Similarity: no ROI similarities (RE_AN / RE_AI) in the data');
  const rois = options.rois ?? unique(sims.map((s) => s.roi));
  const subjects = options.subjects ?? unique(sims.map((s) => s.subject));
  const bars: BarDatum[] = sims.map((s) => ({
    group: rois.indexOf(s.roi), slot: SLOTS[s.pair], facet: s.subject, series: PAIR_LABEL[s.pair],
    value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh, significant: s.p < ALPHA,
  }));
  const diffs: DiffDatum[] = data.differences.flatMap((d) => (d.source.kind === 'roi'
    ? [{ group: rois.indexOf(d.source.roi), facet: d.source.subject, fromSlot: 0, toSlot: 1, significant: d.p < ALPHA }] : []));
  return renderPlot('fig3', {
    width: options.width ?? 760,
    height: 160 * subjects.length + 80,
    marginLeft: 56,
    marginRight: 70,
    ariaLabel: 'Figure 3: RE-AN and RE-AI similarity per subject and ROI',
    ariaDescription: 'Grouped bars: for each subject (row) and ROI, a light RE-AN bar and a dark RE-AI bar (Spearman correlation between RDMs) with 95% intervals; asterisks mark p < .05.',
    x: groupAxis(rois, 'Region of interest'),
    y: { label: "Similarity (Spearman's R, unitless)", grid: true, nice: true },
    fy: { label: 'Subject', domain: subjects, padding: 0.12 },
    color: { domain: [PAIR_LABEL.RE_AN, PAIR_LABEL.RE_AI], range: [PAIR_COLOR.RE_AN, PAIR_COLOR.RE_AI], legend: true },
    marks: [Plot.ruleY([0], { stroke: '#555' }), ...groupedBarMarks(bars, diffs, 2, true)],
  });
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
