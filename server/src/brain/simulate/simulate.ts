import { DomainError } from '../../core/errors.js';
import { canonicalJson } from '../../core/hash.js';
import { noProgress, type ProgressFn } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { ImageBatch } from '../../networks/types.js';
import type { BrainData, SubjectData } from '../types.js';
import { validateSubject } from '../validate.js';
import { channelCount } from './gabor.js';
import { layoutPatch, type Vertex } from './geometry.js';
import { DEFAULT_FEATURES, featureChannels, ladderOf, secondOrderChannels, stimulusScaleSpace, type FeatureSpec } from './features.js';
import { addNoise } from './noise.js';
import { DEFAULT_SIMULATION, SIMULATOR_VERSION, type SimulationParams } from './params.js';
import { blobImage } from './synthetic.js';
import { poolVertex, stencils, type ScaleSpace, type Stencils } from './pool.js';
import { vertexModels, type VertexModels } from './tuning.js';

/**
 * Simulated subjects (issue 4): an image-computable model of V1-V3, hV4 and LO, fed with each stimulus as shown.
 * It never sees the CNN. Per stimulus the feature maps are computed once and shared by every subject and vertex;
 * each vertex is then an 8-tap read of the pooled scale space and a dot product (see pool.ts, tuning.ts). Noise is
 * added last (noise.ts). Deterministic for a given seed, stimulus list and images.
 */
export interface StimulusSet {
  /** One id per image, in batch order. */
  readonly ids: readonly string[];
  /** Pixel space of the project: RGB 0..255, [n x H x W x 3]. */
  readonly images: ImageBatch;
}

export interface SimulateOptions {
  readonly params?: Partial<SimulationParams>;
  readonly features?: FeatureSpec;
  readonly progress?: ProgressFn;
}

/**
 * A subject's noise-free model: layout, vertex models, responses `[stimuli x vertices]` (CSS outputs) and the
 * responses to the fixed reference set `[REFERENCE_STIMULI x vertices]` that calibrates the noise (noise.ts).
 */
export interface SubjectModel {
  readonly id: string;
  readonly vertices: readonly Vertex[];
  readonly models: VertexModels;
  readonly responses: Float64Array;
  readonly reference: Float64Array;
}

/**
 * Noise is scaled to the signal's spread over a fixed, built-in set of natural-like images (not over the stimuli
 * given), so a stimulus's noise does not depend on which other stimuli are simulated with it.
 */
export const REFERENCE_STIMULI = 12;
const REFERENCE_SIZE = 128;
/** The reference images' scale spaces, computed once per feature spec and process (about 30 MB for the default). */
const referenceCache = new Map<string, ScaleSpace[]>();
function referenceScaleSpaces(spec: FeatureSpec): ScaleSpace[] {
  const key = canonicalJson(spec);
  let ss = referenceCache.get(key);
  if (!ss) {
    ss = Array.from({ length: REFERENCE_STIMULI }, (_, i) => stimulusScaleSpace(blobImage(REFERENCE_SIZE, `noise-reference-${i}`), REFERENCE_SIZE, REFERENCE_SIZE, spec));
    referenceCache.set(key, ss);
  }
  return ss;
}

export function subjectIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `sim${String(i + 1).padStart(2, '0')}`);
}

/** Layouts, vertex models and noise-free responses of every subject. */
export function simulateResponses(stimuli: StimulusSet, opts: SimulateOptions = {}): SubjectModel[] {
  const progress = opts.progress ?? noProgress;
  const built = buildSubjects(stimuli, opts);
  respondReference(built);
  respondImages(built, stimuli, 0, stimuli.images.n, (s) => progress({ stage: 'brain simulation', done: s + 1, total: stimuli.images.n, detail: stimuli.ids[s] }));
  return built.subjects.map(({ id, vertices, models, responses, reference }) => ({ id, vertices, models, responses, reference }));
}

/** The simulated subjects of a run before any image: patches, vertex models and stencils (seeded), responses zero. */
export interface BuiltSubjects {
  readonly spec: FeatureSpec;
  readonly C: number;
  readonly subjects: readonly (SubjectModel & { readonly st: Stencils })[];
}

/**
 * Checks the inputs and builds every subject (deterministic in the seed, so worker threads that build them again get
 * the same vertices and stencils); `responses` may be given (e.g. shared arrays). No stimulus is run yet.
 */
export function buildSubjects(stimuli: StimulusSet, opts: SimulateOptions = {}, responses?: (subject: number, length: number) => Float64Array): BuiltSubjects {
  const p = { ...DEFAULT_SIMULATION, ...opts.params };
  const spec = opts.features ?? DEFAULT_FEATURES;
  const { images } = stimuli;
  if (stimuli.ids.length !== images.n) {
    throw new DomainError('SHAPE_MISMATCH', `${stimuli.ids.length} stimulus ids for ${images.n} images`);
  }
  if (images.data.length !== images.n * images.height * images.width * 3) {
    throw new DomainError('SHAPE_MISMATCH', `image batch data has ${images.data.length} values, not [${images.n} x ${images.height} x ${images.width} x 3]`);
  }
  checkParams(p);
  const C1 = channelCount(spec.pyramid);
  const C2 = secondOrderChannels(spec);
  const C = featureChannels(spec);
  const ladder = ladderOf(spec);
  const subjects = subjectIds(p.subjects).map((id, k) => {
    const rng = new Rng(`${p.seed}:${id}`);
    // Individual cortical magnification (a few tens of % between people, Dougherty et al. 2003 J Vis 3:586).
    const kMm = p.kMm * Math.exp(0.08 * rng.normal());
    const a = p.aDeg * Math.exp(0.1 * rng.normal());
    const vertices = layoutPatch(p, rng.fork('layout'), kMm, a);
    const models = vertexModels(vertices, spec.pyramid, C1, C2, rng.fork('models'));
    const st = stencils(models.prfX, models.prfY, models.sigma, C, ladder);
    const length = images.n * vertices.length;
    return { id, vertices, models, st, responses: responses?.(k, length) ?? new Float64Array(length), reference: new Float64Array(REFERENCE_STIMULI * vertices.length) };
  });
  return { spec, C, subjects };
}

