import { diskNeighbours } from '../analysis/searchlight.js';
import { DomainError } from '../core/errors.js';
import type { VertexTable } from './types.js';

/**
 * Searchlight neighbourhoods of a subject's vertices (paper §3.9: a disk of radius 3 mm on the flattened surface,
 * Chen et al. 2011; a sphere for volume data). Neighbours never cross hemispheres: each hemisphere is its own flat
 * patch, with its own origin. Euclidean distance on the flat patch stands in for the paper's shortest path on the
 * flattened surface (the same on a flat, hole-free patch). Each neighbourhood includes the centre vertex and lists
 * indices into the vertex table in increasing order. Flat patches use analysis/searchlight.ts diskNeighbours per
 * hemisphere (the same disks the searchlight maps use); volumes use spheres, found with a uniform grid of
 * `radius`-sized cells, O(n).
 */
export function searchlightNeighbours(t: VertexTable, radiusMm: number): Int32Array[] {
  if (!(radiusMm > 0)) throw new DomainError('BAD_USER_INPUT', `searchlight radius must be > 0 mm, got ${radiusMm}`);
  return t.z ? sphereNeighbours(t, radiusMm) : flatNeighbours(t, radiusMm);
}

/** Disks per hemisphere patch, indices mapped back to the whole table (ascending, as the subset is ascending). */
function flatNeighbours(t: VertexTable, radiusMm: number): Int32Array[] {
  const out: Int32Array[] = new Array(t.ids.length);
  for (const h of new Set(t.hemisphere)) {
    const idx: number[] = [];
    for (let i = 0; i < t.ids.length; i++) if (t.hemisphere[i] === h) idx.push(i);
    const nb = diskNeighbours(idx.map((i) => t.x[i]!), idx.map((i) => t.y[i]!), radiusMm);
    idx.forEach((i, k) => { out[i] = Int32Array.from(nb[k]!, (j) => idx[j]!); });
  }
  return out;
}

function sphereNeighbours(t: VertexTable, radiusMm: number): Int32Array[] {
  const n = t.ids.length;
  const z = t.z;
  const cell = (i: number): [number, number, number] => [
    Math.floor(t.x[i]! / radiusMm),
    Math.floor(t.y[i]! / radiusMm),
    z ? Math.floor(z[i]! / radiusMm) : 0,
  ];
  const key = (h: string, a: number, b: number, c: number): string => `${h}:${a}:${b}:${c}`;
  const grid = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const [a, b, c] = cell(i);
    const k = key(t.hemisphere[i]!, a, b, c);
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  const r2 = radiusMm * radiusMm;
  const dz = z ? 1 : 0;
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = cell(i);
    const h = t.hemisphere[i]!;
    const found: number[] = [];
    for (let da = -1; da <= 1; da++) {
      for (let db = -1; db <= 1; db++) {
        for (let dc = -dz; dc <= dz; dc++) {
          const list = grid.get(key(h, a + da, b + db, c + dc));
          if (!list) continue;
          for (const j of list) {
            const ex = t.x[j]! - t.x[i]!;
            const ey = t.y[j]! - t.y[i]!;
            const ez = z ? z[j]! - z[i]! : 0;
            if (ex * ex + ey * ey + ez * ez <= r2) found.push(j);
          }
        }
      }
    }
    out.push(Int32Array.from(found).sort());
  }
  return out;
}
