/**
 * "Which dissimilarity, and why" on the default study's page (issue 11, item 6): the decision, and the evidence of
 * the convention grid behind it, every number read from the grid cells (Grid.computedDraws, grid(draws:)), so the
 * text stays true when the grid is recomputed. Per computed cell: RE-AN and RE-AI at the output (ordinal 9), the
 * output-reversal claim, the Mann-Kendall trend of RE-AN over layers 1..8 and its claim, each labelled with its draws.
 */
import { esc } from './render.js';
import { statusBadge } from './claims-table.js';
import { cellLabel } from './grid-table.js';
import type { ClaimStatus, GridCellView } from '../lib/claims-types.js';
import type { StudyGridsByDraws } from '../lib/grid-loaders.js';

/** The two CNN claims the decision reads (analysis/claims ids). */
export const REVERSAL_CLAIM = 'cnn_an_above_ai_at_output';
export const TREND_CLAIM = 'cnn_an_increases';
const OUTPUT_ORDINAL = 9;

const NAMES: Record<string, string> = { one_minus_spearman: '1 − Spearman', one_minus_pearson: '1 − Pearson', euclidean: 'Euclidean', cosine: '1 − cosine', squared_euclidean_per_channel: 'squared Euclidean per channel' };
const dissimilarityName = (m: string) => NAMES[m.toLowerCase()] ?? m.toLowerCase();

export interface CellEvidence {
  /** Lower-case method names as the registries spell them (analysis/rdm.ts), e.g. one_minus_spearman. */
  readonly dissimilarity: string;
  readonly comparison: string;
  readonly draws: number;
  readonly studyConvention: boolean;
  readonly reAnOutput: number | null;
  readonly reAiOutput: number | null;
  readonly reversal: ClaimStatus | null;
  readonly trendTau: number | null;
  readonly trendP: number | null;
  readonly trend: ClaimStatus | null;
}

/** The evidence of one computed cell (null for a cell not computed). */
export function cellEvidence(c: GridCellView): CellEvidence | null {
  if (c.claims === null) return null;
  const out = c.layers.find((l) => l.ordinal === OUTPUT_ORDINAL)?.name;
  const at = (pair: string) => c.similarities.find((s) => s.source.kind === 'layer' && s.source.layer === out && s.pair === pair)?.value ?? null;
  const status = (id: string) => c.claims!.claims.find((x) => x.id === id)?.status ?? null;
  const trend = c.trends.find((t) => t.pair === 'RE_AN');
  return {
    dissimilarity: c.dissimilarity.toLowerCase(), comparison: c.comparison.toLowerCase(), draws: c.draws, studyConvention: c.studyConvention,
    reAnOutput: at('RE_AN'), reAiOutput: at('RE_AI'), reversal: status(REVERSAL_CLAIM), trendTau: trend?.tau ?? null, trendP: trend?.p ?? null, trend: status(TREND_CLAIM),
  };
}

export interface DrawsSummary {
  readonly draws: number;
  readonly cells: readonly CellEvidence[];
  /** Per dissimilarity (grid order): cells where the output reversal holds, of the computed cells. */
  readonly reversalBy: readonly { readonly dissimilarity: string; readonly holds: number; readonly of: number }[];
  readonly trendHolds: number;
}

export function drawsSummary(draws: number, cells: readonly GridCellView[]): DrawsSummary {
  const ev = cells.map(cellEvidence).filter((e): e is CellEvidence => e !== null);
  const order = [...new Set(ev.map((e) => e.dissimilarity))];
  return {
    draws, cells: ev,
    reversalBy: order.map((d) => ({ dissimilarity: d, holds: ev.filter((e) => e.dissimilarity === d && e.reversal === 'HOLDS').length, of: ev.filter((e) => e.dissimilarity === d).length })),
    trendHolds: ev.filter((e) => e.trend === 'HOLDS').length,
  };
}

const num = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : v.toFixed(3));
const badge = (s: ClaimStatus | null) => (s === null ? 'n/a' : statusBadge(s));
const count = (n: number, of: number) => `<b>${n}</b> of ${of} cell${of === 1 ? '' : 's'}`;

