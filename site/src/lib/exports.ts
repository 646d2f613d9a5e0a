/**
 * The data behind each figure as CSV, written by the site next to the pages (/data/<name>.csv) from exactly the
 * records the figure was drawn from, so every figure links to its numbers even when the service is not running.
 * Bulk arrays (activations, responses, RDM sets) stay downloads of the service itself.
 */
import { studyLoaders, type StudyLoaders } from './study-loaders.js';
import type { SimilarityView, DifferenceView, RdmView } from './types.js';

type Row = Record<string, string | number | boolean | null>;

/** RFC 4180 CSV with a header row; numbers written in full precision. */
export function toCsv(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]!);
  const cell = (v: Row[string]) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? null)).join(','))].join('\n') + '\n';
}

const srcCols = (s: SimilarityView['source']) => (s.kind === 'layer'
  ? { layer: s.layer, subject: null, roi: null } : { layer: null, subject: s.subject, roi: s.roi as string });
const simRows = (xs: readonly SimilarityView[]) => xs.map((s) => ({ ...srcCols(s.source), pair: s.pair, value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh, p: s.p }));
/** One row per upper-triangle cell (pdist order k), naming its two stimuli and their categories. */
const rdmRows = (r: RdmView, labels: Record<string, string>) => {
  const out: Row[] = [];
  const n = r.stimulusIds.length;
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++, k++) {
    const a = r.stimulusIds[i]!; const b = r.stimulusIds[j]!;
    out.push({ ...srcCols(r.source), stimulusKind: r.stimulusKind, method: r.method, pairIndex: k, rowStimulus: a, columnStimulus: b, rowCategory: labels[a] ?? null, columnCategory: labels[b] ?? null, dissimilarity: r.vector[k] ?? null });
  }
  return out;
};
const diffRows = (xs: readonly DifferenceView[]) => xs.map((s) => ({ ...srcCols(s.source), pair: 'RE_AI_minus_RE_AN', value: s.value, ciLow: s.ciLow, ciHigh: s.ciHigh, p: s.p }));

/** Name -> rows loader for every exported table of one study's loaders (the root pages' or a study's). */
export function exportsOf(L: StudyLoaders) {
  return {
    fig1: async () => (await L.fig1()).stimuli.map((s) => ({ id: s.id, kind: s.kind, sourceId: s.sourceId, group: s.group, classLabel: s.classLabel, targetLabel: s.targetLabel, humanLabel: s.humanLabel, networkLabel: s.top[0]?.label ?? null, networkProbability: s.top[0]?.probability ?? null })),
    'fig2-rois': async () => (await L.fig2()).patches.flatMap((p) => p.x.map((x, i) => ({ subject: p.subject, hemisphere: p.hemisphere, x, y: p.y[i]!, roi: p.roi[i] ?? null }))),
    'fig2-rdms': async () => { const labels = await L.labels(); return (await L.fig2()).rdms.flatMap((r) => rdmRows(r, labels)); },
    fig3: async () => { const d = await L.fig3(); return [...simRows(d.similarities), ...diffRows(d.differences)]; },
    fig4: async () => (await L.fig4()).maps.flatMap((m) => m.values.map((v, i) => ({ subject: m.subject, hemisphere: m.hemisphere, pair: m.pair, x: m.x[i]!, y: m.y[i]!, roi: m.roi[i] ?? null, value: v }))),
    fig5: async () => { const d = await L.fig5(); return [...simRows(d.similarities), ...diffRows(d.differences), ...d.trends.map((t) => ({ layer: t.layers.join(' '), pair: `trend_${t.pair}_${t.direction}`, value: t.tau, ciLow: null, ciHigh: null, p: t.p }))]; },
    fig6: async () => { const d = await L.fig6(); return d.encoding.map((e) => ({ subject: e.subject, roi: e.roi, layer: e.layer, family: d.family, reading: d.reading, testKind: e.testKind, r: e.r, ciLow: e.ciLow, ciHigh: e.ciHigh, p: e.p })); },
    power: async () => (await L.power()).power.map((p) => ({ ...p })),
  } satisfies Record<string, () => Promise<Row[]>>;
}

/** The root pages' tables (/data/<name>.csv). */
export const EXPORTS = exportsOf(studyLoaders());

export type ExportName = keyof ReturnType<typeof exportsOf>;

/** Download entry of an exported table. */
export function csvLink(name: ExportName, label = 'CSV of the plotted values') {
  return { label, url: `/data/${name}.csv`, format: 'csv' };
}

/** The service's bulk exports (/export/<name>.csv|json, from the Study operation) whose name is in `names`. */
export function serviceExports(downloads: readonly { label: string; url: string; format?: string }[], ...names: string[]) {
  return downloads.filter((d) => names.some((n) => d.url.startsWith(`/export/${n}.`)));
}
