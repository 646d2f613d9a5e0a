/**
 * Fig. 2B: example RE, AN and AI RDMs (40 x 40 in the paper) of one source (a subject's ROI or a network layer)
 * as heat maps, side by side in the paper's order AN, RE, AI; colour = dissimilarity on viridis over 0..2 (the
 * range of 1 - correlation; viridis is monotonic in lightness, so readable in grey) [F, Fig. 2B].
 */
import * as Plot from '@observablehq/plot';
import { figureHtml, rampLegend, renderPlot } from './render.js';
import type { RdmView } from '../lib/types.js';

export interface Fig2RdmOptions {
  /** Colour domain (default [0, 2], the range of 1 - r). */
  readonly domain?: readonly [number, number];
  readonly width?: number;
  /** Title of the source, e.g. "sub1 · V1". */
  readonly title?: string;
}

/** Upper-triangle vector (SciPy pdist order, n(n-1)/2 entries) -> n from its length; throws if not triangular. */
export function rdmSize(vectorLength: number): number {
  const n = (1 + Math.sqrt(1 + 8 * vectorLength)) / 2;
  if (!Number.isInteger(n)) throw new Error(`RDM vector of length ${vectorLength} is not n(n-1)/2 for an integer n`);
  return n;
}

/** Expands an RDM vector into its n x n cells (i row, j column, diagonal 0). */
export function rdmCells(vector: readonly number[]): { i: number; j: number; d: number }[] {
  const n = rdmSize(vector.length);
  const cells: { i: number; j: number; d: number }[] = [];
  let k = 0;
  const full = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { full[i * n + j] = vector[k]!; full[j * n + i] = vector[k]!; k++; }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cells.push({ i, j, d: full[i * n + j]! });
  return cells;
}

const ORDER = ['AN', 'RE', 'AI', 'AI_CONTROL'];

/** [RDMs of one source, one per stimulus kind] -> SVG figure (HTML string with its colour legend). */
export function fig2Rdm(rdms: readonly RdmView[], options: Fig2RdmOptions = {}): string {
  if (rdms.length === 0) throw new Error('fig2Rdm: no RDMs');
  const sorted = [...rdms].sort((a, b) => ORDER.indexOf(a.stimulusKind) - ORDER.indexOf(b.stimulusKind));
  const n = rdmSize(sorted[0]!.vector.length);
  const cells = sorted.flatMap((r) => rdmCells(r.vector).map((c) => ({ ...c, kind: `${r.stimulusKind} RDM` })));
  // Ticks at images 1, 10, 20, ... and the last one.
  const ticks = [...new Set([0, ...Array.from({ length: Math.floor(n / 10) }, (_v, k) => (k + 1) * 10 - 1), n - 1])];
  const width = options.width ?? 760;
  const panel = (width - 60) / sorted.length;
  const [lo, hi] = options.domain ?? [0, 2];
  const color = { type: 'linear' as const, scheme: 'viridis' as const, domain: [lo, hi], clamp: true };
  return figureHtml('fig2-rdm', rampLegend('fig2-rdm', color, `Dissimilarity (${sorted[0]!.method}, unitless)`), renderPlot('fig2-rdm', {
    width,
    height: Math.round(panel) + 90,
    marginLeft: 50,
    ariaLabel: `Figure 2B: ${sorted.map((r) => r.stimulusKind).join(', ')} RDMs${options.title ? ` of ${options.title}` : ''}`,
    ariaDescription: `Heat maps of ${n} x ${n} representational dissimilarity matrices (${sorted[0]!.method}); colour from dark (${lo}) to light (${hi}).`,
    x: { label: 'Image (category index)', ticks, tickFormat: (i: number) => String(i + 1), padding: 0 },
    y: { label: 'Image (category index)', ticks, tickFormat: (i: number) => String(i + 1), padding: 0 },
    fx: { label: null, domain: sorted.map((r) => `${r.stimulusKind} RDM`), padding: 0.08 },
    color,
    marks: [Plot.cell(cells, { x: 'j', y: 'i', fx: 'kind', fill: 'd', inset: 0, ariaDescription: 'RDM cell' })],
  }), options.title);
}
