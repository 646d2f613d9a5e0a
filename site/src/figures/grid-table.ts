/**
 * The convention grid of one study (issue 11, item 6): claims x cells, each cell one RDM dissimilarity x RDM
 * comparison. A computed cell shows each claim's verdict; a cell not computed yet (`seed --grid`) says so, never a
 * blank that could read as "fails". The study's own convention is marked. Fig. 5 per cell is compare-fig5.ts.
 */
import { esc } from './render.js';
import { statusBadge } from './claims-table.js';
import type { GridCellView, StudyGridView } from '../lib/claims-types.js';

/** Short names of the registries' methods (analysis/rdm.ts), for headers; an unknown name is shown as it is. */
const SHORT: Record<string, string> = {
  one_minus_spearman: '1 − Spearman', one_minus_pearson: '1 − Pearson', euclidean: 'Euclidean', cosine: 'cosine',
  spearman: 'Spearman', pearson: 'Pearson', kendall_tau_a: 'Kendall τa',
};
const short = (m: string) => SHORT[m.toLowerCase()] ?? m.toLowerCase();

/** "1 − Spearman RDMs, Spearman comparison (100 draws)". */
export function cellLabel(c: { readonly dissimilarity: string; readonly comparison: string; readonly draws: number }): string {
  return `${short(c.dissimilarity)} RDMs, ${short(c.comparison)} comparison (${c.draws} draws)`;
}

/** [grid of one study] -> HTML table of claims (rows) x cells (columns). */
export function gridTable(grid: StudyGridView): string {
  if (grid.cells.length === 0) throw new Error(`gridTable: study ${grid.study} has no grid cells`);
  const computed = grid.cells.filter((c) => c.claims !== null);
  const ids = [...new Set(computed.flatMap((c) => c.claims!.claims.map((x) => x.id)))];
  const statement = new Map(computed.flatMap((c) => c.claims!.claims.map((x) => [x.id, x.statement] as const)));
  const head = grid.cells.map((c) => `<th scope="col"${c.studyConvention ? ' class="own"' : ''} title="${esc(cellLabel(c))}">${esc(short(c.dissimilarity))}<br>× ${esc(short(c.comparison))}`
    + `<br><small>${c.draws} draws${c.studyConvention ? '; the study\'s own' : ''}</small></th>`).join('');
  // The statement in small type under the claim's id keeps the row header narrow enough for nine cells.
  const rows = ids.map((id) => `<tr data-claim="${esc(id)}"><th scope="row" style="min-width:14rem;font-weight:normal"><b>${esc(id)}</b><br><small>${esc(statement.get(id) ?? '')}</small></th>${grid.cells.map((c) => {
    if (c.claims === null) return '<td class="not-computed">not computed</td>';
    const x = c.claims.claims.find((k) => k.id === id);
    return x ? `<td data-status="${x.status}" title="${esc(x.detail)}">${statusBadge(x.status)}</td>` : '<td>—</td>';
  }).join('')}</tr>`).join('');
  const totals = grid.cells.map((c) => (c.claims === null ? '<td class="not-computed">run seed --grid</td>' : `<td><b>${c.claims.holds}</b> hold, ${c.claims.fails} fail, ${c.claims.notComputable} n/c</td>`)).join('');
  return `<div style="overflow-x:auto"><table class="grid" aria-label="The paper's claims per convention-grid cell of study ${esc(grid.study)}"><thead><tr><th scope="col">Claim</th>${head}</tr></thead>`
    + `<tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th>${totals}</tr></tfoot></table></div>`;
}
