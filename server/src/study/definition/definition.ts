import { isAbsolute, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../config/config.js';
import { RESIZE_MODES, type ResizeMode } from '../../core/image.js';
import { formatStimulusId } from '../../domain/stimulus-id.js';
import { imageNetClass } from '../../stimuli/classes.js';
import { arr, bad, bool, num, obj, oneOf, str, type Json } from './fields.js';
import type { GenerationParamsByKind, GradientParams, RandomSearchParams } from '../../stimuli/generate/types.js';
import { AI_PROPOSALS } from '../../stimuli/generate/proposals.js';
import { GROUP_NAMES, groupOf, requireGroup, type GroupName } from '../../stimuli/groups.js';

/**
 * A study definition (seed/<id>.json): which network, which RE images, which AI targets, and every parameter of
 * generation, analysis and brain simulation, so that a study is fixed and reviewable. Validated on load by
 * `parseStudy`, by hand, with messages that name the entry.
 */
export interface StudyImage {
  /** Stimulus id of the RE image: "RE-<wnid>". */
  readonly id: string;
  readonly group: GroupName;
  readonly classIndex: number;
  readonly wnid: string;
  readonly label: string;
  /** File name inside the images directory. */
  readonly file: string;
  readonly sha256: string;
  /** The study network's probability of the correct class for this photo (as chosen), or null if not measured. */
  readonly probability: number | null;
  readonly aiTarget: { readonly classIndex: number; readonly label: string };
}

/** Analysis parameters, read by analysis/ (RSA, encoding); extra keys are kept for them. */
export interface AnalysisParams {
  readonly draws: number;
  readonly fraction: number;
  readonly rdmMethod: string;
  readonly comparison: string;
  readonly permutations: number;
  readonly ciLevel: number;
  readonly seed: number;
  readonly verticesPerHemisphere: number;
  readonly searchlightRadiusMm: number;
  readonly [key: string]: unknown;
}

/**
 * Where a study's brain responses come from: 'simulate' (the default; brain/simulate) or 'import' (real data read
 * by brain/import from `dir`, in `format`).
 */
export const BRAIN_SOURCES = ['simulate', 'import'] as const;
export type BrainSource = (typeof BRAIN_SOURCES)[number];
/** Importer names of brain/import/registry.ts BRAIN_IMPORTERS (kept equal by a test; definitions stay free of readers). */
export const BRAIN_IMPORT_FORMATS = ['npy', 'nifti'] as const;
export type BrainImportFormat = (typeof BRAIN_IMPORT_FORMATS)[number];

/** Brain-simulation (or import) parameters, read by brain/; extra keys are kept for it. */
export interface BrainParams {
  /** True for simulated subjects; an import defaults to false and must match the data's own label. */
  readonly simulated: boolean;
  /** Number of subjects (an import must hold exactly this many). */
  readonly subjects: number;
  /** Simulation seed (unused by an import; default 0 there). */
  readonly seed: number;
  /** Absent in simulated studies written before imports existed: 'simulate'. */
  readonly source?: BrainSource;
  /** Import only: the importer. */
  readonly format?: BrainImportFormat;
  /** Import only: the dataset root, absolute once parsed (relative paths are resolved against the study file's directory). */
  readonly dir?: string;
  readonly [key: string]: unknown;
}

/** Directory relative brain-data paths are resolved against when the caller names none (seed/, see load.ts). */
const DEFAULT_BASE_DIR = join(PROJECT_ROOT, 'seed');

export interface ParseStudyOptions {
  /** Directory of the study file: relative `brain.dir` and `weights.file` paths are resolved against it. Default: seed/. */
  readonly baseDir?: string;
}

export { RESIZE_MODES } from '../../core/image.js';

export interface StudyDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Network registry name. */
  readonly network: string;
  /**
   * The weights file of a network that needs one (AlexNet): absolute once parsed (a relative path resolves
   * against the study file's directory), with the sha256 it must have (checked before any computation).
   */
  readonly weights?: { readonly file: string; readonly sha256: string };
  readonly preprocessing: { readonly mode: ResizeMode; readonly [key: string]: unknown };
  readonly imagesPerGroup: number;
  /** Grouped in GROUP_NAMES order, imagesPerGroup each. */
  readonly images: readonly StudyImage[];
  /** How the images and targets were chosen (seed/choose: rule, seed, date); informational. */
  readonly selection: Readonly<Record<string, unknown>>;
  readonly generation: GenerationParamsByKind;
  readonly analysis: AnalysisParams;
  readonly brain: BrainParams;
}

const OBJECTIVES = ['prob', 'logprob', 'logit'] as const;

/** The fields a study file may have; any other is refused (a misspelt `weigths` must not pass silently). */
export const STUDY_FIELDS = ['id', 'title', 'description', 'network', 'weights', 'preprocessing', 'imagesPerGroup', 'images', 'selection', 'generation', 'analysis', 'brain'] as const;

