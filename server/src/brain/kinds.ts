import { DomainError } from '../core/errors.js';
import { isStimulusOfKind } from '../domain/stimulus-id.js';
import type { StimulusKind } from '../domain/vocabulary.js';
import type { RoiResponses } from './types.js';

/**
 * The stimuli of the given kinds only (`brain export --kind RE,AI`): betas `[trials x stimuli x vertices]` cut
 * along the stimulus axis, in the data's stimulus order. Refused when no stimulus is of those kinds.
 */
export function responsesOfKinds(r: RoiResponses, kinds: readonly StimulusKind[]): RoiResponses {
  const keep: number[] = [];
  r.stimulusIds.forEach((id, i) => { if (kinds.some((k) => isStimulusOfKind(id, k))) keep.push(i); });
  if (keep.length === 0) throw new DomainError('BAD_USER_INPUT', `subject '${r.subject}' has no stimuli of kind ${kinds.join(', ')}`, { value: [...kinds] });
  const nS = r.stimulusIds.length;
  const nV = r.vertexIndex.length;
  const betas = new Float32Array(r.nTrials * keep.length * nV);
  for (let t = 0; t < r.nTrials; t++) {
    keep.forEach((s, j) => betas.set(r.betas.subarray((t * nS + s) * nV, (t * nS + s + 1) * nV), (t * keep.length + j) * nV));
  }
  return { ...r, stimulusIds: keep.map((i) => r.stimulusIds[i]!), betas };
}
