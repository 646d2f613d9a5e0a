/**
 * Fig. 4: searchlight maps of RE-AN and RE-AI similarity on the flattened cortical patch of each subject (rows)
 * and hemisphere (columns: RE-AN LH, RE-AN RH, RE-AI LH, RE-AI RH), one square per searchlight centre vertex,
 * coloured by Spearman's R on the paper's black-red-yellow-white ("hot") scale clamped to 0-0.4 [F, p.7; Fig. 4].
 * The hot scale is monotonic in lightness, so it stays readable in grey. ROI names are written at ROI centroids.
 */
import * as Plot from '@observablehq/plot';
import { figureHtml, rampLegend, renderPlot } from './render.js';
import { PAIR_LABEL, type SearchlightView } from '../lib/types.js';

export interface Fig4Options {
  readonly subjects?: readonly string[];
  /** Colour domain [min, max] in Spearman's R (default the paper's [0, 0.4]). */
  readonly domain?: readonly [number, number];
  /** Dot radius in px (default 2.2). */
  readonly r?: number;
  readonly width?: number;
}

/** Stops of the "hot" colour map (black -> red -> yellow -> white). */
export const HOT = ['#000000', '#e00000', '#ffd000', '#ffffff'] as const;

interface Vertex { subject: string; column: string; x: number; y: number; value: number }

/** Column label of a map, e.g. "RE-AI · RH". */
export function mapColumn(m: Pick<SearchlightView, 'pair' | 'hemisphere'>): string {
  return `${PAIR_LABEL[m.pair]} · ${m.hemisphere}`;
}

/** ROI label positions: centroid of each ROI's vertices per map. */
export function roiCentroids(maps: readonly Pick<SearchlightView, 'subject' | 'pair' | 'hemisphere' | 'x' | 'y' | 'roi'>[]): { subject: string; column: string; roi: string; x: number; y: number }[] {
  return maps.flatMap((m) => {
    const acc = new Map<string, { sx: number; sy: number; n: number }>();
    m.roi.forEach((r, i) => {
      if (r === null) return;
      const a = acc.get(r) ?? { sx: 0, sy: 0, n: 0 };
      a.sx += m.x[i]!; a.sy += m.y[i]!; a.n++;
      acc.set(r, a);
    });
    return [...acc].map(([roi, a]) => ({ subject: m.subject, column: mapColumn(m), roi, x: a.sx / a.n, y: a.sy / a.n }));
  });
}

/** [maps over subject x hemisphere x {RE_AN, RE_AI}] -> SVG figure (HTML string with its colour legend). */
export function fig4Searchlight(maps: readonly SearchlightView[], options: Fig4Options = {}): string {
  const ms = maps.filter((m) => m.pair === 'RE_AN' || m.pair === 'RE_AI');
  if (ms.length === 0 || ms.every((m) => m.values.length === 0)) throw new Error('fig4Searchlight: no RE_AN / RE_AI searchlight values');
  const subjects = options.subjects ?? [...new Set(ms.map((m) => m.subject))];
  const columns = (['RE_AN', 'RE_AI'] as const).flatMap((p) => (['LH', 'RH'] as const).map((h) => mapColumn({ pair: p, hemisphere: h })))
    .filter((c) => ms.some((m) => mapColumn(m) === c));
  const vertices: Vertex[] = ms.flatMap((m) => m.values.map((value, i) => ({ subject: m.subject, column: mapColumn(m), x: m.x[i]!, y: m.y[i]!, value })));
  const [lo, hi] = options.domain ?? [0, 0.4];
  const width = options.width ?? 880;
  const color = { type: 'linear' as const, domain: HOT.map((_c, i) => lo + ((hi - lo) * i) / (HOT.length - 1)), range: [...HOT], clamp: true };
  return figureHtml('fig4', rampLegend('fig4', color, "Similarity (Spearman's R, unitless)"), renderPlot('fig4', {
    width,
    height: Math.round(((width - 80) / columns.length) * 0.85 * subjects.length) + 110,
    marginLeft: 40,
    marginRight: 60,
    ariaLabel: 'Figure 4: searchlight maps of RE-AN and RE-AI similarity',
    ariaDescription: `Flattened cortical patches per subject (rows) and hemisphere, for RE-AN and RE-AI similarity; colour from black (${lo}) through red and yellow to white (${hi}) Spearman's R.`,
    x: { label: 'Flattened cortex x (mm)', ticks: 3 },
    y: { label: 'Flattened cortex y (mm)', ticks: 3 },
    fx: { label: null, domain: columns },
    fy: { label: 'Subject', domain: subjects },
    color,
    style: { background: '#fff' },
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.dot(vertices, { x: 'x', y: 'y', fx: 'column', fy: 'subject', fill: 'value', r: options.r ?? 2.2, symbol: 'square', ariaDescription: 'searchlight vertex' }),
      Plot.text(roiCentroids(ms), { x: 'x', y: 'y', fx: 'column', fy: 'subject', text: 'roi', fill: '#fff', stroke: '#000', strokeWidth: 2.5, paintOrder: 'stroke', fontWeight: 'bold', ariaDescription: 'ROI label' }),
    ],
  }));
}
