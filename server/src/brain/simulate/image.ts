import { DomainError } from '../../core/errors.js';

/**
 * The stimulus as the simulated observer sees it: an RGB image in the project's pixel space ([H x W x 3], 0..255)
 * shown at `stimulusDeg` x `stimulusDeg` in the middle of a mid-grey field of `fieldDeg` x `fieldDeg` (the paper's
 * images were 12 x 12 deg, §3.3; the grey surround lets pRFs near the image border see its edge, as in the scanner).
 */
export interface ViewingGeometry {
  /** Side of the simulated field of view in degrees (16: covers the 12-deg image plus a 2-deg grey margin). */
  readonly fieldDeg: number;
  /** Samples across the field (a power of two; 256 -> 16 px/deg, Nyquist 8 cycles/deg). */
  readonly gridPx: number;
  readonly stimulusDeg: number;
}

export const DEFAULT_VIEWING: ViewingGeometry = { fieldDeg: 16, gridPx: 256, stimulusDeg: 12 };

/**
 * Luminance contrast image `[gridPx x gridPx]` (row 0 = top): (Y - 127.5) / 127.5 inside the stimulus, 0 in the
 * grey surround. Y = Rec. 709 luma of the pixel values (the display's gamma is not modelled). The image is
 * area-resampled to its on-grid size, so any input resolution works.
 */
export function contrastGrid(rgb: Float32Array, height: number, width: number, view: ViewingGeometry = DEFAULT_VIEWING): Float64Array {
  if (rgb.length !== height * width * 3) {
    throw new DomainError('SHAPE_MISMATCH', `image of ${rgb.length} values is not [${height} x ${width} x 3]`);
  }
  const n = view.gridPx;
  const side = Math.round((view.stimulusDeg / view.fieldDeg) * n);
  const off = Math.floor((n - side) / 2);
  const out = new Float64Array(n * n);
  // Area resampling: each output pixel averages the input pixels it covers (fractional coverage weighted).
  const sy = height / side;
  const sx = width / side;
  for (let oy = 0; oy < side; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < side; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let acc = 0;
      let wsum = 0;
      for (let iy = Math.floor(y0); iy < Math.min(height, Math.ceil(y1)); iy++) {
        const wy = Math.min(y1, iy + 1) - Math.max(y0, iy);
        if (wy <= 0) continue;
        for (let ix = Math.floor(x0); ix < Math.min(width, Math.ceil(x1)); ix++) {
          const wx = Math.min(x1, ix + 1) - Math.max(x0, ix);
          if (wx <= 0) continue;
          const p = (iy * width + ix) * 3;
          const lum = 0.2126 * rgb[p]! + 0.7152 * rgb[p + 1]! + 0.0722 * rgb[p + 2]!;
          acc += wy * wx * lum;
          wsum += wy * wx;
        }
      }
      out[(off + oy) * n + off + ox] = (acc / wsum - 127.5) / 127.5;
    }
  }
  return out;
}
