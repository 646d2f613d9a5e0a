import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../core/hash.js';
import { loadBatch, RESIZE_MODES, type ResizeMode } from '../core/image.js';
import { noProgress, type ProgressFn } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import type { Network } from '../networks/types.js';
import { imageNetClasses } from './classes.js';
import { GROUP_CLASSES, GROUP_NAMES, KNOWN_PAIRS, outsideGroups, type GroupName } from './groups.js';

/**
 * How the study's 40 categories, their AI targets and the preprocessing mode are chosen (issue "Stimuli"; paper
 * section 2.2: one photo from each of 40 categories, "AlexNet can classify all images into their corresponding
 * categories with probabilities greater than 0.99"). Supplementary Table 1 is lost, so:
 *
 * 1. Every group class's sample photo is classified by the study network in both preprocessing modes.
 * 2. Mode: the one that classifies all five Fig. 1 photos correctly (top-1); ties broken by the number of chosen
 *    images meeting the paper's criterion (correct with p > 0.99), then of group photos classified correctly,
 *    then by the mean correct-class probability of the chosen images.
 * 3. Per group: the Fig. 1 class first, then the other classes whose photo is classified correctly, by decreasing
 *    correct-class probability (so every class meeting the paper's p > 0.99 comes before any that does not),
 *    until the group has `perGroup` images.
 * 4. AI targets: the Fig. 1 targets for the Fig. 1 images; for the others, drawn in image order with a seeded Rng
 *    from the classes outside all five groups, without repeats (and never a Fig. 1 target).
 */
export interface ModeMeasurement {
  readonly mode: ResizeMode;
  /** Fig. 1 photos classified correctly (top-1), of 5; with their correct-class probabilities. */
  readonly knownCorrect: number;
  readonly known: readonly { readonly label: string; readonly top1: string; readonly probability: number }[];
  /** Group photos classified correctly (top-1), of all group classes. */
  readonly groupCorrect: number;
  readonly groupTotal: number;
  /**
   * Chosen images meeting the paper's RE criterion on this network (top-1 correct with p > 0.99, section 2.2);
   * absent in measurements recorded before it was measured.
   */
  readonly chosenMeetingCriterion?: number;
  /** Mean correct-class probability of the images the rule would choose in this mode. */
  readonly chosenMeanProbability: number;
  readonly chosenMinProbability: number;
}

export interface ChosenImage {
  readonly group: GroupName;
  readonly classIndex: number;
  readonly probability: number;
  readonly correct: boolean;
  readonly sha256: string;
  readonly known: boolean;
  readonly aiTarget: number;
}

export interface Choice {
  readonly mode: ResizeMode;
  readonly measurements: readonly ModeMeasurement[];
  readonly images: readonly ChosenImage[];
}

export interface ChooseOptions {
  readonly perGroup: number;
  readonly targetSeed: number;
  /** Candidate modes (default: both). */
  readonly modes?: readonly ResizeMode[];
  /**
   * Keep the Fig. 1 classes (default true). The reduced CI study turns this off: the small MobileNetV1
   * misclassifies three of the five Fig. 1 photos, and its RE images should be classified correctly like the
   * default study's.
   */
  readonly keepKnown?: boolean;
}

/** The paper's RE criterion (section 2.2; the same threshold as study/re-criterion.ts, which reports it per study). */
const RE_CRITERION = 0.99;

