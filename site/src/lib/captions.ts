/**
 * Figure captions: what was computed (method, network, data simulated or real), in the paper's terms, with the
 * section of the paper each analysis follows. HTML strings (escaped values).
 */
import { esc } from '../figures/render.js';
import type { StudyInfo } from './api.js';

export function brainData(study: StudyInfo): string {
  return study.simulated
    ? '<b>simulated</b> brain responses (an image-computable model of visual cortex that does not use the network; not measured fMRI)'
    : '<b>measured</b> (imported) brain responses';
}

export function network(study: StudyInfo): string {
  return `network <b>${esc(study.network)}</b>${study.networkDescription ? ` (${esc(study.networkDescription)})` : ''}, backend ${esc(study.backend)}`;
}

/** How this study's AI images were made, read from its generation parameters (the paper's uniform noise or the
 * gradient-signed variant the MobileNets need; see server/src/stimuli/generate/proposals.ts). */
export function aiMethod(study: StudyInfo): string {
  let ai: { proposal?: string; amplitude?: number } | undefined;
  try {
    ai = (JSON.parse(study.parameters) as { generation?: { AI?: { proposal?: string; amplitude?: number } } }).generation?.AI;
  } catch {
    ai = undefined;
  }
  const a = ai?.amplitude ?? 5;
  return ai?.proposal === 'gradient_sign'
    ? `the RE image plus accepted noise steps of random size in [0, ${a}] per pixel, signed by the gradient of the wrong class's log probability (the CCN 2018 description; the paper's pure uniform ±${a} noise does not converge on MobileNets)`
    : `the RE image plus accepted uniform ±${a} pixel noise`;
}

export const CAPTIONS = {
  fig1: (s: StudyInfo) => `<b>Figure 1.</b> Stimuli: one regular (RE) ImageNet photo per group, its adversarial-noise (AN) image (gradient ascent from the ImageNet mean until the ${network(s)} assigns the RE class with p &gt; .99) and its adversarial-interference (AI) image (${aiMethod(s)} until a pre-selected wrong class has p &gt; .5) [paper §2.1]. Under each image: the network's top label and probability, and the human percept as the paper annotates it ("noise" for AN, the RE name for AI; no human experiment was run here).`,
  fig2: (s: StudyInfo, method: string) => `<b>Figure 2.</b> (A) Regions of interest V1, V2, V3, V4 and LO on the flattened cortical patch of each subject and hemisphere (${brainData(s)}). (B) Example representational dissimilarity matrices (RDMs, ${esc(method)}) of the AN, RE and AI images: row and column i are the same category in all three [paper §2.4, Fig. 2B].`,
  fig3: (s: StudyInfo) => `<b>Figure 3.</b> RE-AN and RE-AI similarity (Spearman correlation between RDMs) per subject and ROI, from ${brainData(s)}. Error bars: 95 % percentile intervals over subsamplings of 80 % of the selected vertices; "*" above a bar: similarity above the permutation null (RE labels permuted), p &lt; .05; bracket with "*": RE-AI minus RE-AN difference significant over the subsamplings, p &lt; .05 [paper §2.4, Fig. 3].`,
  fig4: (s: StudyInfo) => `<b>Figure 4.</b> Searchlight RSA: RE-AN and RE-AI similarity (Spearman) of the RDMs in a disk around each vertex of the flattened cortical patch, per subject and hemisphere, from ${brainData(s)}; colour scale 0 to 0.4 as in the paper (values outside are clamped) [paper §2.4.3, Fig. 4].`,
  fig5: (s: StudyInfo) => `<b>Figure 5.</b> RE-AN and RE-AI similarity (Spearman correlation between RDMs) in each read-out layer of the ${network(s)} and its output (class probabilities). Error bars: 95 % intervals over subsamplings of 80 % of the units; "*": above the permutation null, p &lt; .05; bracket with "*": RE-AI minus RE-AN significant, p &lt; .05; trend: Mann-Kendall test over the layers (output excluded) [paper §3.2, Fig. 5].`,
  fig6: (s: StudyInfo, family: string, reading: string) => `<b>Figure 6.</b> Accuracy of vertex encoding models (${esc(family)}) fitted on the layer activations of the ${network(s)} to the RE images and tested on the AN and AI images: Pearson r between predicted and measured responses (${esc(reading.toLowerCase().replace(/_/g, ' '))}), from ${brainData(s)}. Error bars: 95 % intervals over subsamplings of 80 % of the vertices; "*": p &lt; .05 against the permutation null (two-sided) [paper §2.5, Fig. 6].`,
  power: (s: StudyInfo) => `Post hoc power of a paired t-test (α = .05, N = number of subjects) on the per-subject RE-AI minus RE-AN similarity differences, effect size d<sub>z</sub> = mean / sd of the differences, and the minimum N for power .8, from ${brainData(s)} [paper §3.1].`,
} as const;
