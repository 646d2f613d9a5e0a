import type { RoiName } from '../../domain/vocabulary.js';

/**
 * Parameters of the simulated visual cortex, per area. Sources:
 * - pRF size grows linearly with eccentricity, with slopes that grow along the hierarchy (Dumoulin & Wandell 2008,
 *   NeuroImage 39:647; Kay et al. 2013, J Neurophysiol 110:481, Fig. 9). The values below are approximate readings
 *   of those fits (pRF size = sd of the response to a point, Kay's definition), rounded; they were not re-verified
 *   against the papers' tables, which could not be consulted offline.
 * - The compressive exponent n decreases along the hierarchy (Kay et al. 2013 J Neurophysiol: "the nonlinearity is
 *   present in early visual areas ... and grows more pronounced in relatively anterior extrastriate areas"); the
 *   values for a Gabor-energy front end are those of the SOC model (Kay, Winawer, Rokem, Mezer & Wandell 2013, PLoS
 *   Comput Biol 9:e1003079): V1 ~0.18, V2 ~0.13, V3 ~0.12, hV4 ~0.12; LO is extrapolated (0.10).
 * - Second-order (energy-of-energy) weight: zero in V1-V3, large in V4 and LO, which pool texture-like statistics
 *   over large fields (Freeman et al. 2013 Nat Neurosci 16:974; Kay 2013 SOC's second-order contrast).
 * - snr: signal sd (over a fixed reference set of natural-like images) / independent-noise sd, set so that the
 *   split-half reliability of the RE RDM of each ROI's 200 selected vertices (trial 1 vs trial 2, Spearman) lands
 *   at about 0.1-0.6 over subjects and ROIs, the range real data show, and the RE-AI similarity of trial-averaged
 *   RDMs near the paper's 0.1-0.4 (Fig. 3). bench/brain.bench.ts reports the values measured on sample photos.
 */
export interface AreaParams {
  /** pRF size (deg) = slope * eccentricity + intercept. */
  readonly sizeSlope: number;
  readonly sizeIntercept: number;
  /** CSS exponent. */
  readonly exponent: number;
  /** Share of the drive from second-order channels, 0..1. */
  readonly secondOrder: number;
  /** Orientation-tuning strength (von Mises concentration over 2*theta); weaker up the hierarchy. */
  readonly orientationKappa: number;
  /** Width of the patch band for the full hemifield, relative to V1's (cortical magnification). */
  readonly bandScale: number;
  /** Signal-to-noise ratio (sd of signal across the reference images / sd of independent noise), before subject factors. */
  readonly snr: number;
}

export const AREA_PARAMS = {
  V1: { sizeSlope: 0.15, sizeIntercept: 0.2, exponent: 0.18, secondOrder: 0, orientationKappa: 2.0, bandScale: 1.0, snr: 0.55 },
  V2: { sizeSlope: 0.2, sizeIntercept: 0.3, exponent: 0.13, secondOrder: 0, orientationKappa: 1.5, bandScale: 0.8, snr: 0.5 },
  V3: { sizeSlope: 0.3, sizeIntercept: 0.35, exponent: 0.12, secondOrder: 0, orientationKappa: 1.2, bandScale: 0.65, snr: 0.5 },
  V4: { sizeSlope: 0.45, sizeIntercept: 0.5, exponent: 0.12, secondOrder: 0.5, orientationKappa: 0.8, bandScale: 0.55, snr: 0.45 },
  LO: { sizeSlope: 0.7, sizeIntercept: 0.9, exponent: 0.1, secondOrder: 0.7, orientationKappa: 0.5, bandScale: 0.55, snr: 0.45 },
} as const satisfies Record<RoiName, AreaParams>;

/** Global simulation parameters (units in comments); every field is recorded in the subjects' provenance. */
export interface SimulationParams {
  readonly seed: number;
  readonly subjects: number;
  readonly trials: number;
  /** Stimulus size as shown (paper §3.3: 12 x 12 degrees). */
  readonly stimulusDeg: number;
  /** Eccentricity range of the patch (deg); beyond the stimulus corners (8.5 deg) nothing is driven. */
  readonly eccMinDeg: number;
  readonly eccMaxDeg: number;
  /** Log-polar map w = k log(1 + ecc / a) (Schwartz 1977; human V1 values about k = 15-18 mm, a = 0.5-1 deg). */
  readonly kMm: number;
  readonly aDeg: number;
  /** Vertex spacing on the patch (mm) and the jitter added to each vertex (fraction of the spacing). */
  readonly spacingMm: number;
  readonly jitter: number;
  /** Spatially correlated noise: length scale of its Gaussian kernel (mm) and its sd relative to the independent noise. */
  readonly smoothNoiseMm: number;
  readonly smoothNoiseRatio: number;
  /** Subject gain ~ exp(N(0, gainSd)); subject SNR factor ~ exp(N(0, snrSd)). */
  readonly gainSd: number;
  readonly snrSd: number;
  /** Multiplies every area's snr (one knob for the whole study). */
  readonly snrScale: number;
}

export const DEFAULT_SIMULATION: SimulationParams = {
  seed: 20211,
  subjects: 3,
  trials: 2,
  stimulusDeg: 12,
  eccMinDeg: 0.25,
  eccMaxDeg: 8,
  kMm: 15,
  aDeg: 0.7,
  spacingMm: 1.25,
  jitter: 0.25,
  smoothNoiseMm: 4,
  smoothNoiseRatio: 0.5,
  gainSd: 0.2,
  snrSd: 0.2,
  snrScale: 1,
};

/** Bumped whenever the model changes what it produces (part of every simulated subject's source and cache key). */
export const SIMULATOR_VERSION = 'cortex-sim/2';
