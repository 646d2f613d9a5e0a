/**
 * CSV writers. Arrays: a header row `id,<column ids>` then one row per leading index, first cell the row id;
 * arrays of rank > 2 flatten their leading axes (row id "t<trial>/<stimulus id>" for [trials x stimuli x
 * vertices]). Float32 values are printed as the shortest decimal that reads back as the same float32.
 */
export interface LabelledArray {
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
  readonly rowIds: readonly string[];
  readonly colIds: readonly string[];
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? formatNumber(v, false) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatNumber(v: number, f32: boolean): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (!f32) return String(v);
  // Shortest decimal that reads back as the same float32 (at most 9 significant digits).
  for (let p = 1; p < 9; p++) {
    const t = Number(v.toPrecision(p));
    if (Math.fround(t) === v) return String(t);
  }
  return String(Number(v.toPrecision(9)));
}

export function arrayToCsv(arr: LabelledArray): string {
  const nCols = arr.shape.at(-1) ?? 1;
  const nRows = arr.shape.length <= 1 ? 1 : arr.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const f32 = arr.data instanceof Float32Array;
  const colIds = arr.colIds.length === nCols ? arr.colIds : Array.from({ length: nCols }, (_, j) => String(j));
  const rowId = rowLabeller(arr, nRows);
  const lines: string[] = [['id', ...colIds].map(csvCell).join(',')];
  for (let i = 0; i < nRows; i++) {
    const cells = new Array<string>(nCols + 1);
    cells[0] = csvCell(rowId(i));
    for (let j = 0; j < nCols; j++) cells[j + 1] = formatNumber(arr.data[i * nCols + j]!, f32);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

function rowLabeller(arr: LabelledArray, nRows: number): (i: number) => string {
  if (arr.rowIds.length === nRows) return (i) => arr.rowIds[i]!;
  const inner = arr.shape.length >= 3 ? arr.shape.at(-2)! : nRows;
  if (arr.rowIds.length === inner) return (i) => `t${Math.floor(i / inner)}/${arr.rowIds[i % inner]}`;
  return (i) => String(i);
}

/** A table of records: header from `columns`, one line per row. */
export function tableToCsv(columns: readonly string[], rows: readonly (readonly unknown[])[], metadata: readonly [string, string][] = []): string {
  const meta = metadata.map(([k, v]) => `# ${k}: ${v.replace(/[\r\n]+/g, ' ')}`);
  return [...meta, columns.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}
