/**
 * One error vocabulary for the whole project. Every domain error carries a code; the GraphQL layer maps the code
 * to `extensions.code`, the CLI prints the message and exits non-zero. Messages name the bad value and, where
 * there is a closed set, the valid ones.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNKNOWN_NETWORK',
  'UNKNOWN_LAYER',
  'UNKNOWN_SUBJECT',
  'UNKNOWN_ROI',
  'UNKNOWN_STIMULUS',
  'UNKNOWN_METHOD',
  'UNKNOWN_STUDY',
  'NOT_FOUND',
  'SHAPE_MISMATCH',
  'ID_MISMATCH',
  'BAD_IMAGE',
  'BAD_WEIGHTS',
  'BAD_DATA',
  'CORRUPT_ARTIFACT',
  'FORBIDDEN',
  'COMPUTE_FAILED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Refuses a name outside a closed set, listing the valid ones. `what` reads like "network" or "layer". */
export function unknownName(code: ErrorCode, what: string, value: string, valid: readonly string[]): DomainError {
  return new DomainError(code, `unknown ${what} '${value}'; valid: ${valid.join(', ')}`, { value, valid: [...valid] });
}

/** Refuses an id absent from a result, listing a few valid ones (stimulus ids can number hundreds). */
export function requireFound<T>(found: T | undefined, code: ErrorCode, what: string, value: string, valid: readonly string[]): T {
  if (found !== undefined) return found;
  const shown = valid.slice(0, 12).join(', ') + (valid.length > 12 ? `, ... (${valid.length} in all)` : '');
  throw new DomainError(code, `unknown ${what} '${value}'; valid: ${shown}`, { value, valid: valid.slice(0, 50) });
}

/** Exhaustiveness helper for discriminated unions: `default: return assertNever(x)`. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
