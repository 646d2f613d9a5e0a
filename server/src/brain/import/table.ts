import { DomainError } from '../../core/errors.js';

/**
 * Minimal delimited-text tables (CSV or TSV, chosen by the header line): a header row of column names, then one row
 * per record. No quoting: ids and labels in these files never contain the delimiter, and a quote is refused so a
 * quoted file is not silently mis-read.
 */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly name: string;
}

export function parseTable(text: string, name: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0 && !l.startsWith('#'));
  if (lines.length === 0) throw new DomainError('BAD_DATA', `${name}: empty table (a header row is required)`);
  const delim = lines[0]!.includes('\t') ? '\t' : ',';
  const split = (l: string, i: number): string[] => {
    if (l.includes('"')) throw new DomainError('BAD_DATA', `${name}: line ${i + 1} has a quote; quoted fields are not supported`);
    return l.split(delim).map((s) => s.trim());
  };
  const columns = split(lines[0]!, 0).map((c) => c.toLowerCase());
  const rows = lines.slice(1).map((l, i) => {
    const r = split(l, i + 1);
    if (r.length !== columns.length) {
      throw new DomainError('BAD_DATA', `${name}: line ${i + 2} has ${r.length} fields, the header has ${columns.length} (${columns.join(', ')})`);
    }
    return r;
  });
  return { columns, rows, name };
}

/** Index of a required column; the error lists the columns present. */
export function column(t: Table, ...names: string[]): number {
  for (const n of names) {
    const i = t.columns.indexOf(n);
    if (i >= 0) return i;
  }
  throw new DomainError('BAD_DATA', `${t.name}: missing column '${names[0]}'${names.length > 1 ? ` (or ${names.slice(1).join(', ')})` : ''}; columns present: ${t.columns.join(', ')}`);
}

export function optionalColumn(t: Table, ...names: string[]): number | undefined {
  for (const n of names) {
    const i = t.columns.indexOf(n);
    if (i >= 0) return i;
  }
  return undefined;
}

/** A numeric cell; non-numbers are refused with their position. */
export function num(t: Table, row: number, col: number): number {
  const raw = t.rows[row]![col]!;
  const v = Number(raw);
  if (raw === '' || Number.isNaN(v)) {
    throw new DomainError('BAD_DATA', `${t.name}: line ${row + 2}, column '${t.columns[col]}': '${raw}' is not a number`);
  }
  return v;
}

/** Serialises rows under a header, comma-separated, one trailing newline. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  // String(number) is the shortest text that reads back to the same float64.
  const cell = (v: string | number): string => String(v);
  return [columns.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

