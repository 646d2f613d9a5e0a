/**
 * Fig. 2A: the ROIs (V1, V2, V3, V4, LO) on the flattened cortical patch of each subject and hemisphere (rows),
 * one dot per vertex, equal mm on both axes (patch-layout.ts). ROIs differ by colour (cividis order: dark -> light, readable in grey) and by
 * symbol; vertices outside any ROI are small grey dots. The paper draws these on inflated spheres [F, Fig. 2A];
 * the service's cortical sheet is flat, so the patch is drawn as is.
 */
import * as Plot from '@observablehq/plot';
import { renderPlot } from './render.js';
import type { RoiPatchView } from '../lib/types.js';
import { markerRadius, patchLayout } from './patch-layout.js';

export interface Fig2RoisOptions {
  readonly rois?: readonly string[];
  readonly subjects?: readonly string[];
  readonly width?: number;
}

/** Dark-to-light cividis stops, one per ROI in the paper's order (V1 darkest). */
export const ROI_COLORS = ['#00204d', '#414d6b', '#7c7b78', '#bcaf6f', '#ffea46'];
export const ROI_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'star'] as const;

/** [patches over subject x hemisphere] -> SVG figure (HTML string with its legend). */
export function fig2Rois(patches: readonly RoiPatchView[], options: Fig2RoisOptions = {}): string {
  if (patches.length === 0 || patches.every((p) => p.x.length === 0)) throw new Error('fig2Rois: no vertices');
  const rois = options.rois ?? ['V1', 'V2', 'V3', 'V4', 'LO'];
  const subjects = options.subjects ?? [...new Set(patches.map((p) => p.subject))];
  const L = patchLayout(patches);
  const rowOf = (p: { subject: string; hemisphere: string }) => `${p.subject} · ${p.hemisphere}`;
  const rows = subjects.flatMap((s) => ['LH', 'RH'].map((h) => rowOf({ subject: s, hemisphere: h }))).filter((r) => patches.some((p) => rowOf(p) === r));
  const vertices = patches.flatMap((p) => p.x.map((x, i) => ({ row: rowOf(p), x: L.h(x, p.y[i]!), y: L.v(x, p.y[i]!), roi: p.roi[i] ?? null })));
  const inRoi = vertices.filter((v) => v.roi !== null);
  const outside = vertices.filter((v) => v.roi === null);
  const width = options.width ?? 640;
  const r = markerRadius(L, width - 150);
  return renderPlot('fig2-rois', {
    width,
    aspectRatio: 1,
    marginTop: 30,
    marginLeft: 40,
    marginRight: 110,
    ariaLabel: 'Figure 2A: regions of interest on the flattened cortex of each subject',
    ariaDescription: `One dot per vertex of the flattened patch, per subject and hemisphere; ROIs ${rois.join(', ')} differ by colour lightness and symbol; grey dots are outside every ROI.`,
    x: { label: L.xLabel, ticks: 5 },
    y: { label: L.yLabel, ticks: 3 },
    fy: { label: 'Subject · hemisphere', domain: rows, padding: 0.1 },
    color: { domain: rois, range: ROI_COLORS.slice(0, rois.length), legend: true, label: 'ROI' },
    symbol: { domain: rois, range: ROI_SYMBOLS.slice(0, rois.length) as unknown as string[] },
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.dot(outside, { x: 'x', y: 'y', fy: 'row', r: Math.max(0.8, r / 2), fill: '#ccc', ariaDescription: 'vertex outside ROIs' }),
      Plot.dot(inRoi, { x: 'x', y: 'y', fy: 'row', fill: 'roi', symbol: 'roi', stroke: '#000', strokeWidth: 0.2, r: Math.max(1.5, r * 1.2), ariaDescription: 'ROI vertex' }),
    ],
  });
}