/** Every subject's responses to the reference stimuli (the noise model's scale: noise.ts), into `reference`. */
export function respondReference(built: BuiltSubjects): void {
  const pooled = new Float64Array(built.C);
  referenceScaleSpaces(built.spec).forEach((ss, r) => {
    for (const subj of built.subjects) respond(ss, subj.st, subj.models, built.C, subj.reference, r, pooled);
  });
}

/** Every subject's responses to images [from, to) (each image's rows depend on that image alone). */
export function respondImages(built: BuiltSubjects, stimuli: StimulusSet, from: number, to: number, onImage: (s: number) => void = () => {}): void {
  const { images } = stimuli;
  const pooled = new Float64Array(built.C);
  const px = images.height * images.width * 3;
  for (let s = from; s < to; s++) {
    const ss = stimulusScaleSpace(images.data.subarray(s * px, (s + 1) * px), images.height, images.width, built.spec);
    for (const subj of built.subjects) respond(ss, subj.st, subj.models, built.C, subj.responses, s, pooled);
    onImage(s);
  }
}

/** The subjects' data from their responses (measurement noise, vertex tables): simulateSubjects' second half. */
export function subjectsData(models: readonly SubjectModel[], stimulusIds: readonly string[], params?: Partial<SimulationParams>): BrainData {
  const p = { ...DEFAULT_SIMULATION, ...params };
  return { simulated: true, subjects: models.map((m) => toSubjectData(m, stimulusIds, p)) };
}

/** Refuses parameters outside what the model is built for, naming the bad value and the valid range. */
function checkParams(p: SimulationParams): void {
  const rules: [keyof SimulationParams, number, number, boolean][] = [
    ['subjects', 1, 100, true], ['trials', 1, 20, true], ['spacingMm', 0.25, 10, false], ['eccMinDeg', 0.05, 5, false],
    ['eccMaxDeg', 1, 8, false], ['kMm', 5, 40, false], ['aDeg', 0.1, 3, false], ['snrScale', 1e-3, 1e3, false],
  ];
  for (const [name, lo, hi, int] of rules) {
    const v = p[name];
    if (typeof v !== 'number' || !(v >= lo && v <= hi) || (int && !Number.isInteger(v))) {
      throw new DomainError('BAD_USER_INPUT', `brain simulation: ${name} must be ${int ? 'an integer ' : ''}from ${lo} to ${hi}, got ${String(v)}`);
    }
  }
  if (p.eccMinDeg >= p.eccMaxDeg) throw new DomainError('BAD_USER_INPUT', `brain simulation: eccMinDeg (${p.eccMinDeg}) must be below eccMaxDeg (${p.eccMaxDeg})`);
}

function respond(ss: ScaleSpace, st: Stencils, m: VertexModels, C: number, out: Float64Array, s: number, pooled: Float64Array): void {
  const V = st.n;
  for (let v = 0; v < V; v++) {
    poolVertex(ss, st, v, pooled);
    let drive = 0;
    const row = v * C;
    for (let c = 0; c < C; c++) drive += m.weights[row + c]! * pooled[c]!;
    out[s * V + v] = Math.pow(Math.max(drive, 0), m.exponent[v]!);
  }
}

/** Simulated subjects with noisy single-trial betas for every stimulus; each passes `validateSubject`. */
export function simulateSubjects(stimuli: StimulusSet, opts: SimulateOptions = {}): BrainData {
  return subjectsData(simulateResponses(stimuli, opts), stimuli.ids, opts.params);
}

function toSubjectData(m: SubjectModel, stimulusIds: readonly string[], p: SimulationParams): SubjectData {
  const vs = m.vertices;
  const betas = addNoise(m.responses, m.reference, vs, stimulusIds.length, p, new Rng(`${p.seed}:${m.id}:noise`));
  const subject: SubjectData = {
    id: m.id,
    simulated: true,
    space: 'flat',
    stimulusIds: [...stimulusIds],
    nTrials: p.trials,
    betas,
    vertices: {
      ids: vs.map((v, i) => `${v.hemisphere}-${String(i).padStart(5, '0')}`),
      roi: vs.map((v) => v.roi),
      hemisphere: vs.map((v) => v.hemisphere),
      x: Float64Array.from(vs, (v) => v.x),
      y: Float64Array.from(vs, (v) => v.y),
      prf: { x: m.models.prfX, y: m.models.prfY, size: m.models.size, exponent: m.models.exponent },
    },
    source: `simulated:${SIMULATOR_VERSION}`,
    params: { ...p },
  };
  validateSubject(subject);
  return subject;
}
