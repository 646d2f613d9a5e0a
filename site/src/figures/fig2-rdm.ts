/**
 * Fig. 2B: example RE, AN and AI RDMs (40 x 40 in the paper) of one source (a subject's ROI or a network layer)
 * as heat maps, side by side in the paper's order AN, RE, AI; colour = dissimilarity on viridis (monotonic in
 * lightness, so readable in grey) [F, Fig. 2B]. The colour domain is fitted to the off-diagonal values shown
 * (shared by the panels, so they compare) and stated in the legend: a fixed 0..2 (the range of 1 - r) paints
 * every cell of a typical 0.1-0.4 RDM the same dark colour. Rows and columns are labelled with the stimulus
 * categories (`labels`), and every cell has a <title> naming its pair and value.
 */
import * as Plot from '@observablehq/plot';
import { figureHtml, rampLegend, renderPlot } from './render.js';
import type { RdmView } from '../lib/types.js';

export interface Fig2RdmOptions {
  /** Colour domain (default: fitted to the off-diagonal values shown, see `fittedDomain`). */
  readonly domain?: readonly [number, number];
  /** Category name of each stimulus id (e.g. "AN-n02091244" -> "Ibizan hound"); ids without one show the id. */
  readonly labels?: Readonly<Record<string, string>>;
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

/** [min, max] of the off-diagonal (finite) values of the RDM vectors; [0, 1] when there are none, widened when flat. */
export function fittedDomain(vectors: readonly (readonly number[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of vectors) for (const d of v) if (Number.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Tick text of a category: short enough for a 40-row axis. */
const short = (s: string): string => (s.length > 18 ? `${s.slice(0, 17)}…` : s);

/** [RDMs of one source, one per stimulus kind] -> SVG figure (HTML string with its colour legend). */
export function fig2Rdm(rdms: readonly RdmView[], options: Fig2RdmOptions = {}): string {
  if (rdms.length === 0) throw new Error('fig2Rdm: no RDMs');
  const sorted = [...rdms].sort((a, b) => ORDER.indexOf(a.stimulusKind) - ORDER.indexOf(b.stimulusKind));
  const n = rdmSize(sorted[0]!.vector.length);
  const labels = options.labels ?? {};
  // Row i is the same category in every kind (architecture.md, the walk of one stimulus id): the axis shows the
  // category of the first RDM's row, each cell's title the ids of its own kind.
  const named = (r: RdmView, i: number): string => { const id = r.stimulusIds[i] ?? String(i + 1); return labels[id] ? `${labels[id]} (${id})` : id; };
  const fmt = (d: number): string => (Number.isFinite(d) ? d.toFixed(3) : 'undefined');
  const cells = sorted.flatMap((r) => rdmCells(r.vector).map((c) => ({
    ...c, kind: `${r.stimulusKind} RDM`,
    title: `${r.stimulusKind}: ${named(r, c.i)} vs ${named(r, c.j)}: ${fmt(c.d)}`,
  })));
  // Without labels the axis numbers the rows (an id would name one kind's stimulus on every panel).
  const tickText = (i: number): string => { const l = labels[sorted[0]!.stimulusIds[i] ?? '']; return l ? short(l) : String(i + 1); };
  // Every category up to 40 rows (the paper's size), then every fifth.
  const ticks = n <= 40 ? Array.from({ length: n }, (_v, i) => i) : Array.from({ length: Math.ceil(n / 5) }, (_v, k) => k * 5);
  const width = options.width ?? 760;
  const panel = (width - 130) / sorted.length;
  const [lo, hi] = options.domain ?? fittedDomain(sorted.map((r) => r.vector));
  const color = { type: 'linear' as const, scheme: 'viridis' as const, domain: [lo, hi], clamp: true };
  const range = `${lo.toFixed(3)} to ${hi.toFixed(3)}`;
  const legend = `Dissimilarity (${sorted[0]!.method}, unitless); colour fitted to the values shown: ${range}${options.domain ? '' : ' (off-diagonal min to max)'}; the diagonal (0) shows as the lowest colour`;
  return figureHtml('fig2-rdm', rampLegend('fig2-rdm', color, legend), renderPlot('fig2-rdm', {
    width,
    height: Math.round(panel) + 150,
    marginLeft: 120,
    marginBottom: 110,
    ariaLabel: `Figure 2B: ${sorted.map((r) => r.stimulusKind).join(', ')} RDMs${options.title ? ` of ${options.title}` : ''}`,
    ariaDescription: `Heat maps of ${n} x ${n} representational dissimilarity matrices (${sorted[0]!.method}); colour from dark (${lo.toFixed(3)}) to light (${hi.toFixed(3)}).`,
    x: { label: 'Image (category)', ticks, tickFormat: tickText, tickRotate: -90, padding: 0 },
    y: { label: 'Image (category)', ticks, tickFormat: tickText, padding: 0 },
    fx: { label: null, domain: sorted.map((r) => `${r.stimulusKind} RDM`), padding: 0.08 },
    color,
    marks: [Plot.cell(cells, { x: 'j', y: 'i', fx: 'kind', fill: 'd', title: 'title', inset: 0, ariaDescription: 'RDM cell' })],
  }), options.title);
}
