import { DomainError } from '../core/errors.js';
import { alignRows, selectCols, type LabelledMatrix } from '../core/matrix.js';
import type { Hemisphere, RoiName, SimilarityPair } from '../domain/vocabulary.js';
import type { SearchlightMap } from '../domain/records.js';
import { compareRdms, DEFAULT_COMPARISON, DEFAULT_RDM_METHOD, rdmVector } from './rdm.js';

/**
 * Searchlight RSA on a flattened cortical patch (docs/paper-digest.md 3.9 and 5.3; Fig. 4): for every vertex, the vertices
 * within a 2D disk of radius r (3 mm in the paper; Euclidean distance on the flat map approximates the geodesic)
 * form the features of the RDMs. The same neighbourhoods drive vertex selection (split-half RE reliability).
 */

/**
 * Disk neighbourhoods: for vertex i, the indices j (ascending, i included) with |(x_j, y_j) - (x_i, y_i)| <= r.
 * A grid hash with cells of size r means only the 3 x 3 cells around a vertex are searched: O(V * disk).
 */
export function diskNeighbours(x: ArrayLike<number>, y: ArrayLike<number>, radiusMm: number): Int32Array[] {
  const n = x.length;
  if (y.length !== n) throw new DomainError('SHAPE_MISMATCH', `${n} x coordinates but ${y.length} y coordinates`);
  if (!(radiusMm > 0)) throw new DomainError('BAD_USER_INPUT', `searchlight radius ${radiusMm} mm must be > 0`);
  const cell = new Map<string, number[]>();
  const key = (cx: number, cy: number): string => `${cx},${cy}`;
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor(x[i]! / radiusMm), Math.floor(y[i]! / radiusMm));
    const list = cell.get(k);
    if (list) list.push(i);
    else cell.set(k, [i]);
  }
  const r2 = radiusMm * radiusMm;
  const out: Int32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(x[i]! / radiusMm);
    const cy = Math.floor(y[i]! / radiusMm);
    const found: number[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = cell.get(key(cx + dx, cy + dy));
        if (!list) continue;
        for (const j of list) {
          const ex = x[j]! - x[i]!;
          const ey = y[j]! - y[i]!;
          if (ex * ex + ey * ey <= r2) found.push(j);
        }
      }
    }
    out[i] = Int32Array.from(found).sort();
  }
  return out;
}

export interface SearchlightInput {
  /** `[40 x vertices]` responses per kind (trials averaged); rows labelled by category, columns in vertex order. */
  readonly RE: LabelledMatrix;
  readonly AN: LabelledMatrix;
  readonly AI: LabelledMatrix;
  readonly AI_CONTROL?: LabelledMatrix;
}

/**
 * RE-X similarity in the disk around every vertex -> one `[vertices]` map per pair. Disks with fewer than
 * `minVertices` vertices (default 3: a 1-vertex Spearman RDM is undefined) get NaN.
 */
export function searchlightSimilarity(
  input: SearchlightInput,
  neighbours: readonly Int32Array[],
  options: { rdmMethod?: string; comparison?: string; minVertices?: number } = {},
): Map<SimilarityPair, Float64Array> {
  const rdmMethod = options.rdmMethod ?? DEFAULT_RDM_METHOD;
  const comparison = options.comparison ?? DEFAULT_COMPARISON;
  const minVertices = options.minVertices ?? 3;
  const kinds: [SimilarityPair, LabelledMatrix][] = [['RE_AN', input.AN], ['RE_AI', input.AI]];
  if (input.AI_CONTROL) kinds.push(['RE_AI_CONTROL', input.AI_CONTROL]);
  const V = input.RE.cols;
  if (neighbours.length !== V) throw new DomainError('SHAPE_MISMATCH', `${neighbours.length} neighbourhoods for ${V} vertices`);
  const others = kinds.map(([pair, m]) => {
    if (m.cols !== V) throw new DomainError('SHAPE_MISMATCH', `${pair}: ${m.cols} vertices, RE has ${V}`);
    return [pair, alignRows(m, input.RE.rowIds)] as const;
  });
  const maps = new Map<SimilarityPair, Float64Array>(kinds.map(([pair]) => [pair, new Float64Array(V).fill(NaN)]));
  for (let v = 0; v < V; v++) {
    const disk = neighbours[v]!;
    if (disk.length < minVertices) continue;
    const re = rdmVector(selectCols(input.RE, disk), rdmMethod);
    for (const [pair, m] of others) maps.get(pair)![v] = compareRdms(re, rdmVector(selectCols(m, disk), rdmMethod), comparison);
  }
  return maps;
}

/** Packs one pair's map as the SearchlightMap record of model.ts. */
export function searchlightRecord(args: {
  subject: string; hemisphere: Hemisphere; pair: SimilarityPair; radiusMm: number; vertexIds: readonly string[];
  x: ArrayLike<number>; y: ArrayLike<number>; roi: readonly (RoiName | null)[]; values: Float64Array;
}): SearchlightMap {
  return { ...args, x: Array.from(args.x), y: Array.from(args.y), values: Array.from(args.values) };
}
