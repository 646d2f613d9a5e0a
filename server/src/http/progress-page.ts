/**
 * The page `/` answers while the study is being computed or its site built (`start` listens at once; issue 12
 * item 2): one bar per stage kind, what is left, a rough estimate of the time left, and a link to the API, which
 * already answers `progress` and whatever is computed. It refreshes itself every few seconds and so turns into
 * the figure site once that is built. Server-rendered, no script, no external resource.
 */
import type { StudyProgress } from '../study/service.js';

export type SitePhase = 'computing' | 'building' | 'failed';

/** One served study as /health and this page report it (http/server.ts servedHealth). */
export interface StudyHealth {
  readonly id: string;
  readonly isDefault: boolean;
  readonly network: string | null;
  readonly computed: boolean;
  readonly phase: 'queued' | 'computing' | 'computed' | 'failed' | 'on_demand';
  readonly progress: StudyProgress['state'];
  /** Share of its stages done, 0..1 (doneFraction; 0 while queued, 1 once computed). */
  readonly fractionDone: number;
  readonly error: string | null;
}

export interface ProgressPageInput {
  readonly phase: SitePhase;
  /** The default study's progress (the stage bars). */
  readonly progress: StudyProgress;
  /** Every served study, when several are: one row each (computed, computing, queued). */
  readonly studies?: readonly StudyHealth[];
  /** Seconds left (see estimateSecondsLeft), or null when not yet estimable. */
  readonly secondsLeft: number | null;
  /** Why the site could not be built (phase 'failed'). */
  readonly message?: string;
  /** Seconds between refreshes (default 5). */
  readonly refreshS?: number;
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Share of the work done, each stage kind weighted equally: mean over stages of done / total (0 with no stages). */
export function doneFraction(p: StudyProgress): number {
  if (p.stages.length === 0) return 0;
  return p.stages.reduce((a, s) => a + (s.total > 0 ? Math.min(1, s.done / s.total) : 1), 0) / p.stages.length;
}

/**
 * Seconds left, extrapolating the rate since `startedMs`: elapsed x (1 - f) / f for the share f done. Null until
 * some work is done (f = 0) or when finished. Rough: stage kinds are weighted equally although their costs differ.
 */
export function estimateSecondsLeft(p: StudyProgress, startedMs: number, nowMs: number): number | null {
  const f = doneFraction(p);
  const elapsed = (nowMs - startedMs) / 1000;
  if (f <= 0 || f >= 1 || elapsed <= 0) return null;
  return (elapsed * (1 - f)) / f;
}

/** "about 12 min", "about 40 s", "under 10 s". */
export function formatDuration(s: number): string {
  if (s < 10) return 'under 10 s';
  if (s < 90) return `about ${Math.round(s / 10) * 10} s`;
  if (s < 5400) return `about ${Math.round(s / 60)} min`;
  return `about ${(s / 3600).toFixed(1)} h`;
}

export function progressPageHtml(o: ProgressPageInput): string {
  const { progress: p } = o;
  const heading = o.phase === 'building' ? 'Building the figure site' : o.phase === 'failed' ? 'The figure site could not be built' : 'Computing the study';
  const rows = p.stages.map((s) => {
    const pct = s.total > 0 ? Math.round((100 * Math.min(s.done, s.total)) / s.total) : 100;
    return `<tr><th scope="row">${esc(s.stage)}</th><td><progress max="${s.total}" value="${Math.min(s.done, s.total)}" aria-label="${esc(s.stage)} ${pct} %">${pct} %</progress></td>`
      + `<td>${s.done} / ${s.total}</td><td>${s.detail ? esc(s.detail) : ''}</td></tr>`;
  }).join('');
  const left = p.stages.filter((s) => s.done < s.total).map((s) => esc(s.stage));
  const studies = (o.studies ?? []).length > 1 ? studiesTable(o.studies!) : '';
  const waiting = (o.studies ?? []).filter((s) => !s.computed).map((s) => esc(s.id));
  const eta = o.phase === 'building' ? 'the site build takes about half a minute'
    // Every stage of the default study done: with several studies the site waits for the others (the comparison
    // page draws them all), so say that instead of an estimate of nothing.
    : p.stages.length > 0 && left.length === 0
      ? (waiting.length > 0 ? `none for this study; the site is built once ${waiting.join(', ')} ${waiting.length === 1 ? 'is' : 'are'} computed too (the table above)` : 'none; the figure site is built next')
    : o.secondsLeft === null ? 'not estimated yet (no stage has progressed)'
    : `${formatDuration(o.secondsLeft)} (rough: extrapolated from the share of each stage done so far, stages weighted equally)`;
  const refresh = o.refreshS ?? 5;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh}"><title>${heading} - adversarial-rsa</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}th,td{padding:.2rem .6rem;text-align:left}progress{width:16rem}.err{color:#a00}</style></head>
<body><h1>${heading}…</h1>
<p>The figures appear here when the study is computed and its site built; this page refreshes every ${refresh} s.
The API already answers: <a href="/graphql">/graphql</a> (the <code>progress</code> query and every result computed so far).</p>
${o.phase === 'failed' ? `<p class="err">${esc(o.message ?? 'unknown error')}</p>` : ''}
${p.error ? `<p class="err">Computation failed: ${esc(p.error)}</p>` : ''}
${studies}
<p>State${studies ? ' of the default study' : ''}: <b>${esc(p.state)}</b>. Time left: ${eta}.</p>
${rows ? `<table aria-label="Progress per stage"><thead><tr><th scope="col">Stage</th><th scope="col">Progress</th><th scope="col">Done</th><th scope="col">Now</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Planning the computation…</p>'}
<p>Left: ${left.length ? left.join(', ') : (o.phase === 'computing' ? 'nothing planned yet' : 'nothing to compute')}.</p>
</body></html>
`;
}

/** The served studies, one row each: the site is built once every one is computed (each is drawn on /compare/). */
function studiesTable(studies: readonly StudyHealth[]): string {
  const rows = studies.map((s) => {
    const pct = Math.round(100 * s.fractionDone);
    return `<tr data-study="${esc(s.id)}"><th scope="row">${esc(s.id)}${s.isDefault ? ' (default)' : ''}</th><td>${esc(s.network ?? '')}</td><td>${esc(s.phase.replace('_', ' '))}</td>`
      + `<td><progress max="100" value="${pct}" aria-label="${esc(s.id)} ${pct} %">${pct} %</progress></td><td>${s.error ? `<span class="err">${esc(s.error)}</span>` : ''}</td></tr>`;
  }).join('');
  return `<table aria-label="Progress per study"><thead><tr><th scope="col">Study</th><th scope="col">Network</th><th scope="col">State</th><th scope="col">Progress</th><th scope="col"></th></tr></thead><tbody>${rows}</tbody></table>
<p>The studies are computed one after another; each answers in the API (<code>study(id:) { progress }</code>) as soon as it is computed.</p>`;
}
