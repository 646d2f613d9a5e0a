import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { NetworkSpec } from '../../networks/types.js';
import { imageNetClasses } from '../../stimuli/classes.js';
import type { Choice, ModeMeasurement } from '../../stimuli/choose.js';
import { parseStudy } from './definition.js';
import { obj } from './fields.js';

/**
 * Writes a category choice into a study file: `images`, `preprocessing` and `selection` are replaced, every other
 * section (generation, analysis, brain: edited by hand) is kept. The result is validated before it replaces the
 * file (written beside it, then renamed), so a study file is never left half-written or invalid.
 */
export function writeChoice(path: string, choice: Choice, spec: NetworkSpec, rule: { perGroup: number; targetSeed: number; keepKnown: boolean },
  byNetwork: Readonly<Record<string, readonly ModeMeasurement[]>> = {}): void {
  const raw = obj(JSON.parse(readFileSync(path, 'utf8')), path);
  const classes = imageNetClasses();
  const next = {
    ...raw,
    network: spec.name,
    preprocessing: {
      mode: choice.mode,
      why: 'chosen by measurement (server/src/stimuli/choose.ts): the mode that classifies all five Fig. 1 photos correctly, then the most group photos correctly',
      measurements: choice.measurements,
      ...(Object.keys(byNetwork).length > 1 ? { networksCompared: byNetwork } : {}),
    },
    imagesPerGroup: rule.perGroup,
    images: choice.images.map((im) => {
      const c = classes[im.classIndex]!;
      const t = classes[im.aiTarget]!;
      return {
        group: im.group, classIndex: c.index, wnid: c.wnid, label: c.label, file: c.file, sha256: im.sha256,
        probability: im.probability, aiTarget: { classIndex: t.index, label: t.label },
      };
    }),
    selection: {
      rule: 'per group: the Fig. 1 class, then the classes whose sample photo the network classifies correctly (top-1), by decreasing correct-class probability; AI targets: Fig. 1 targets, else seeded draws without repeats from classes outside the five groups',
      command: `adversarial-rsa stimuli choose --study ${String(raw.id)}`,
      network: spec.name,
      weightsSha256: spec.weightsSha256,
      targetSeed: rule.targetSeed,
      keepKnown: rule.keepKnown,
      incorrect: choice.images.filter((im) => !im.correct).map((im) => classes[im.classIndex]!.label),
    },
  };
  parseStudy(next, String(raw.id));
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, formatStudy(next));
  renameSync(tmp, path);
}

/** Pretty JSON with one line per image (reviewable diffs). */
export function formatStudy(study: Record<string, unknown>): string {
  const images = (study.images as unknown[]) ?? [];
  const text = JSON.stringify({ ...study, images: images.map((_, i) => `@@image${i}@@`) }, null, 2);
  return `${images.reduce<string>((t, im, i) => t.replace(`"@@image${i}@@"`, JSON.stringify(im)), text)}\n`;
}
