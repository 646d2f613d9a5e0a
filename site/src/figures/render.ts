/**
 * Renders an Observable Plot specification to an SVG/HTML string at build time, with a DOM from linkedom (Plot
 * only needs `document`; linkedom's is cast because its types differ from lib.dom's). Fails on any Plot warning:
 * a warning means a figure that may look right and be wrong (house-style anti-pattern "silent emptiness").
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export type PlotOptions = Plot.PlotOptions;

/** Thrown when Plot reports a warning while rendering (message names the figure). */
export class PlotWarningError extends Error {
  constructor(readonly figure: string, readonly warnings: string[]) {
    super(`figure ${figure}: Plot warned: ${warnings.join(' | ')}`);
  }
}

/** A fresh document per figure, so that figures never share state. */
export function newDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/** Rounds long decimals inside attribute values (pixel coordinates) to 2 places: smaller, diff-stable SVG. */
export function roundAttributes(html: string): string {
  return html.replace(/="([^"]*)"/g, (_m, v: string) => `="${v.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => {
    const r = Number(Number(n).toFixed(2));
    return String(Object.is(r, -0) ? 0 : r);
  })}"`);
}

/**
 * Plot.plot(options) -> outerHTML. `name` is used for the CSS class (deterministic output) and error messages.
 * Plot's warnings go to console.warn and add a "⚠️" text to the SVG; both are caught here and turned into errors.
 */
export function renderPlot(name: string, options: PlotOptions): string {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
  let el: Element;
  try {
    el = Plot.plot({ ...options, className: `arsa-${name}`, document: newDocument() }) as unknown as Element;
  } finally {
    console.warn = original;
  }
  const html = el.outerHTML;
  if (warnings.length > 0 || /warnings?\. Please check the console/.test(html)) {
    throw new PlotWarningError(name, warnings.length ? warnings : ['(warning marker in SVG)']);
  }
  return roundAttributes(html);
}

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** p-value as text: "p < .001" style (APA), or "p = .034". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'p = n/a';
  if (p < 0.001) return 'p < .001';
  return `p = ${p.toFixed(3).replace(/^0/, '')}`;
}

/** Significance threshold used for all marks on the site (paper: p < .05, [F, p.6]). */
export const ALPHA = 0.05;

/**
 * A continuous colour legend drawn with rect marks. Plot's own ramp legend paints a <canvas>, which linkedom
 * cannot; 64 rects render the same ramp as plain SVG. `color` takes the figure's colour-scale options.
 */
export function rampLegend(name: string, color: Plot.ScaleOptions & { domain: readonly number[] }, label: string, width = 300): string {
  const lo = Math.min(...color.domain);
  const hi = Math.max(...color.domain);
  const steps = Array.from({ length: 64 }, (_v, i) => ({ x1: lo + ((hi - lo) * i) / 64, x2: lo + ((hi - lo) * (i + 1)) / 64 }));
  return `<div class="arsa-legend"><div class="arsa-legend-label" style="font: 10px system-ui, sans-serif">${esc(label)}</div>` + renderPlot(`${name}-legend`, {
    width, height: 36, marginTop: 4, marginBottom: 18, marginLeft: 14, marginRight: 14,
    ariaLabel: `Colour legend: ${label}`,
    x: { domain: [lo, hi], label: null, ticks: 5 },
    y: { axis: null },
    color: { ...color, domain: [...color.domain] },
    marks: [Plot.rect(steps, { x1: 'x1', x2: 'x2', y1: 0, y2: 1, fill: (d: { x1: number; x2: number }) => (d.x1 + d.x2) / 2, ariaDescription: 'legend' })],
  }) + '</div>';
}

/** Wraps a figure's legend and plot in one element. */
export function figureHtml(name: string, legend: string, plot: string, title?: string): string {
  return `<div class="arsa-figure arsa-figure-${name}">${title ? `<h3>${esc(title)}</h3>` : ''}${legend}${plot}</div>`;
}
