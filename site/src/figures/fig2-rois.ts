/**
 * Fig. 2A: the ROIs (V1, V2, V3, V4, LO) on the flattened cortical patch of each subject (rows) and hemisphere
 * (columns), one dot per vertex. ROIs differ by colour (cividis order: dark -> light, readable in grey) and by
 * symbol; vertices outside any ROI are small grey dots. The paper draws these on inflated spheres [F, Fig. 2A];
 * the service's cortical sheet is flat, so the patch is drawn as is.
 */
import * as Plot from '@observablehq/plot';
import { renderPlot } from './render.js';
import type { RoiPatchView } from '../lib/types.js';

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
  const vertices = patches.flatMap((p) => p.x.map((x, i) => ({ subject: p.subject, hemisphere: p.hemisphere, x, y: p.y[i]!, roi: p.roi[i] ?? null })));
  const inRoi = vertices.filter((v) => v.roi !== null);
  const outside = vertices.filter((v) => v.roi === null);
  const width = options.width ?? 640;
  return renderPlot('fig2-rois', {
    width,
    height: Math.round(((width - 80) / 2) * 0.8 * subjects.length) + 90,
    marginLeft: 40,
    marginRight: 60,
    ariaLabel: 'Figure 2A: regions of interest on the flattened cortex of each subject',
    ariaDescription: `One dot per vertex of the flattened patch, per subject and hemisphere; ROIs ${rois.join(', ')} differ by colour lightness and symbol; grey dots are outside every ROI.`,
    x: { label: 'Flattened cortex x (mm)', ticks: 4 },
    y: { label: 'Flattened cortex y (mm)', ticks: 4 },
    fx: { label: 'Hemisphere', domain: ['LH', 'RH'].filter((h) => patches.some((p) => p.hemisphere === h)) },
    fy: { label: 'Subject', domain: subjects },
    color: { domain: rois, range: ROI_COLORS.slice(0, rois.length), legend: true, label: 'ROI' },
    symbol: { domain: rois, range: ROI_SYMBOLS.slice(0, rois.length) as unknown as string[] },
    marks: [
      Plot.frame({ stroke: '#ccc' }),
      Plot.dot(outside, { x: 'x', y: 'y', fx: 'hemisphere', fy: 'subject', r: 1, fill: '#ccc', ariaDescription: 'vertex outside ROIs' }),
      Plot.dot(inRoi, { x: 'x', y: 'y', fx: 'hemisphere', fy: 'subject', fill: 'roi', symbol: 'roi', stroke: '#000', strokeWidth: 0.3, r: 3, ariaDescription: 'ROI vertex' }),
    ],
  });
}
