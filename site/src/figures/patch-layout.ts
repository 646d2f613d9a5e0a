/**
 * Layout of flattened cortical patches (Fig. 2A, Fig. 4): equal millimetres on both axes (Plot's aspectRatio 1),
 * with the patch's long side horizontal so that stacked panels stay readable; and a marker size that tiles the
 * patch (vertex spacing estimated from the patch area per vertex).
 */
export interface PatchLayout {
  /** True when the patch's y extent is larger: plot y_mm on the horizontal axis. */
  readonly transposed: boolean;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Horizontal and vertical coordinates of vertex i. */
  h(x: number, y: number): number;
  v(x: number, y: number): number;
  /** Millimetres spanned horizontally and vertically (max over patches). */
  readonly spanH: number;
  readonly spanV: number;
  /** Approximate spacing between neighbouring vertices, mm. */
  readonly spacingMm: number;
}

export function patchLayout(patches: readonly { x: readonly number[]; y: readonly number[] }[]): PatchLayout {
  let spanX = 0; let spanY = 0; let areaPerVertex = 0; let n = 0;
  for (const p of patches) {
    if (p.x.length === 0) continue;
    const sx = Math.max(...p.x) - Math.min(...p.x);
    const sy = Math.max(...p.y) - Math.min(...p.y);
    spanX = Math.max(spanX, sx); spanY = Math.max(spanY, sy);
    // A curved patch fills about half its bounding box (a rough, display-only estimate).
    areaPerVertex += (0.5 * Math.max(sx, 1e-9) * Math.max(sy, 1e-9)) / p.x.length; n++;
  }
  const transposed = spanY > spanX;
  return {
    transposed,
    xLabel: transposed ? 'Flattened cortex y (mm)' : 'Flattened cortex x (mm)',
    yLabel: transposed ? 'Flattened cortex x (mm)' : 'Flattened cortex y (mm)',
    h: (x, y) => (transposed ? y : x),
    v: (x, y) => (transposed ? x : y),
    spanH: transposed ? spanY : spanX,
    spanV: transposed ? spanX : spanY,
    spacingMm: n ? Math.sqrt(areaPerVertex / n) : 1,
  };
}

/** Marker radius (px) for a patch drawn `panelWidthPx` wide: half the vertex spacing, clamped to 0.8..4 px. */
export function markerRadius(layout: PatchLayout, panelWidthPx: number): number {
  const pxPerMm = panelWidthPx / Math.max(layout.spanH, 1e-9);
  return Math.min(4, Math.max(0.8, 0.5 * layout.spacingMm * pxPerMm));
}