/** Classifies the group photos and applies the rule above. `modes` restricts the candidates (default: both). */
export async function chooseCategories(
  net: Network, imagesDir: string, opts: ChooseOptions, onProgress: ProgressFn = noProgress,
): Promise<Choice> {
  const classes = imageNetClasses();
  const candidates = GROUP_NAMES.flatMap((g) => GROUP_CLASSES[g].map((c) => ({ group: g, c })));
  const size = net.spec.inputSize;
  const modes = opts.modes ?? RESIZE_MODES;
  const probsByMode = new Map<ResizeMode, Float32Array[]>();
  let done = 0;
  for (const mode of modes) {
    const rows: Float32Array[] = [];
    for (let s = 0; s < candidates.length; s += 32) {
      const chunk = candidates.slice(s, s + 32);
      const batch = await loadBatch(chunk.map((x) => join(imagesDir, classes[x.c]!.file)), size, mode);
      const { probs } = await net.classify(batch);
      for (let r = 0; r < chunk.length; r++) rows.push(Float32Array.from(probs.data.subarray(r * 1000, (r + 1) * 1000)));
      done += chunk.length;
      onProgress({ stage: 'choose', done, total: candidates.length * modes.length, detail: mode });
    }
    probsByMode.set(mode, rows);
  }
  const scored = (mode: ResizeMode) => candidates.map((x, i) => {
    const p = probsByMode.get(mode)![i]!;
    return { ...x, probability: p[x.c]!, correct: argmax(p) === x.c, top1: argmax(p) };
  });
  const pickFor = (mode: ResizeMode) => {
    const s = scored(mode);
    return GROUP_NAMES.flatMap((g) => {
      const known = KNOWN_PAIRS.find((k) => k.group === g)!;
      const keep = opts.keepKnown ?? true;
      const first = keep ? [s.find((x) => x.c === known.classIndex)!] : [];
      const rest = s.filter((x) => x.group === g && (!keep || x.c !== known.classIndex) && x.correct)
        .sort((a, b) => b.probability - a.probability || a.c - b.c);
      return [...first, ...rest].slice(0, opts.perGroup);
    });
  };
  const measurements: ModeMeasurement[] = modes.map((mode) => {
    const s = scored(mode);
    const known = KNOWN_PAIRS.map((k) => s.find((x) => x.c === k.classIndex)!);
    const picked = pickFor(mode);
    const chosen = picked.map((x) => x.probability);
    return {
      mode,
      knownCorrect: known.filter((x) => x.correct).length,
      chosenMeetingCriterion: picked.filter((x) => x.correct && x.probability > RE_CRITERION).length,
      known: known.map((x) => ({ label: classes[x.c]!.label, top1: classes[x.top1]!.label, probability: round6(x.probability) })),
      groupCorrect: s.filter((x) => x.correct).length,
      groupTotal: s.length,
      chosenMeanProbability: round6(chosen.reduce((a, b) => a + b, 0) / chosen.length),
      chosenMinProbability: round6(Math.min(...chosen)),
    };
  });
  const best = [...measurements].sort(compareMeasurements)[0]!;
  const picked = pickFor(best.mode);
  const targets = drawTargets(picked.map((x) => x.c), opts.targetSeed);
  return {
    mode: best.mode,
    measurements,
    images: picked.map((x, i) => ({
      group: x.group, classIndex: x.c, probability: round6(x.probability), correct: x.correct,
      sha256: sha256(readFileSync(join(imagesDir, classes[x.c]!.file))),
      known: KNOWN_PAIRS.some((k) => k.classIndex === x.c), aiTarget: targets[i]!,
    })),
  };
}

/**
 * Better first: more Fig. 1 photos correct, then more chosen images meeting the paper's criterion (p > 0.99), then
 * more group photos correct, then higher mean chosen probability.
 */
export function compareMeasurements(a: ModeMeasurement, b: ModeMeasurement): number {
  return b.knownCorrect - a.knownCorrect || (b.chosenMeetingCriterion ?? 0) - (a.chosenMeetingCriterion ?? 0)
    || b.groupCorrect - a.groupCorrect || b.chosenMeanProbability - a.chosenMeanProbability;
}

/** The measurement of the mode a choice settled on. */
export function chosenMeasurement(choice: Choice): ModeMeasurement {
  return choice.measurements.find((m) => m.mode === choice.mode)!;
}

/** AI targets for the given RE classes: Fig. 1 targets where known, else seeded draws outside the groups, no repeats. */
export function drawTargets(classes: readonly number[], seed: number): number[] {
  const rng = new Rng(`ai-targets:${seed}`);
  const used = new Set<number>(KNOWN_PAIRS.map((k) => k.target));
  const pool = outsideGroups();
  return classes.map((c) => {
    const known = KNOWN_PAIRS.find((k) => k.classIndex === c);
    if (known) return known.target;
    for (;;) {
      const t = pool[rng.int(pool.length)]!;
      if (!used.has(t)) {
        used.add(t);
        return t;
      }
    }
  });
}

function argmax(p: Float32Array): number {
  let b = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[b]!) b = i;
  return b;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
