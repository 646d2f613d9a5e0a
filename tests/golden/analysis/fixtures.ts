import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { matrix, type Matrix } from '../../../server/src/core/matrix.js';
import { asFloat64, decodeNpy } from '../../../server/src/core/npy.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/analysis');

/** Reads a fixture written by tests/fixtures/analysis/make_analysis_fixtures.py or make_edge_fixtures.py. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

/** max |a - b| / max(1, |b|) over two arrays. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return m;
}

/** A JSON fixture whose NaN values were written as null (JSON has no NaN), with null read back as NaN. */
export function fixtureWithNaN<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'), (_k, v: unknown) => (v === null ? NaN : v)) as T;
}

/** A .npy fixture as a row-major float64 matrix. */
export function fixtureMatrix(name: string): Matrix<Float64Array> {
  const a = decodeNpy(readFileSync(join(dir, name)), name);
  const [rows, cols] = a.shape.length === 2 ? a.shape : [a.shape[0]!, 1];
  return matrix(rows!, cols!, asFloat64(a));
}

/** Equal as numbers, NaN equal to NaN (SciPy's NaN positions must be reproduced exactly). */
export function expectNanAware(got: ArrayLike<number>, want: ArrayLike<number>, digits: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!)) expect(got[i], `entry ${i}`).toBeNaN();
    else expect(got[i], `entry ${i}`).toBeCloseTo(want[i]!, digits);
  }
}
