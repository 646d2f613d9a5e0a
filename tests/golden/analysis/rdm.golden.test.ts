import { describe, expect, it } from 'vitest';
import { matrix } from '../../../server/src/core/matrix.js';
import { compareRdms, COMPARISON_METHOD_NAMES, RDM_METHOD_NAMES, rdmVector } from '../../../server/src/analysis/rdm.js';
import { fixture, maxRelErr } from './fixtures.js';

interface RdmCase { n: number; p: number; x: number[]; rdms: Record<string, number[]> }
interface CmpCase { a: number[]; b: number[]; [k: string]: number[] | number }
const { rdm, compare } = fixture<{ rdm: RdmCase[]; compare: CmpCase[] }>('rdm.json');

describe('RDM methods against scipy pdist', () => {
  for (const [c, k] of rdm.map((c, k) => [c, k] as const)) {
    for (const method of RDM_METHOD_NAMES) {
      it(`${method}, case ${k} [${c.n} x ${c.p}]`, () => {
        const got = rdmVector(matrix(c.n, c.p, Float64Array.from(c.x)), method);
        expect(maxRelErr(got, c.rdms[method]!)).toBeLessThan(1e-12);
      });
    }
  }
  it('float32 patterns give the same RDMs to float32 precision', () => {
    const c = rdm[2]!;
    const got = rdmVector(matrix(c.n, c.p, Float32Array.from(c.x)), 'one_minus_spearman');
    expect(maxRelErr(got, c.rdms.one_minus_spearman!)).toBeLessThan(1e-12); // ties survive the float32 cast: ranks exact
  });
});

describe('RDM comparisons against scipy', () => {
  compare.forEach((c, k) => {
    for (const method of COMPARISON_METHOD_NAMES) {
      it(`${method}, case ${k} (${c.a.length} entries)`, () => {
        expect(compareRdms(c.a, c.b, method)).toBeCloseTo(c[method] as number, 12);
      });
    }
  });
});
