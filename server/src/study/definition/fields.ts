import { DomainError } from '../../core/errors.js';

/**
 * Small readers for hand-validated JSON: each names the entry (`where`) and the field in its message, so a bad
 * study file says exactly what is wrong and where ("zhang2021: images[3] (Ibizan hound): ...").
 */
export type Json = Record<string, unknown>;

export function bad(where: string, message: string): DomainError {
  return new DomainError('BAD_DATA', `${where}: ${message}`);
}

export function obj(v: unknown, where: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(where, `expected an object, got ${describe(v)}`);
  return v as Json;
}

export function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw bad(where, `expected an array, got ${describe(v)}`);
  return v;
}

export function str(o: Json, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw bad(where, `'${key}' must be a non-empty string, got ${describe(v)}`);
  return v;
}

export interface NumOpts {
  readonly min?: number;
  readonly max?: number;
  readonly int?: boolean;
  /** Exclusive lower bound. */
  readonly above?: number;
}

export function num(o: Json, key: string, where: string, opts: NumOpts = {}): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(where, `'${key}' must be a finite number, got ${describe(v)}`);
  if (opts.int && !Number.isInteger(v)) throw bad(where, `'${key}' must be an integer, got ${v}`);
  if (opts.min !== undefined && v < opts.min) throw bad(where, `'${key}' must be >= ${opts.min}, got ${v}`);
  if (opts.max !== undefined && v > opts.max) throw bad(where, `'${key}' must be <= ${opts.max}, got ${v}`);
  if (opts.above !== undefined && v <= opts.above) throw bad(where, `'${key}' must be > ${opts.above}, got ${v}`);
  return v;
}

export function oneOf<T extends string>(o: Json, key: string, where: string, valid: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(valid as readonly string[]).includes(v)) {
    throw bad(where, `'${key}' must be one of ${valid.join(', ')}, got ${describe(v)}`);
  }
  return v as T;
}

export function bool(o: Json, key: string, where: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw bad(where, `'${key}' must be true or false, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
