/**
 * The post hoc power table (paper [F, p.8]): per ROI, the effect size dz of the paired RE-AI minus RE-AN
 * differences over subjects, the power of a paired t-test at alpha .05 with N subjects, and the minimum N for
 * power 0.8; a final row averages power and minimum N across ROIs, as the paper reports.
 */
import { esc } from './render.js';
import type { PowerView } from '../lib/types.js';

/** [records per ROI] -> HTML table string. */
export function powerTable(records: readonly PowerView[]): string {
  if (records.length === 0) throw new Error('powerTable: no power records');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (v: number | null, d = 3) => (v !== null && Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const rows = records.map((r) => `<tr><th scope="row">${esc(r.roi)}</th><td>${r.nSubjects}</td><td>${fmt(r.dz, 2)}</td><td>${fmt(r.power)}</td><td>${fmt(r.minN)}</td></tr>`).join('');
  const avg = `<tr class="mean"><th scope="row">Mean</th><td></td><td></td><td>${fmt(mean(records.map((r) => r.power)))}</td><td>${fmt(mean(records.map((r) => r.minN ?? NaN)))}</td></tr>`;
  return '<table class="power" aria-label="Post hoc power of the paired t-test per ROI">'
    + '<thead><tr><th scope="col">ROI</th><th scope="col">N subjects</th><th scope="col">Effect size d<sub>z</sub></th>'
    + '<th scope="col">Power (α = .05)</th><th scope="col">Minimum N (power .8)</th></tr></thead>'
    + `<tbody>${rows}${avg}</tbody></table>`;
}
