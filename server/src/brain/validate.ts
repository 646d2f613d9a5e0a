import { DomainError } from '../core/errors.js';
import { HEMISPHERES, ROI_NAMES } from '../domain/vocabulary.js';
import { BRAIN_SPACES, type SubjectData } from './types.js';

/**
 * Checks a subject once, at the edge (importers and the simulator call it before handing data on). Every failure is
 * a DomainError BAD_DATA (or SHAPE_MISMATCH / UNKNOWN_STIMULUS / ID_MISMATCH) naming the bad value and the valid
 * ones.
 */
export interface ValidateOptions {
  /** Stimulus ids the study needs: each must be present (extra ids are allowed). */
  readonly requiredStimulusIds?: readonly string[];
  /** Largest plausible coordinate extent in mm; a flat patch or head is < 300 mm. Default 400. */
  readonly maxExtentMm?: number;
}

export function validateSubject(s: SubjectData, opts: ValidateOptions = {}): void {
  const who = `subject '${s.id}'`;
  if (!(BRAIN_SPACES as readonly string[]).includes(s.space)) {
    throw new DomainError('BAD_DATA', `${who}: unknown space '${s.space}'; valid: ${BRAIN_SPACES.join(', ')}`);
  }
  const nV = s.vertices.ids.length;
  const nS = s.stimulusIds.length;
  if (nV === 0) throw new DomainError('BAD_DATA', `${who}: no vertices`);
  if (!Number.isInteger(s.nTrials) || s.nTrials < 1) throw new DomainError('BAD_DATA', `${who}: nTrials must be >= 1, got ${s.nTrials}`);
  if (s.betas.length !== s.nTrials * nS * nV) {
    throw new DomainError('SHAPE_MISMATCH',
      `${who}: betas have ${s.betas.length} values; [${s.nTrials} trials x ${nS} stimuli x ${nV} vertices] needs ${s.nTrials * nS * nV}`);
  }
  const t = s.vertices;
  for (const [name, len] of [['roi', t.roi.length], ['hemisphere', t.hemisphere.length], ['x', t.x.length], ['y', t.y.length]] as const) {
    if (len !== nV) throw new DomainError('SHAPE_MISMATCH', `${who}: vertex column '${name}' has ${len} entries for ${nV} vertex ids`);
  }
  if (s.space === 'volume' && (!t.z || t.z.length !== nV)) {
    throw new DomainError('SHAPE_MISMATCH', `${who}: volume data need a z coordinate per voxel`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < nV; i++) {
    const id = t.ids[i]!;
    if (seen.has(id)) throw new DomainError('ID_MISMATCH', `${who}: duplicate vertex id '${id}'`);
    seen.add(id);
    if (!(ROI_NAMES as readonly string[]).includes(t.roi[i]!)) {
      throw new DomainError('BAD_DATA', `${who}: vertex '${id}' has unknown ROI '${t.roi[i]}'; valid: ${ROI_NAMES.join(', ')}`);
    }
    if (!(HEMISPHERES as readonly string[]).includes(t.hemisphere[i]!)) {
      throw new DomainError('BAD_DATA', `${who}: vertex '${id}' has unknown hemisphere '${t.hemisphere[i]}'; valid: ${HEMISPHERES.join(', ')}`);
    }
    for (const [axis, a] of [['x', t.x], ['y', t.y], ['z', t.z]] as const) {
      if (a && !Number.isFinite(a[i]!)) throw new DomainError('BAD_DATA', `${who}: vertex '${id}' has non-finite ${axis} coordinate ${a[i]}`);
    }
  }
  checkUnits(s, opts.maxExtentMm ?? 400);
  const stim = new Set<string>();
  for (const id of s.stimulusIds) {
    if (stim.has(id)) throw new DomainError('ID_MISMATCH', `${who}: duplicate stimulus id '${id}'`);
    stim.add(id);
  }
  for (const id of opts.requiredStimulusIds ?? []) {
    if (!stim.has(id)) {
      throw new DomainError('UNKNOWN_STIMULUS', `${who}: no responses for stimulus '${id}'; present: ${preview(s.stimulusIds)}`);
    }
  }
  checkValues(s);
}

/**
 * Coordinates must be millimetres. A cortical patch or a head spans tens to a few hundred mm; data whose whole extent
 * is below 1 are almost surely metres (or normalised), and an extent beyond `maxMm` is micrometres or voxel indices
 * of a huge grid: both are refused rather than silently mis-scaled.
 */
function checkUnits(s: SubjectData, maxMm: number): void {
  const t = s.vertices;
  let extent = 0;
  for (const a of [t.x, t.y, t.z]) {
    if (!a || a.length === 0) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of a) { if (v < lo) lo = v; if (v > hi) hi = v; }
    extent = Math.max(extent, hi - lo);
  }
  if (t.ids.length > 1 && extent > 0 && extent < 1) {
    throw new DomainError('BAD_DATA',
      `subject '${s.id}': vertex coordinates span only ${extent.toPrecision(3)} units; coordinates must be in mm (metres? multiply by 1000)`);
  }
  if (extent > maxMm) {
    throw new DomainError('BAD_DATA', `subject '${s.id}': vertex coordinates span ${extent.toFixed(0)} units, more than ${maxMm} mm; coordinates must be in mm`);
  }
}

/** No NaN/Inf betas, and no vertex whose betas are constant over all trials and stimuli (dead or masked-out voxel). */
function checkValues(s: SubjectData): void {
  const nV = s.vertices.ids.length;
  const rows = s.betas.length / nV;
  const first = s.betas.subarray(0, nV);
  const varies = new Uint8Array(nV);
  for (let r = 0; r < rows; r++) {
    const base = r * nV;
    for (let v = 0; v < nV; v++) {
      const b = s.betas[base + v]!;
      if (!Number.isFinite(b)) {
        const trial = Math.floor(r / s.stimulusIds.length);
        const stim = s.stimulusIds[r % s.stimulusIds.length];
        throw new DomainError('BAD_DATA', `subject '${s.id}': beta is ${b} for vertex '${s.vertices.ids[v]}', stimulus '${stim}', trial ${trial + 1}`);
      }
      if (b !== first[v]) varies[v] = 1;
    }
  }
  if (rows > 1) {
    for (let v = 0; v < nV; v++) {
      if (!varies[v]) throw new DomainError('BAD_DATA', `subject '${s.id}': vertex '${s.vertices.ids[v]}' has constant betas (${first[v]}); remove it or fix the mask`);
    }
  }
}

function preview(ids: readonly string[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, ... (${ids.length} in all)`;
}
