/**
 * Fig. 4: searchlight maps of RE-AN and RE-AI similarity on the flattened cortical patch of each subject (rows)
 * and hemisphere (columns: RE-AN LH, RE-AN RH, RE-AI LH, RE-AI RH), one square per searchlight centre vertex,
 * coloured by Spearman's R on the paper's black-red-yellow-white ("hot") scale clamped to 0-0.4 [F, p.7; Fig. 4].
 * The hot scale is monotonic in lightness, so it stays readable in grey. ROI names are written at ROI centroids.
 */
import * as Plot from '@observablehq/plot';
import { figureHtml, rampLegend, renderPlot } from './render.js';
import { PAIR_LABEL, type SearchlightView } from '../lib/types.js';
import { markerRadius, patchLayout } from './patch-layout.js';

export interface Fig4Options {
  readonly subjects?: readonly string[];
  /** Colour domain [min, max] in Spearman's R (default the paper's [0, 0.4]). */
  readonly domain?: readonly [number, number];
  /** Marker radius in px (default: half the vertex spacing, see patch-layout.ts). */
  readonly r?: number;
  readonly width?: number;
}

/** Stops of the "hot" colour map (black -> red -> yellow -> white). */
export const HOT = ['#000000', '#e00000', '#ffd000', '#ffffff'] as const;

interface Vertex { row: string; column: string; x: number; y: number; value: number }

/** Row label of a map, e.g. "sub1 · RH". */
export function mapRow(m: Pick<SearchlightView, 'subject' | 'hemisphere'>): string {
  return `${m.subject} · ${m.hemisphere}`;
}

/** ROI label positions: centroid of each ROI's vertices per map. */
export function roiCentroids(maps: readonly Pick<SearchlightView, 'subject' | 'pair' | 'hemisphere' | 'x' | 'y' | 'roi'>[]): { row: string; column: string; roi: string; x: number; y: number }[] {
  return maps.flatMap((m) => {
    const acc = new Map<string, { sx: number; sy: number; n: number }>();
    m.roi.forEach((r, i) => {
      if (r === null) return;
      const a = acc.get(r) ?? { sx: 0, sy: 0, n: 0 };
      a.sx += m.x[i]!; a.sy += m.y[i]!; a.n++;
      acc.set(r, a);
    });
    return [...acc].map(([roi, a]) => ({ row: mapRow(m), column: PAIR_LABEL[m.pair], roi, x: a.sx / a.n, y: a.sy / a.n }));
  });
}

/** [maps over subject x hemisphere x {RE_AN, RE_AI}] -> SVG figure (HTML string with its colour legend). */
export function fig4Searchlight(maps: readonly SearchlightView[], options: Fig4Options = {}): string {
  const ms = maps.filter((m) => m.pair === 'RE_AN' || m.pair === 'RE_AI');
  if (ms.length === 0 || ms.every((m) => m.values.length === 0)) throw new Error('fig4Searchlight: no RE_AN / RE_AI searchlight values');
  const subjects = options.subjects ?? [...new Set(ms.map((m) => m.subject))];
  const rows = subjects.flatMap((s) => (['LH', 'RH'] as const).map((h) => mapRow({ subject: s, hemisphere: h })))
    .filter((r) => ms.some((m) => mapRow(m) === r));
  const columns = [PAIR_LABEL.RE_AN, PAIR_LABEL.RE_AI].filter((c) => ms.some((m) => PAIR_LABEL[m.pair] === c));
  const L = patchLayout(ms);
  const vertices: Vertex[] = ms.flatMap((m) => m.values.map((value, i) => ({ row: mapRow(m), column: PAIR_LABEL[m.pair], x: L.h(m.x[i]!, m.y[i]!), y: L.v(m.x[i]!, m.y[i]!), value })));
  const [lo, hi] = options.domain ?? [0, 0.4];
  const width = options.width ?? 880;
  const panel = (width - 150) / columns.length; // px per panel, for the marker size
  const color = { type: 'linear' as const, domain: HOT.map((_c, i) => lo + ((hi - lo) * i) / (HOT.length - 1)), range: [...HOT], clamp: true };
  return figureHtml('fig4', rampLegend('fig4', color, "Similarity (Spearman's R, unitless)"), renderPlot('fig4', {
    width,
    aspectRatio: 1,
    marginTop: 30,
    marginLeft: 40,
    marginRight: 110,
    ariaLabel: 'Figure 4: searchlight maps of RE-AN and RE-AI similarity',
    ariaDescription: `Flattened cortical patches per subject (rows) and hemisphere, for RE-AN and RE-AI similarity; colour from black (${lo}) through red and yellow to white (${hi}) Spearman's R.`,
    x: { label: L.xLabel, ticks: 4 },
    y: { label: L.yLabel, ticks: 3 },
    fx: { label: null, domain: columns },
    fy: { label: 'Subject · hemisphere', domain: rows, padding: 0.1 },
    color,
    style: { background: '#fff' },
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.dot(vertices, { x: 'x', y: 'y', fx: 'column', fy: 'row', fill: 'value', r: options.r ?? markerRadius(L, panel), symbol: 'square', ariaDescription: 'searchlight vertex' }),
      Plot.text(roiCentroids(ms).map((c) => ({ ...c, x: L.h(c.x, c.y), y: L.v(c.x, c.y) })), { x: 'x', y: 'y', fx: 'column', fy: 'row', text: 'roi', fill: '#fff', stroke: '#000', strokeWidth: 2.5, paintOrder: 'stroke', fontWeight: 'bold', ariaDescription: 'ROI label' }),
    ],
  }));
}
