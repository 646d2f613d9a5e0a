import { DomainError, unknownName } from '../../core/errors.js';
import { pick } from '../../core/registry.js';

/** Length units a dataset may declare for its coordinates; everything is converted to millimetres on import. */
export const LENGTH_UNITS = { mm: 1, m: 1000, cm: 10, um: 0.001 } as const satisfies Record<string, number>;
export type LengthUnit = keyof typeof LENGTH_UNITS;

export function mmPer(unit: string, where: string): number {
  try {
    return pick(LENGTH_UNITS, unit, 'length unit', 'BAD_DATA');
  } catch {
    throw new DomainError('BAD_DATA', `${where}: ${unknownName('BAD_DATA', 'length unit', unit, Object.keys(LENGTH_UNITS)).message}`);
  }
}

/** Multiplies coordinate arrays in place. */
export function scaleInPlace(factor: number, ...arrays: (Float64Array | undefined)[]): void {
  if (factor === 1) return;
  for (const a of arrays) if (a) for (let i = 0; i < a.length; i++) a[i] = a[i]! * factor;
}
