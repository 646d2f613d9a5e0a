import { DomainError, unknownName, type ErrorCode } from './errors.js';

/**
 * Strategies live in typed registries (`{...} satisfies Record<Name, Fn>`); `pick` refuses an unknown name with
 * the list of valid ones, so every registry speaks the same error.
 */
export function pick<K extends string, V>(
  registry: Record<K, V>,
  name: string,
  what: string,
  code: ErrorCode = 'UNKNOWN_METHOD',
): V {
  if (!Object.prototype.hasOwnProperty.call(registry, name)) {
    throw unknownName(code, what, name, Object.keys(registry));
  }
  return registry[name as K];
}

/** Narrows a string to a registry key, or throws the same error as `pick`. */
export function keyOf<K extends string>(registry: Record<K, unknown>, name: string, what: string, code: ErrorCode = 'UNKNOWN_METHOD'): K {
  pick(registry, name, what, code);
  return name as K;
}

export function requireDefined<T>(value: T | undefined | null, message: string): T {
  if (value === undefined || value === null) throw new DomainError('NOT_FOUND', message);
  return value;
}
