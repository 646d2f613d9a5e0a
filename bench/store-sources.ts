/**
 * Real activations and ROI responses of a computed study, for the similarity bench (issue 14: real activations,
 * with their ties and sparsity, behave differently from synthetic ones). How the store is found, first hit wins:
 * ARSA_BENCH_STORE (a store directory or .sqlite file), ARSA_STORE, then the default <project>/data/store.sqlite.
 * Without one the bench says so and runs on synthetic rows only. The store is only read (copy a shared one first:
 * SQLite may write its -shm file beside it).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alignRows, labelled, type LabelledMatrix } from '../server/src/core/matrix.js';
import { openStore } from '../server/src/store/open.js';
import type { ArtifactStore } from '../server/src/store/types.js';
import { activationPatterns, type ActivationsPayload } from '../server/src/study/pipeline/network-stages.js';
import { BRAIN_KINDS, roiPatterns, roisOf, selectedOf, subjectOf, type BrainPayload, type SelectionPayload } from '../server/src/study/pipeline/brain-stages.js';

export interface RealSource {
  readonly label: string;
  /** RE first, then the other kinds aligned to RE's rows. */
  readonly patterns: LabelledMatrix[];
}

/** The store file the bench reads, and how it was found; undefined with the reason when there is none. */
export function findStore(): { path: string; how: string } | { path: undefined; how: string } {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const candidates: [string | undefined, string][] = [
    [process.env.ARSA_BENCH_STORE, 'ARSA_BENCH_STORE'],
    [process.env.ARSA_STORE && !/^postgres/.test(process.env.ARSA_STORE) ? process.env.ARSA_STORE : undefined, 'ARSA_STORE'],
    [join(root, 'data/store.sqlite'), 'the default data/store.sqlite'],
  ];
  for (const [p, how] of candidates) {
    if (!p) continue;
    const file = existsSync(join(p, 'store.sqlite')) ? join(p, 'store.sqlite') : p;
    if (existsSync(file)) return { path: file, how };
    if (how !== 'the default data/store.sqlite') return { path: undefined, how: `${how}=${p} does not exist` };
  }
  return { path: undefined, how: 'no store found: set ARSA_BENCH_STORE to a store directory or .sqlite file holding the default study (e.g. one `npm start` computed)' };
}

const aligned = (re: LabelledMatrix, others: LabelledMatrix[]): LabelledMatrix[] => [re, ...others.map((m) => labelled(alignRows(m, re.rowIds), re.rowIds))];

function zeros(m: LabelledMatrix): string {
  let z = 0;
  for (const v of m.data) if (v === 0) z++;
  return `${((100 * z) / m.data.length).toFixed(0)} % zeros`;
}

/** Every activations entry of at least `minUnits` units, largest first. */
async function layers(store: ArtifactStore, minUnits: number): Promise<RealSource[]> {
  const out: RealSource[] = [];
  for (const info of await store.list('activations')) {
    const a = (await store.get(info.key))!.payload as unknown as ActivationsPayload;
    if (a.meta.units < minUnits) continue;
    const re = activationPatterns(a, 'RE')!;
    const others = (['AN', 'AI', 'AI_CONTROL'] as const).map((k) => activationPatterns(a, k)).filter((m) => m !== undefined);
    out.push({ label: `layer ${a.meta.layer} (${zeros(re)})`, patterns: aligned(re, others) });
  }
  return out.sort((x, y) => y.patterns[0]!.cols - x.patterns[0]!.cols);
}

/**
 * The ROI sources of the first subject of the study's first brain selection (as similarity.roi builds them). A
 * selection names its subject by id (brain.subjects v4); stores written before that name it by index.
 */
async function rois(store: ArtifactStore): Promise<RealSource[]> {
  const sel = (await store.list('brain.selection')).find((i) => ['number', 'string'].includes(typeof (JSON.parse(i.params) as { subject?: unknown }).subject));
  if (!sel) return [];
  const named = (JSON.parse(sel.params) as { subject: number | string }).subject;
  const selection = (await store.get(sel.key))!.payload as unknown as SelectionPayload;
  const brain = (await store.get(sel.inputs[0]!))?.payload as unknown as BrainPayload | undefined;
  if (!brain) return [];
  const index = typeof named === 'number' ? named : brain.meta.subjects.findIndex((m) => m.id === named);
  if (index < 0) return [];
  const s = subjectOf(brain, index);
  try {
    return roisOf(selection).map((roi) => {
      const idx = selectedOf(selection, roi);
      const [re, ...others] = BRAIN_KINDS.map((k) => roiPatterns(s, idx, k));
      return { label: `ROI ${s.meta.id} ${roi}`, patterns: aligned(re!, others) };
    });
  } catch (e) {
    // a store written by another version of the brain stages (its parts are named otherwise): layers only
    console.log(`  (no ROI sources: the store's brain artifact does not read as this version's: ${e instanceof Error ? e.message : String(e)})`);
    return [];
  }
}

/** The layers (at least `minUnits` units) and ROI sources of the store at `path`. */
export async function storeSources(path: string, minUnits = 1000): Promise<RealSource[]> {
  const store = openStore({ storePath: path });
  try {
    return [...(await layers(store, minUnits)), ...(await rois(store))];
  } finally {
    await store.close();
  }
}
