import type { Rng } from '../../core/rng.js';
import { ROI_NAMES, type RoiName } from '../../domain/vocabulary.js';
import type { Vertex } from './geometry.js';
import { AREA_PARAMS, type SimulationParams } from './params.js';
import { smoothBasis, smoothField } from './smooth.js';

/**
 * Measurement model: noise-free responses `[S x V]` -> single-trial betas `[T x S x V]` (float32).
 *   beta = g_subject * g_vertex * response + sd_roi * (e_independent + smoothNoiseRatio * e_smooth)
 * - g_subject ~ exp(N(0, gainSd)): subject-specific gain; g_vertex = exp(0.3 x a smooth field, 3 mm): vascular /
 *   coil-sensitivity variation over the patch;
 * - e_independent ~ N(0, 1) per vertex, trial and stimulus; e_smooth: a unit-variance field with Gaussian covariance
 *   of length smoothNoiseMm, fresh per trial and stimulus (spatially correlated noise: physiology, head motion);
 * - sd_roi = median over the ROI's vertices of the signal's sd across a fixed reference set of natural-like images
 *   (`reference`, [R x V]: independent of the stimuli given), divided by the area's snr x snrScale x a subject SNR
 *   factor exp(N(0, snrSd)). The paper's SNR is unknown: snr is set so that the split-half reliability of RE RDMs
 *   lands in the range of real data (see params.ts and the bench for the measured values).
 */
export function addNoise(responses: Float64Array, reference: Float64Array, vs: readonly Vertex[], S: number, p: SimulationParams, rng: Rng): Float32Array {
  const V = vs.length;
  const px = Float64Array.from(vs, (v) => v.x + (v.hemisphere === 'RH' ? 1000 : 0));
  const py = Float64Array.from(vs, (v) => v.y);
  const gainSubject = Math.exp(p.gainSd * rng.normal());
  const snrSubject = Math.exp(p.snrSd * rng.normal());
  const gainField = smoothField(smoothBasis(px, py, 3, 64, rng.fork('gain-basis')), rng.fork('gain'));
  const R = reference.length / V;
  const signal = new Float64Array(S * V);
  const refSignal = new Float64Array(R * V);
  for (let v = 0; v < V; v++) {
    const g = gainSubject * Math.exp(0.3 * gainField[v]!);
    for (let s = 0; s < S; s++) signal[s * V + v] = g * responses[s * V + v]!;
    for (let r = 0; r < R; r++) refSignal[r * V + v] = g * reference[r * V + v]!;
  }
  const noiseSd = roiNoiseSd(refSignal, vs, R, p, snrSubject);
  const basis = smoothBasis(px, py, p.smoothNoiseMm, 64, rng.fork('noise-basis'));
  const indep = rng.fork('independent');
  const smooth = rng.fork('smooth');
  const out = new Float32Array(p.trials * S * V);
  for (let t = 0; t < p.trials; t++) {
    for (let s = 0; s < S; s++) {
      const field = smoothField(basis, smooth);
      const base = (t * S + s) * V;
      for (let v = 0; v < V; v++) {
        out[base + v] = signal[s * V + v]! + noiseSd[v]! * (indep.normal() + p.smoothNoiseRatio * field[v]!);
      }
    }
  }
  return out;
}

/** Per-vertex noise sd from its ROI's median signal sd across the reference stimuli `[S x V]`. */
function roiNoiseSd(signal: Float64Array, vs: readonly Vertex[], S: number, p: SimulationParams, snrSubject: number): Float64Array {
  const V = vs.length;
  const sds = new Map<RoiName, number[]>();
  for (let v = 0; v < V; v++) {
    let m = 0;
    for (let s = 0; s < S; s++) m += signal[s * V + v]!;
    m /= S;
    let ss = 0;
    for (let s = 0; s < S; s++) ss += (signal[s * V + v]! - m) ** 2;
    const list = sds.get(vs[v]!.roi) ?? [];
    list.push(Math.sqrt(ss / Math.max(1, S - 1)));
    sds.set(vs[v]!.roi, list);
  }
  const perRoi = new Map<RoiName, number>();
  for (const roi of ROI_NAMES) {
    const list = (sds.get(roi) ?? []).sort((a, b) => a - b);
    const med = list.length ? list[Math.floor(list.length / 2)]! : 0;
    const sd = med > 0 ? med : 0.01;
    perRoi.set(roi, sd / (AREA_PARAMS[roi].snr * p.snrScale * snrSubject));
  }
  return Float64Array.from(vs, (v) => perRoi.get(v.roi)!);
}
