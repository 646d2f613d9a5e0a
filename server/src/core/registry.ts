import { unknownName, type ErrorCode } from './errors.js';

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