/** Validates parsed JSON as a study definition; `expectedId` (the file name) must match its id when given. */
export function parseStudy(raw: unknown, expectedId?: string, opts: ParseStudyOptions = {}): StudyDefinition {
  const top = obj(raw, `study ${expectedId ?? '?'}`);
  const id = str(top, 'id', `study ${expectedId ?? '?'}`);
  const here = `study ${id}`;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(id)) throw bad(here, `'id' must be lower-case letters, digits, '-' or '_'`);
  if (expectedId !== undefined && id !== expectedId) throw bad(here, `'id' must equal the file name '${expectedId}'`);
  const unknown = Object.keys(top).filter((k) => !(STUDY_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw bad(here, `unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; valid: ${STUDY_FIELDS.join(', ')}`);
  const pre = obj(top.preprocessing, `${here}: preprocessing`);
  const imagesPerGroup = num(top, 'imagesPerGroup', here, { int: true, min: 1, max: 50 });
  const images = arr(top.images, `${here}: images`).map((e, i) => parseImage(e, `${here}: images[${i}]`));
  checkGroups(images, imagesPerGroup, here);
  const gen = obj(top.generation, `${here}: generation`);
  return {
    id,
    title: str(top, 'title', here),
    description: typeof top.description === 'string' ? top.description : '',
    network: str(top, 'network', here),
    ...(top.weights === undefined ? {} : { weights: weightsField(top.weights, `${here}: weights`, opts.baseDir ?? DEFAULT_BASE_DIR) }),
    preprocessing: { ...pre, mode: oneOf(pre, 'mode', `${here}: preprocessing`, RESIZE_MODES) },
    imagesPerGroup,
    images,
    selection: top.selection === undefined ? {} : obj(top.selection, `${here}: selection`),
    generation: {
      AN: gradientParams(gen.AN, `${here}: generation.AN`),
      AI: randomSearchParams(gen.AI, `${here}: generation.AI`),
      AI_CONTROL: gradientParams(gen.AI_CONTROL, `${here}: generation.AI_CONTROL`),
    },
    analysis: analysisParams(top.analysis, `${here}: analysis`),
    brain: brainParams(top.brain, `${here}: brain`, opts.baseDir ?? DEFAULT_BASE_DIR),
  };
}

function weightsField(raw: unknown, where: string, baseDir: string): { file: string; sha256: string } {
  const o = obj(raw, where);
  const extra = Object.keys(o).filter((k) => k !== 'file' && k !== 'sha256');
  if (extra.length > 0) throw bad(where, `unknown field(s) ${extra.map((k) => `'${k}'`).join(', ')}; valid: file, sha256`);
  const file = str(o, 'file', where);
  const sha256 = str(o, 'sha256', where);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw bad(where, `'sha256' must be 64 lower-case hex digits (sha256sum of the file), got '${sha256}'`);
  return { file: isAbsolute(file) ? file : resolve(baseDir, file), sha256 };
}

function parseImage(raw: unknown, at: string): StudyImage {
  const e = obj(raw, at);
  const classIndex = e.classIndex;
  const c = imageNetClass(classIndex as number, `${at}: classIndex`);
  const where = `${at} (${c.label}, class ${c.index})`;
  const group = requireGroup(str(e, 'group', where), where);
  if (groupOf(c.index) !== group) {
    throw bad(where, `class ${c.index} '${c.label}' is not in group '${group}'${groupOf(c.index) ? ` (it is in '${groupOf(c.index)}')` : ''}`);
  }
  for (const key of ['wnid', 'label', 'file'] as const) {
    const v = str(e, key, where);
    if (v !== c[key]) throw bad(where, `'${key}' is '${v}' but class ${c.index} has '${c[key]}'`);
  }
  const sha256 = str(e, 'sha256', where);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw bad(where, `'sha256' must be 64 lower-case hex digits, got '${sha256}'`);
  const probability = e.probability === null ? null : num(e, 'probability', where, { min: 0, max: 1 });
  const t = obj(e.aiTarget, `${where}: aiTarget`);
  const target = imageNetClass(t.classIndex as number, `${where}: aiTarget.classIndex`);
  if (target.index === c.index) throw bad(where, `aiTarget ${target.index} equals the source class; the AI target must be a wrong class`);
  const tg = groupOf(target.index);
  if (tg) throw bad(where, `aiTarget ${target.index} '${target.label}' is inside group '${tg}'; targets must lie outside the five groups`);
  const tl = str(t, 'label', `${where}: aiTarget`);
  if (tl !== target.label) throw bad(where, `aiTarget label is '${tl}' but class ${target.index} is '${target.label}'`);
  return {
    id: formatStimulusId({ kind: 'RE', wnid: c.wnid }), group, classIndex: c.index, wnid: c.wnid, label: c.label, file: c.file, sha256, probability,
    aiTarget: { classIndex: target.index, label: target.label },
  };
}

function checkGroups(images: StudyImage[], perGroup: number, here: string): void {
  const seen = new Map<number, number>();
  images.forEach((im, i) => {
    const prev = seen.get(im.classIndex);
    if (prev !== undefined) throw bad(here, `images[${i}] (${im.label}, class ${im.classIndex}) duplicates images[${prev}]: each category appears once`);
    seen.set(im.classIndex, i);
  });
  let k = 0;
  for (const g of GROUP_NAMES) {
    for (let j = 0; j < perGroup; j++, k++) {
      const im = images[k];
      if (!im || im.group !== g) {
        const count = images.filter((x) => x.group === g).length;
        throw bad(here, `images must list ${perGroup} per group in the order ${GROUP_NAMES.join(', ')}; group '${g}' has ${count}${im ? `, images[${k}] (${im.label}) is '${im.group}'` : ''}`);
      }
    }
  }
  if (images.length !== k) throw bad(here, `expected ${k} images (${perGroup} x ${GROUP_NAMES.length} groups), got ${images.length}`);
}

function gradientParams(raw: unknown, where: string): GradientParams {
  const o = obj(raw, where);
  return {
    seed: num(o, 'seed', where, { int: true, min: 0, max: 2 ** 32 - 1 }),
    objective: oneOf(o, 'objective', where, OBJECTIVES),
    lambda: num(o, 'lambda', where, { min: 0 }),
    stepSize: num(o, 'stepSize', where, { above: 0, max: 255 }),
    initNoiseStd: num(o, 'initNoiseStd', where, { min: 0, max: 255 }),
    threshold: num(o, 'threshold', where, { above: 0, max: 1 }),
    maxSteps: num(o, 'maxSteps', where, { int: true, min: 1 }),
  };
}

function randomSearchParams(raw: unknown, where: string): RandomSearchParams {
  const o = obj(raw, where);
  const candidates = num(o, 'candidates', where, { int: true, min: 1, max: 256 });
  const antithetic = bool(o, 'antithetic', where);
  if (antithetic && candidates % 2 !== 0) throw bad(where, `'candidates' must be even when 'antithetic' is true, got ${candidates}`);
  return {
    seed: num(o, 'seed', where, { int: true, min: 0, max: 2 ** 32 - 1 }),
    proposal: oneOf(o, 'proposal', where, AI_PROPOSALS),
    amplitude: num(o, 'amplitude', where, { above: 0, max: 255 }),
    candidates,
    antithetic,
    threshold: num(o, 'threshold', where, { above: 0, max: 1 }),
    maxSteps: num(o, 'maxSteps', where, { int: true, min: 1 }),
  };
}

function analysisParams(raw: unknown, where: string): AnalysisParams {
  const o: Json = obj(raw, where);
  return {
    ...o,
    draws: num(o, 'draws', where, { int: true, min: 1 }),
    fraction: num(o, 'fraction', where, { above: 0, max: 1 }),
    rdmMethod: str(o, 'rdmMethod', where),
    comparison: str(o, 'comparison', where),
    permutations: num(o, 'permutations', where, { int: true, min: 0 }),
    ciLevel: num(o, 'ciLevel', where, { above: 0, max: 1 }),
    seed: num(o, 'seed', where, { int: true, min: 0 }),
    verticesPerHemisphere: num(o, 'verticesPerHemisphere', where, { int: true, min: 1 }),
    searchlightRadiusMm: num(o, 'searchlightRadiusMm', where, { above: 0 }),
  };
}

/**
 * Simulated (default): { simulated: true, subjects, seed, ...simulation parameters }, parsed as before (no key is
 * added, so existing studies keep their artifact keys). Imported: { source: 'import', format, dir, subjects,
 * simulated? (default false) }.
 */
function brainParams(raw: unknown, where: string, baseDir: string): BrainParams {
  const o: Json = obj(raw, where);
  const source = o.source === undefined ? 'simulate' : oneOf(o, 'source', where, BRAIN_SOURCES);
  const subjects = num(o, 'subjects', where, { int: true, min: 1, max: 100 });
  if (source === 'simulate') {
    for (const key of ['format', 'dir'] as const) {
      if (o[key] !== undefined) throw bad(where, `'${key}' is only read when 'source' is 'import' (source is '${source}')`);
    }
    const simulated = bool(o, 'simulated', where);
    if (!simulated) {
      throw bad(where, `'simulated' is false but 'source' is 'simulate': real data need "source": "import" with "format" (${BRAIN_IMPORT_FORMATS.join(', ')}) and "dir"`);
    }
    return { ...o, simulated, subjects, seed: num(o, 'seed', where, { int: true, min: 0 }) };
  }
  const format = oneOf(o, 'format', where, BRAIN_IMPORT_FORMATS);
  const dir = str(o, 'dir', where);
  return {
    ...o,
    source, format,
    dir: isAbsolute(dir) ? dir : resolve(baseDir, dir),
    simulated: o.simulated === undefined ? false : bool(o, 'simulated', where),
    subjects,
    seed: o.seed === undefined ? 0 : num(o, 'seed', where, { int: true, min: 0 }),
  };
}
