import type { Rng } from '../../core/rng.js';
import { HEMISPHERES, type Hemisphere, type RoiName } from '../../domain/vocabulary.js';
import { AREA_PARAMS, type SimulationParams } from './params.js';

/**
 * A flattened occipital patch per hemisphere with V1, V2, V3, hV4 and LO laid out retinotopically.
 *
 * Eccentricity runs along x with the log-polar magnification of Schwartz (1977): x = k log(1 + ecc / a) (mm), so
 * 1 mm of cortex covers more degrees in the periphery. Polar angle runs along y in bands whose width at a given
 * eccentricity follows the same complex-log map (the arc length of a hemifield, k pi ecc / (ecc + a), times an area's
 * relative width). V1 holds the whole contralateral hemifield; V2 and V3 split into dorsal (lower field) and ventral
 * (upper field) quarter-field bands, each mirrored at its border (V1/V2 at the vertical meridian, V2/V3 at the
 * horizontal meridian), as in the wedge-dipole picture of Balasubramanian et al. (2002, Neural Netw 15:1157) without
 * its shear; hV4 continues ventrally from V3v's upper vertical meridian and LO dorsally from V3d's lower vertical
 * meridian, each with a full hemifield. y > 0 is dorsal. The left hemisphere sees the right visual field.
 */
export interface Vertex {
  readonly hemisphere: Hemisphere;
  readonly roi: RoiName;
  /** Patch coordinates, mm. */
  readonly x: number;
  readonly y: number;
  /** Eccentricity (deg) and polar angle within the hemifield (rad, -pi/2 lower vertical meridian .. +pi/2 upper). */
  readonly ecc: number;
  readonly angle: number;
}

/** Visual-field position (deg, +x right, +y up) of a vertex. */
export function fieldPosition(v: Vertex): { x: number; y: number } {
  const side = v.hemisphere === 'LH' ? 1 : -1;
  return { x: side * v.ecc * Math.cos(v.angle), y: v.ecc * Math.sin(v.angle) };
}

/** Which area and polar angle a patch point (ecc, y) falls in, or undefined outside every band. */
export function bandAt(ecc: number, y: number, p: Pick<SimulationParams, 'kMm' | 'aDeg'>): { roi: RoiName; angle: number } | undefined {
  const unit = (p.kMm * Math.PI * ecc) / (ecc + p.aDeg);
  const w1 = AREA_PARAMS.V1.bandScale * unit;
  const q2 = (AREA_PARAMS.V2.bandScale * unit) / 2;
  const q3 = (AREA_PARAMS.V3.bandScale * unit) / 2;
  const w4 = AREA_PARAMS.V4.bandScale * unit;
  const wLO = AREA_PARAMS.LO.bandScale * unit;
  const h = Math.PI / 2;
  const a = Math.abs(y);
  const dorsal = y >= 0;
  if (a <= w1 / 2) return { roi: 'V1', angle: (-Math.PI * y) / w1 };
  if (a <= w1 / 2 + q2) {
    const t = (a - w1 / 2) / q2; // 0 at the vertical meridian (V1 border), 1 at the horizontal meridian
    return { roi: 'V2', angle: dorsal ? -h + t * h : h - t * h };
  }
  if (a <= w1 / 2 + q2 + q3) {
    const t = (a - w1 / 2 - q2) / q3; // 0 at the horizontal meridian, 1 at the vertical meridian
    return { roi: 'V3', angle: dorsal ? -t * h : t * h };
  }
  const d3 = w1 / 2 + q2 + q3;
  if (dorsal && a <= d3 + wLO) return { roi: 'LO', angle: -h + ((a - d3) / wLO) * Math.PI };
  if (!dorsal && a <= d3 + w4) return { roi: 'V4', angle: h - ((a - d3) / w4) * Math.PI };
  return undefined;
}

/**
 * Vertices of both hemispheres on a jittered square grid (spacing `spacingMm`), for eccentricities in
 * [eccMinDeg, eccMaxDeg]. `k` and `a` may differ per subject (individual cortical magnification).
 */
export function layoutPatch(p: SimulationParams, rng: Rng, k = p.kMm, a = p.aDeg): Vertex[] {
  const geo = { kMm: k, aDeg: a };
  const x0 = k * Math.log(1 + p.eccMinDeg / a);
  const x1 = k * Math.log(1 + p.eccMaxDeg / a);
  const maxUnit = k * Math.PI;
  const yMax = maxUnit * (AREA_PARAMS.V1.bandScale / 2 + AREA_PARAMS.V2.bandScale / 2 + AREA_PARAMS.V3.bandScale / 2
    + Math.max(AREA_PARAMS.V4.bandScale, AREA_PARAMS.LO.bandScale));
  const out: Vertex[] = [];
  for (const hemisphere of HEMISPHERES) {
    for (let gx = x0; gx <= x1; gx += p.spacingMm) {
      for (let gy = -yMax; gy <= yMax; gy += p.spacingMm) {
        const x = gx + (rng.uniform() - 0.5) * p.jitter * p.spacingMm;
        const y = gy + (rng.uniform() - 0.5) * p.jitter * p.spacingMm;
        const ecc = a * (Math.exp(x / k) - 1);
        if (ecc < p.eccMinDeg || ecc > p.eccMaxDeg) continue;
        const band = bandAt(ecc, y, geo);
        if (band) out.push({ hemisphere, roi: band.roi, x, y, ecc, angle: band.angle });
      }
    }
  }
  return out;
}
