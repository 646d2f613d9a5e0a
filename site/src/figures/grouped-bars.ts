/**
 * Grouped bars with 95 % intervals and significance marks, shared by Fig. 3, 5 and 6. Bars are placed on a
 * numeric x axis (group i centred on x = i, `nSlots` bars side by side) so that the difference bracket can span
 * a pair of bars, which a band scale cannot express.
 *
 * Marks (ariaDescription of the mark group, used by the tests to count): "bar" (one rect per datum), "interval" (one rule per
 * datum), "significance" ("*" per bar with p < .05 vs the permutation null), "difference" (bracket per group
 * with a significant RE-AI minus RE-AN difference) and "difference star".
 */
import * as Plot from '@observablehq/plot';

export interface BarDatum {
  /** Index of the group on the x axis (0-based) and of the bar within it (0..nSlots-1). */
  readonly group: number;
  readonly slot: number;
  /** Facet row (e.g. subject), or "" when not faceted. */
  readonly facet: string;
  /** Colour-scale key (legend entry), e.g. "RE-AN" or "AI layer 3". */
  readonly series: string;
  readonly value: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly significant: boolean;
}

export interface DiffDatum {
  readonly group: number;
  readonly facet: string;
  /** Slots the bracket spans. */
  readonly fromSlot: number;
  readonly toSlot: number;
  readonly significant: boolean;
}

/** Fraction of the unit group width filled by bars. */
const GROUP_WIDTH = 0.84;

export function slotCenter(group: number, slot: number, nSlots: number): number {
  const w = GROUP_WIDTH / nSlots;
  return group - GROUP_WIDTH / 2 + (slot + 0.5) * w;
}

/**
 * Marks for grouped bars. `hollow` series are drawn with a light fill and a dark outline (greyscale readable);
 * `faceted` adds fy = facet. `yRange` = [min, max] of the plotted y, used to offset marks above intervals.
 */
export function groupedBarMarks(bars: readonly BarDatum[], diffs: readonly DiffDatum[], nSlots: number, faceted: boolean): Plot.Markish[] {
  const w = (GROUP_WIDTH / nSlots) * 0.9;
  const fy = faceted ? { fy: 'facet' } : {};
  const ys = bars.flatMap((b) => [b.ciLow, b.ciHigh, b.value, 0]);
  const span = Math.max(...ys) - Math.min(...ys) || 1;
  const pad = span * 0.05;
  const x = (b: BarDatum) => slotCenter(b.group, b.slot, nSlots);
  const topOf = new Map<string, number>();
  for (const b of bars) {
    const k = `${b.facet}|${b.group}`;
    topOf.set(k, Math.max(topOf.get(k) ?? -Infinity, b.ciHigh + (b.significant ? 2.4 * pad : pad)));
  }
  const sigDiffs = diffs.filter((d) => d.significant && topOf.has(`${d.facet}|${d.group}`)).map((d) => ({
    ...d, y: topOf.get(`${d.facet}|${d.group}`)! + pad,
    x1: slotCenter(d.group, d.fromSlot, nSlots), x2: slotCenter(d.group, d.toSlot, nSlots),
  }));
  return [
    Plot.rect(bars, {
      x1: (b: BarDatum) => x(b) - w / 2, x2: (b: BarDatum) => x(b) + w / 2, y1: 0, y2: 'value',
      fill: 'series', stroke: '#222', strokeWidth: 0.75, ...fy, ariaDescription: 'bar',
      title: (b: BarDatum) => `${b.facet ? `${b.facet}, ` : ''}${b.series}: ${b.value.toFixed(3)} [${b.ciLow.toFixed(3)}, ${b.ciHigh.toFixed(3)}]${b.significant ? ', p < .05' : ''}`,
    }),
    Plot.ruleX(bars, { x, y1: 'ciLow', y2: 'ciHigh', stroke: '#000', strokeWidth: 1.2, ...fy, ariaDescription: 'interval' }),
    Plot.text(bars.filter((b) => b.significant), {
      x, y: (b: BarDatum) => b.ciHigh + pad * 0.4, text: () => '*', fontSize: 14, lineAnchor: 'top', dy: -10,
      ...fy, ariaDescription: 'significance',
    }),
    Plot.link(sigDiffs, { x1: 'x1', x2: 'x2', y1: 'y', y2: 'y', stroke: '#000', ...fy, ariaDescription: 'difference' }),
    Plot.text(sigDiffs, {
      x: (d: { x1: number; x2: number }) => (d.x1 + d.x2) / 2, y: 'y', text: () => '*', fontSize: 14, dy: -4,
      ...fy, ariaDescription: 'difference star',
    }),
  ];
}

/** Numeric x axis labelled with group names at integer positions; long names are rotated (see marginFor). */
export function groupAxis(names: readonly string[], label: string): Plot.ScaleOptions {
  return {
    label, domain: [-0.5, names.length - 0.5], ticks: names.map((_n, i) => i),
    tickFormat: (i: number) => names[i] ?? '', tickSize: 0, ...(rotated(names) ? { tickRotate: -30 } : {}),
  };
}

/** Whether tick labels would collide (long names, ~6 px per character at 10 px). */
export function rotated(names: readonly string[]): boolean {
  return Math.max(...names.map((n) => n.length)) > 7 && names.length > 4;
}

/** Bottom margin fitting the (possibly rotated) group labels. */
export function bottomMargin(names: readonly string[]): number {
  return rotated(names) ? Math.min(140, 30 + 3.5 * Math.max(...names.map((n) => n.length))) : 40;
}
