import { PAPER_IMAGES } from './paper.js';
import { count, notComputable, verdict } from './select.js';
import type { ClaimDefinition, ClaimInputs } from './types.js';
import type { StimulusRecord } from './records.js';

/**
 * Claims about the stimuli (paper-digest 1-2): the network's classification of the RE, AN and AI images, read from
 * each stimulus's top-1 class and probability.
 */

type Kind = 'RE' | 'AN' | 'AI';

function classified(inputs: ClaimInputs, kind: Kind, expected: (s: StimulusRecord) => number | null, threshold: number, what: string) {
  const set = inputs.stimuli.filter((s) => s.kind === kind);
  if (set.length === 0) return notComputable(`the study has no ${kind} stimuli`);
  const scored = set.filter((s) => s.top.length > 0);
  if (scored.length < set.length) return notComputable(`${set.length - scored.length} of ${set.length} ${kind} stimuli have no classification`);
  const misses: string[] = [];
  let lowest = Infinity;
  for (const s of set) {
    const top = s.top[0]!;
    const want = expected(s);
    const p = top.index === want ? top.probability : 0;
    lowest = Math.min(lowest, p);
    if (!(top.index === want && top.probability > threshold)) misses.push(s.id);
  }
  const hits = set.length - misses.length;
  const used = [
    count(`${kind} images ${what}`, hits, set.length),
    { name: `lowest probability of the expected class when it is top-1 (0 when it is not)`, value: lowest },
  ];
  const shown = misses.slice(0, 8).join(', ') + (misses.length > 8 ? ', ...' : '');
  return verdict(misses.length === 0, used, misses.length === 0
    ? `all ${set.length} ${kind} images ${what}`
    : `${misses.length} of ${set.length} ${kind} images do not: ${shown}`);
}

export const STIMULI_CLAIMS = {
  re_classified_confidently: {
    section: 'stimuli',
    where: 'Methods, p. 3',
    statement: 'AlexNet can classify all [40 RE] images into their corresponding categories with probabilities greater than 0.99.',
    test: 'Every RE image has its own category as the network\'s top-1 class with probability > .99.',
    paper: [count('RE images top-1 correct with p > .99', PAPER_IMAGES, PAPER_IMAGES)],
    evaluate: (inputs) => classified(inputs, 'RE', (s) => s.classIndex, 0.99, 'top-1 correct with p > .99'),
  },
  an_classified_as_category: {
    section: 'stimuli',
    where: 'Methods, p. 4',
    statement: 'All the probabilities of generated AN images ... being classified into RE images were greater than 0.99.',
    test: 'Every AN image has the category of its RE image as the top-1 class with probability > .99.',
    paper: [count('AN images classified as their RE category with p > .99', PAPER_IMAGES, PAPER_IMAGES)],
    evaluate: (inputs) => classified(inputs, 'AN', (s) => s.classIndex, 0.99, 'classified as their RE category with p > .99'),
  },
  ai_classified_as_target: {
    section: 'stimuli',
    where: 'Methods, p. 4',
    statement: 'Random noise was added until the probability for the [pre-selected] wrong class exceeded 0.5 (i.e., wrong class label as the top1 label).',
    test: 'Every AI image has its pre-selected wrong class as the top-1 class with probability > .5.',
    paper: [count('AI images classified as their wrong target with p > .5', PAPER_IMAGES, PAPER_IMAGES)],
    evaluate: (inputs) => classified(inputs, 'AI', (s) => s.targetIndex, 0.5, 'classified as their wrong target with p > .5'),
  },
} satisfies Record<string, ClaimDefinition>;
