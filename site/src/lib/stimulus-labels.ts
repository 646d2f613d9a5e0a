/**
 * Category names of the stimuli, for RDM axes, tooltips and CSVs: every stimulus id -> the class name of its RE
 * source photo (an AN or AI image of the Ibizan hound photo is labelled "Ibizan hound"), so row i reads as the same
 * category in the AN, RE and AI RDMs, as in the paper's Fig. 2B.
 */
import { loadFig1 } from './loaders.js';
import type { StimulusView } from './types.js';

/** Stimulus id -> category name of its RE source (pure). */
export function categoryLabels(stimuli: readonly StimulusView[]): Record<string, string> {
  const reClass = new Map(stimuli.filter((s) => s.kind === 'RE').map((s) => [s.sourceId, s.classLabel]));
  return Object.fromEntries(stimuli.map((s) => [s.id, reClass.get(s.sourceId) ?? s.classLabel]));
}

/** The labels of this build's study (the Fig. 1 stimuli loader, memoised per build). */
export async function stimulusLabels(): Promise<Record<string, string>> {
  return categoryLabels((await loadFig1()).stimuli);
}
