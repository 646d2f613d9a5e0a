import { BRAIN_CLAIMS } from './brain-claims.js';
import { CNN_CLAIMS } from './cnn-claims.js';
import { ENCODING_CLAIMS } from './encoding-claims.js';
import { STIMULI_CLAIMS } from './stimuli-claims.js';
import type { ClaimDefinition, ClaimEvaluation, ClaimInputs, ClaimOptions, ResolvedClaimOptions } from './types.js';

/**
 * The registry of the paper's claims, in the paper's order: stimuli (Methods), brain RSA (Fig. 3), network RSA
 * (Fig. 5), encoding (Fig. 6). Ids are stable API names.
 */
export const CLAIMS = { ...STIMULI_CLAIMS, ...BRAIN_CLAIMS, ...CNN_CLAIMS, ...ENCODING_CLAIMS } satisfies Record<string, ClaimDefinition>;
export type ClaimId = keyof typeof CLAIMS;
export const CLAIM_IDS = Object.keys(CLAIMS) as ClaimId[];

export const DEFAULT_CLAIM_OPTIONS: ResolvedClaimOptions = { encodingFamily: 'ROMP', encodingReading: 'ACROSS_IMAGES' };

/** Every claim's verdict on one set of results, in registry order. */
export function evaluateClaims(inputs: ClaimInputs, options: ClaimOptions = {}): ClaimEvaluation[] {
  const o = resolveOptions(options);
  return CLAIM_IDS.map((id) => evaluateClaim(id, inputs, o));
}

export function evaluateClaim(id: ClaimId, inputs: ClaimInputs, options: ClaimOptions = {}): ClaimEvaluation {
  const def: ClaimDefinition = CLAIMS[id];
  const r = def.evaluate(inputs, resolveOptions(options));
  return { id, section: def.section, where: def.where, statement: def.statement, test: def.test, status: r.status, used: r.used, paper: def.paper, detail: r.detail };
}

function resolveOptions(o: ClaimOptions): ResolvedClaimOptions {
  return { encodingFamily: o.encodingFamily ?? DEFAULT_CLAIM_OPTIONS.encodingFamily, encodingReading: o.encodingReading ?? DEFAULT_CLAIM_OPTIONS.encodingReading };
}
