import { describe, expect, it } from 'vitest';
import { labelled, matrix } from '../../../server/src/core/matrix.js';
import { Rng } from '../../../server/src/core/rng.js';
import { diskNeighbours, searchlightSimilarity } from '../../../server/src/analysis/searchlight.js';

describe('searchlight', () => {
  const rng = new Rng(3);
  const V = 300;
  const x = Float64Array.from({ length: V }, () => rng.uniformIn(0, 20));
  const y = Float64Array.from({ length: V }, () => rng.uniformIn(0, 20));
  it('disk neighbours equal the brute-force search', () => {
    const nb = diskNeighbours(x, y, 3);
    for (let i = 0; i < V; i += 7) {
      const want: number[] = [];
      for (let j = 0; j < V; j++) if ((x[j]! - x[i]!) ** 2 + (y[j]! - y[i]!) ** 2 <= 9) want.push(j);
      expect(Array.from(nb[i]!)).toEqual(want);
    }
  });
  it('maps RE-AI high where AI shares RE structure and near 0 where it does not', () => {
    const n = 10;
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    const re = Float64Array.from({ length: n * V }, () => rng.normal());
    // AI follows RE on the left half of the patch (x < 10) and is independent on the right
    const ai = re.map((v, q) => (x[q % V]! < 10 ? v + 0.2 * rng.normal() : rng.normal()));
    const an = Float64Array.from({ length: n * V }, () => rng.normal());
    const maps = searchlightSimilarity(
      { RE: labelled(matrix(n, V, re), ids), AN: labelled(matrix(n, V, an), ids), AI: labelled(matrix(n, V, ai), ids) },
      diskNeighbours(x, y, 3),
    );
    const m = maps.get('RE_AI')!;
    const left: number[] = [];
    const right: number[] = [];
    for (let v = 0; v < V; v++) if (!Number.isNaN(m[v]!)) (x[v]! < 7 ? left : x[v]! > 13 ? right : []).push(m[v]!);
    const avg = (a: number[]) => a.reduce((s, b) => s + b, 0) / a.length;
    expect(avg(left)).toBeGreaterThan(0.6);
    expect(Math.abs(avg(right))).toBeLessThan(0.15);
    expect(maps.get('RE_AN')!.length).toBe(V);
  });
});