/** The sentences of one draws count's evidence, every number from the cells. */
function evidenceText(s: DrawsSummary, own: string): string {
  const per = s.reversalBy.map((r) => `under ${esc(dissimilarityName(r.dissimilarity))} in ${count(r.holds, r.of)}`).join(', ');
  const holdsUnder = s.reversalBy.filter((r) => r.holds > 0).map((r) => r.dissimilarity);
  const others = holdsUnder.filter((d) => d !== own);
  const ownRow = s.reversalBy.find((r) => r.dissimilarity === own);
  let verdict = '';
  if (others.length > 0 && ownRow && ownRow.holds === 0) {
    verdict = ` So the reversal holds under ${others.map((d) => esc(dissimilarityName(d))).join(' and ')} but never under ${esc(dissimilarityName(own))}`
      + (s.trendHolds === 0 ? ', while the RE-AN trend holds in no cell: no dissimilarity reproduces both parts of the paper\'s CNN result here.' : '.');
  }
  return `<p class="evidence" data-draws="${s.draws}">At <b>${s.draws} draws</b> per cell (${s.cells.length} computed cell${s.cells.length === 1 ? '' : 's'}): the output reversal `
    + `(RE-AN above RE-AI at the output) holds ${per}; the RE-AN trend over layers 1..8 (Mann-Kendall p &lt; .05) holds in ${count(s.trendHolds, s.cells.length)}.${verdict}</p>`;
}

function evidenceTable(summaries: readonly DrawsSummary[]): string {
  const rows = summaries.flatMap((s) => s.cells.map((e) => `<tr data-dissimilarity="${esc(e.dissimilarity)}" data-comparison="${esc(e.comparison)}" data-draws="${e.draws}">`
    + `<th scope="row">${esc(cellLabel(e))}${e.studyConvention ? ' <small>(the study\'s own)</small>' : ''}</th>`
    + `<td class="draws">${e.draws}</td><td class="re-an-output">${num(e.reAnOutput)}</td><td class="re-ai-output">${num(e.reAiOutput)}</td>`
    + `<td class="reversal" data-status="${e.reversal ?? ''}">${badge(e.reversal)}</td>`
    + `<td class="trend-tau">${num(e.trendTau)} (p ${num(e.trendP)})</td><td class="trend" data-status="${e.trend ?? ''}">${badge(e.trend)}</td></tr>`)).join('');
  return `<div style="overflow-x:auto"><table class="decision-evidence" aria-label="Output reversal and RE-AN trend per computed grid cell">`
    + '<thead><tr><th scope="col">Cell</th><th scope="col">Draws</th><th scope="col">RE-AN at output</th><th scope="col">RE-AI at output</th><th scope="col">Output reversal (RE-AN &gt; RE-AI)</th><th scope="col">RE-AN trend τ (p)</th><th scope="col">RE-AN trend</th></tr></thead>'
    + `<tbody>${rows}</tbody></table></div>`;
}

/**
 * [the study's grids at every computed draws count] -> the section's HTML: the decision (the study's own
 * dissimilarity), the evidence per draws count, or, when no cell besides the study's own is computed, what to run.
 */
export function dissimilarityDecision(g: StudyGridsByDraws): string {
  const own = g.dissimilarity.toLowerCase();
  const paper = own === 'one_minus_spearman';
  const decision = `<p class="decision"><b>Decision:</b> study ${esc(g.study)} keeps <b>${esc(dissimilarityName(own))}</b> RDMs (<code>${esc(own)}</code>)`
    + (paper ? ', the paper\'s stated convention [paper §2.4]' : ', its study file\'s choice')
    + '. The dissimilarity is fixed before looking at the results: choosing the one under which a result appears would choose the analysis by its outcome. The convention grid shows how much the CNN results depend on it.</p>';
  const summaries = g.sections.map((s) => drawsSummary(s.draws, s.grid.cells)).filter((s) => s.cells.some((e) => !e.studyConvention));
  if (summaries.length === 0) {
    return decision + `<p class="no-grid-cell">No convention-grid cell besides the study's own is computed, so there is no evidence to show yet. Compute the grid with `
      + `<code>adversarial-rsa seed --study ${esc(g.study)} --grid --grid-draws 100</code> (fewer draws per cell than the study's ${g.draws}; every value then says its draws) and rebuild the site.</p>`;
  }
  return decision + summaries.map((s) => evidenceText(s, own)).join('') + evidenceTable(summaries);
}
