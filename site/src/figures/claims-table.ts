/**
 * "Does the paper's result hold here?" (issue 11, item 5): the paper's claims as tables. `claimsTable` is one
 * study's: each claim's statement (with where in the paper), its verdict, the numbers the verdict used and the
 * paper's numbers for the same quantities, and why. `claimsAcrossStudies` is one row per claim and one column per
 * study (its network), each cell the verdict and the study's headline number next to the paper's. Verdicts are
 * words as well as colours (greyscale and screen readers).
 */
import { esc } from './render.js';
import type { ClaimNumberView, ClaimSetView, ClaimStatus } from '../lib/claims-types.js';

export const STATUS_TEXT: Record<ClaimStatus, string> = { HOLDS: 'holds', FAILS: 'fails', NOT_COMPUTABLE: 'not computable' };

export function statusBadge(status: ClaimStatus): string {
  return `<span class="claim-status ${status.toLowerCase()}" data-status="${status}">${STATUS_TEXT[status]}</span>`;
}

/** A number of a claim: "14 / 15" for counts, 3 decimals otherwise, "n/a" when undefined; the note after it. */
export function formatClaimNumber(n: ClaimNumberView): string {
  const v = n.value === null || !Number.isFinite(n.value) ? 'n/a'
    : n.total !== null ? `${n.value} / ${n.total}` : Number.isInteger(n.value) ? String(n.value) : n.value.toFixed(3);
  return `${esc(n.name)}: <b>${esc(v)}</b>${n.note ? ` <small>(${esc(n.note)})</small>` : ''}`;
}

/** The headline numbers (first `shown`), the rest (e.g. one p per subject x ROI) folded away under a count. */
function list(ns: readonly ClaimNumberView[], shown = 3): string {
  if (ns.length === 0) return '—';
  const li = (xs: readonly ClaimNumberView[]) => `<ul>${xs.map((n) => `<li>${formatClaimNumber(n)}</li>`).join('')}</ul>`;
  return li(ns.slice(0, shown)) + (ns.length > shown ? `<details><summary>${ns.length - shown} more</summary>${li(ns.slice(shown))}</details>` : '');
}

/** One study's claims: [claims] -> HTML table. */
export function claimsTable(set: ClaimSetView): string {
  if (set.claims.length === 0) throw new Error(`claimsTable: study ${set.study} has no claims`);
  const rows = set.claims.map((c) => `<tr data-claim="${esc(c.id)}"><th scope="row">${esc(c.statement)}<br><small style="font-weight:normal">${esc(c.where)}; test: ${esc(c.test)}</small></th>`
    + `<td>${statusBadge(c.status)}<br><small>${esc(c.detail)}</small></td><td>${list(c.used)}</td><td>${list(c.paper)}</td></tr>`).join('');
  return `<p class="claims-summary">Study <b>${esc(set.study)}</b> (${esc(set.network)}; RDMs ${esc(set.dissimilarity)}, compared by ${esc(set.comparison)}, ${set.draws} draws; encoding ${esc(set.encodingFamily)}, ${esc(set.encodingReading.toLowerCase().replace(/_/g, ' '))}): `
    + `<b>${set.holds}</b> hold, <b>${set.fails}</b> fail, <b>${set.notComputable}</b> not computable of ${set.claims.length}.</p>`
    + `<table class="claims" aria-label="The paper's claims on study ${esc(set.study)}"><thead><tr><th scope="col">Claim (paper)</th><th scope="col">Here</th>`
    + `<th scope="col">Numbers used</th><th scope="col">The paper's numbers</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Claims x studies: [claim sets, one per study] -> HTML table (claims in the first set's order). */
export function claimsAcrossStudies(sets: readonly ClaimSetView[]): string {
  if (sets.length === 0) throw new Error('claimsAcrossStudies: no studies');
  const ids = [...new Set(sets.flatMap((s) => s.claims.map((c) => c.id)))];
  const byId = sets.map((s) => new Map(s.claims.map((c) => [c.id, c])));
  const first = (id: string) => byId.map((m) => m.get(id)).find((c) => c !== undefined)!;
  const head = sets.map((s) => `<th scope="col" data-study="${esc(s.study)}">${esc(s.study)}<br><small>${esc(s.network)}</small></th>`).join('');
  const rows = ids.map((id) => {
    const c0 = first(id);
    const paper = c0.paper[0] ? formatClaimNumber(c0.paper[0]) : '—';
    const cells = byId.map((m) => {
      const c = m.get(id);
      if (!c) return '<td>—</td>';
      return `<td data-status="${c.status}">${statusBadge(c.status)}${c.used[0] ? `<br><small>${formatClaimNumber(c.used[0])}</small>` : ''}</td>`;
    }).join('');
    return `<tr data-claim="${esc(id)}"><th scope="row">${esc(c0.statement)}</th><td><small>${paper}</small></td>${cells}</tr>`;
  }).join('');
  const totals = sets.map((s) => `<td><b>${s.holds}</b> hold, ${s.fails} fail, ${s.notComputable} n/c</td>`).join('');
  return `<table class="claims-across" aria-label="The paper's claims across the served studies"><thead><tr><th scope="col">Claim</th><th scope="col">Paper</th>${head}</tr></thead>`
    + `<tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th><td></td>${totals}</tr></tfoot></table>`;
}
