import { DomainError } from './errors.js';

export type FloatArray = Float32Array | Float64Array;

/** A dense row-major matrix `[rows x cols]`: element (i, j) is `data[i * cols + j]`. */
export interface Matrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

/** A matrix whose rows and columns carry ids (stimulus ids, unit or vertex ids). Align by id, never by position. */
export interface LabelledMatrix<T extends FloatArray = FloatArray> extends Matrix<T> {
  readonly rowIds: readonly string[];
  readonly colIds?: readonly string[];
}

export function matrix<T extends FloatArray>(rows: number, cols: number, data: T): Matrix<T> {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new DomainError('SHAPE_MISMATCH', `bad matrix shape [${rows} x ${cols}]`);
  }
  if (data.length !== rows * cols) {
    throw new DomainError('SHAPE_MISMATCH', `matrix [${rows} x ${cols}] needs ${rows * cols} values, got ${data.length}`);
  }
  return { rows, cols, data };
}

export function labelled<T extends FloatArray>(m: Matrix<T>, rowIds: readonly string[], colIds?: readonly string[]): LabelledMatrix<T> {
  if (rowIds.length !== m.rows) {
    throw new DomainError('SHAPE_MISMATCH', `${rowIds.length} row ids for a matrix with ${m.rows} rows`);
  }
  if (colIds && colIds.length !== m.cols) {
    throw new DomainError('SHAPE_MISMATCH', `${colIds.length} column ids for a matrix with ${m.cols} columns`);
  }
  const dup = firstDuplicate(rowIds);
  if (dup !== undefined) throw new DomainError('ID_MISMATCH', `duplicate row id '${dup}'`);
  return colIds ? { ...m, rowIds, colIds } : { ...m, rowIds };
}

export function zeros(rows: number, cols: number): Matrix<Float64Array> {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function row<T extends FloatArray>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}

export function get(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j]!;
}

/** Rows picked by index, in the given order. */
export function selectRows<T extends FloatArray>(m: Matrix<T>, idx: ArrayLike<number>): Matrix<T> {
  const Ctor = m.data.constructor as { new (n: number): T };
  const out = new Ctor(idx.length * m.cols);
  for (let r = 0; r < idx.length; r++) out.set(row(m, idx[r]!), r * m.cols);
  return { rows: idx.length, cols: m.cols, data: out };
}

/** Columns picked by index, in the given order. */
export function selectCols<T extends FloatArray>(m: Matrix<T>, idx: ArrayLike<number>): Matrix<T> {
  const Ctor = m.data.constructor as { new (n: number): T };
  const k = idx.length;
  const out = new Ctor(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    for (let j = 0; j < k; j++) out[i * k + j] = m.data[base + idx[j]!]!;
  }
  return { rows: m.rows, cols: k, data: out };
}

export function transpose<T extends FloatArray>(m: Matrix<T>): Matrix<T> {
  const Ctor = m.data.constructor as { new (n: number): T };
  const out = new Ctor(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j]!;
  return { rows: m.cols, cols: m.rows, data: out };
}

/**
 * Reorders `m`'s rows to follow `ids`. Throws ID_MISMATCH when the id sets differ: comparisons align by id.
 */
export function alignRows<T extends FloatArray>(m: LabelledMatrix<T>, ids: readonly string[]): LabelledMatrix<T> {
  assertSameIds(m.rowIds, ids, 'rows');
  const index = new Map(m.rowIds.map((id, i) => [id, i] as const));
  const sel = selectRows(m, ids.map((id) => index.get(id)!));
  return { ...sel, rowIds: ids, ...(m.colIds ? { colIds: m.colIds } : {}) };
}

export function assertSameIds(a: readonly string[], b: readonly string[], what = 'ids'): void {
  if (a.length !== b.length) {
    throw new DomainError('ID_MISMATCH', `${what}: ${a.length} ids vs ${b.length} ids`);
  }
  const set = new Set(a);
  for (const id of b) {
    if (!set.has(id)) throw new DomainError('ID_MISMATCH', `${what}: id '${id}' is missing on one side`);
  }
}

function firstDuplicate(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}
