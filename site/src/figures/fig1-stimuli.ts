/**
 * Fig. 1: the stimuli. For each category shown, its RE image (top), AN image (middle) and AI image (bottom), each
 * with the network's top label and probability and the human percept as the paper annotates it ("noise" for AN,
 * the RE name for AI) [F, Fig. 1]. Images are <img> elements with alt text, not Plot marks.
 *
 * `fig1Stimuli` shows one category per group (the paper shows one per class: dog, bird, car, fruit, aquatic);
 * `stimulusGallery` shows every source image with its AN, AI and AI_CONTROL images (the control set,
 * gradient ascent from the RE image to p > .99, drawn in the gallery so that every stimulus the service holds is seen).
 */
import { esc } from './render.js';
import type { StimulusView } from '../lib/types.js';

const KINDS = ['RE', 'AN', 'AI'] as const;
const GALLERY_KINDS = ['RE', 'AN', 'AI', 'AI_CONTROL'] as const;
const KIND_NAME = { RE: 'regular', AN: 'adversarial noise', AI: 'adversarial interference', AI_CONTROL: 'control AI (network only)' } as const;

/** Alt text: what the image is, what the network says, what humans see. */
export function altText(s: StimulusView): string {
  const top = s.top[0];
  const net = top ? `network: ${top.label} (${(top.probability * 100).toFixed(1)} %)` : 'network: unclassified';
  return `${KIND_NAME[s.kind as keyof typeof KIND_NAME] ?? s.kind} (${s.kind}) image for ImageNet class "${s.classLabel}"; ${net}; human percept: ${s.humanLabel}`;
}

function cell(s: StimulusView | undefined, size: number, lazy: boolean): string {
  if (!s) return '<td class="stim missing">missing</td>';
  const top = s.top[0];
  return `<td class="stim stim-${esc(s.kind)}"><img src="${esc(s.imageUrl)}" alt="${esc(altText(s))}" width="${size}" height="${size}"${lazy ? ' loading="lazy"' : ''}>`
    + `<div class="net">Network: <b>${esc(top?.label ?? '—')}</b> ${top ? `${(top.probability * 100).toFixed(1)}&nbsp;%` : ''}</div>`
    + `<div class="human">Human: ${esc(s.humanLabel)}</div></td>`;
}

/** Index stimuli by source id and kind. */
function bySource(stimuli: readonly StimulusView[]): Map<string, Partial<Record<string, StimulusView>>> {
  const m = new Map<string, Partial<Record<string, StimulusView>>>();
  for (const s of stimuli) {
    const e = m.get(s.sourceId) ?? {};
    e[s.kind] = s;
    m.set(s.sourceId, e);
  }
  return m;
}

function table(sources: string[], index: Map<string, Partial<Record<string, StimulusView>>>, size: number, label: string, cls: string, lazy = false, kinds: readonly (keyof typeof KIND_NAME)[] = KINDS): string {
  const head = sources.map((id) => {
    const re = index.get(id)?.RE;
    return `<th scope="col">${esc(re?.classLabel ?? id)}<br><small>${esc(re?.group ?? '')}</small></th>`;
  }).join('');
  // A study without an AI_CONTROL set gets no row of "missing" cells for it; the paper's kinds always show.
  const present = kinds.filter((k) => k !== 'AI_CONTROL' || sources.some((id) => index.get(id)?.[k]));
  const rows = present.map((k) => `<tr><th scope="row">${k}<br><small>${KIND_NAME[k]}</small></th>${sources.map((id) => cell(index.get(id)?.[k], size, lazy)).join('')}</tr>`).join('');
  return `<table class="${cls}" aria-label="${esc(label)}"><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** One example category per group (first RE of each group, in id order): HTML table string. */
export function fig1Stimuli(stimuli: readonly StimulusView[], options: { size?: number } = {}): string {
  const index = bySource(stimuli);
  const res = stimuli.filter((s) => s.kind === 'RE');
  if (res.length === 0) throw new Error('fig1Stimuli: no RE stimuli');
  const groups = [...new Set(res.map((s) => s.group))];
  const sources = groups.map((g) => res.filter((s) => s.group === g).sort((a, b) => a.id.localeCompare(b.id))[0]!.sourceId);
  return table(sources, index, options.size ?? 150, 'Figure 1: RE, AN and AI images per category', 'fig1');
}

/** Every source with its AN and AI images, one table per group: HTML string. */
export function stimulusGallery(stimuli: readonly StimulusView[], options: { size?: number; perRow?: number } = {}): string {
  const index = bySource(stimuli);
  const res = stimuli.filter((s) => s.kind === 'RE');
  if (res.length === 0) throw new Error('stimulusGallery: no RE stimuli');
  const perRow = options.perRow ?? 8;
  return [...new Set(res.map((s) => s.group))].map((g) => {
    const ids = res.filter((s) => s.group === g).map((s) => s.sourceId).sort();
    const chunks: string[] = [];
    for (let i = 0; i < ids.length; i += perRow) chunks.push(table(ids.slice(i, i + perRow), index, options.size ?? 110, `Stimuli of group ${g}`, 'gallery', true, GALLERY_KINDS));
    return `<section class="gallery-group"><h2>${esc(g)}</h2>${chunks.join('')}</section>`;
  }).join('');
}
