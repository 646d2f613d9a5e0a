import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpz } from '../../../../server/src/networks/weights/npz.js';
import type { RawTensor } from '../../../../server/src/networks/weights/tensors.js';

/** Fixtures written by tests/fixtures/networks/alexnet/make_alexnet_fixtures.py (PyTorch 1.13). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/networks/alexnet');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export function readFixtureNpz(name: string): Map<string, RawTensor> {
  return readNpz(readFileSync(fixture(name)), name);
}

/** max |a - b| / max(1e-6, max |b|): the error relative to the reference's scale. */
export function relMaxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / Math.max(1e-6, m);
}
