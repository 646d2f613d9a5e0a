import type { LayerInfo, NetworkSpec } from '../../networks/types.js';
import type { StudyDefinition } from '../definition/definition.js';
import { GENERATED_KINDS } from '../../stimuli/generate/types.js';
import { analysedLayers, layerRank } from '../../domain/layer-role.js';
import type { StudyEngine } from '../engine.js';
import type { AnyStage, Stage } from '../stage.js';
import {
  encodingStage, layerRdmStage, layerSimilarityStage, powerInputs, powerStage, roiRdmStage, roiSimilarityStage, trendStage,
  type EncodingPayload, type RdmPayload, type SimilarityPayload, type TrendPayload, type PowerPayload,
} from './analysis-stages.js';
import { BRAIN_KINDS, brainStage, searchlightStage, selectionStage, type BrainPayload, type SearchlightPayload, type SelectionPayload } from './brain-stages.js';
import type { PipelineDeps } from './deps.js';
import { activationPass } from './activation-pass.js';
import { activationsStage, type ActivationsPayload } from './network-stages.js';
import type { StimulusSetPayload } from './payloads.js';
import {
  classificationStage, generatedStage, meanStage, networkSpecStage, reStage, stimulusTableStage,
  type NetworkSpecPayload, type StimulusTablePayload,
} from './stimuli-stages.js';

/**
 * The study's dependency graph, built from a study definition:
 *
 *   network.spec -> stimuli.re, stimuli.mean -> stimuli.generated (AN, AI, AI_CONTROL) -> classifications
 *     -> stimuli.table;  stimuli -> activations (per layer) -> rdm.layer, similarity.layer -> trends
 *   stimuli -> brain.subject (per subject) -> brain.selection -> rdm.roi, similarity.roi -> power; searchlight
 *   activations + subject + selection -> encoding (per subject x layer, layers 1..8)
 *
 * Building it needs the network's layer list, which comes from the `network.spec` artifact: the network is
 * loaded only when that artifact is missing.
 *
 * Adding a stage: (1) if it needs a new domain function, add it to PipelineDeps (deps.ts), wire it in domain.ts
 * and fake it in tests/unit/study/fake-deps.ts; (2) write `fooStage(study, deps, ...inputs)` returning
 * `defineStage({ kind, version, label, params, inputs, compute })` in the *-stages.ts file of its part, with every
 * value that changes its output in params, inputs, version or dataChecksums; (3) build it here and put it in a
 * group (what `seed --only` names); (4) read it in study-service.ts with `engine.resolvePart(stage, part)`.
 */
export const STAGE_GROUPS = ['stimuli', 'activations', 'brain', 'rdms', 'similarity', 'searchlight', 'encoding', 'power'] as const;
export type StageGroup = (typeof STAGE_GROUPS)[number];

export interface Pipeline {
  readonly study: StudyDefinition;
  readonly network: string;
  readonly spec: Stage<NetworkSpecPayload>;
  readonly networkSpec: NetworkSpec;
  readonly layers: readonly LayerInfo[];
  readonly sets: Readonly<Record<string, Stage<StimulusSetPayload>>>;
  readonly stimulusTable: Stage<StimulusTablePayload>;
  readonly activations: ReadonlyMap<string, Stage<ActivationsPayload>>;
  /** All subjects' responses (one artifact; see brain-stages.ts). */
  readonly brain: Stage<BrainPayload>;
  readonly nSubjects: number;
  readonly selections: readonly Stage<SelectionPayload>[];
  readonly searchlights: readonly Stage<SearchlightPayload>[];
  readonly layerRdms: ReadonlyMap<string, Stage<RdmPayload>>;
  readonly roiRdms: readonly Stage<RdmPayload>[];
  readonly layerSimilarities: ReadonlyMap<string, Stage<SimilarityPayload>>;
  readonly roiSimilarities: readonly Stage<SimilarityPayload>[];
  readonly trends: Stage<TrendPayload>;
  /** Encoding stages by layer (layers 1..8; every subject and ROI in each). */
  readonly encodings: ReadonlyMap<string, Stage<EncodingPayload>>;
  readonly power: Stage<PowerPayload>;
  /** The stages of each group (what `seed --only GROUP` computes, with their inputs). */
  readonly groups: Readonly<Record<StageGroup, readonly AnyStage[]>>;
}

export interface BuildOptions {
  readonly imagesDir: string;
  /** Network override (config.network); default: the study's. */
  readonly network?: string;
  /**
   * 'one' (default): the missing layers' activations in one forward pass per stimulus set (activation-pass.ts);
   * 'per-layer': a pass per activations stage, for a distributed worker, whose jobs are one layer each.
   */
  readonly activationPass?: 'one' | 'per-layer';
}

/** The first stage of every pipeline (what `seed --dry-run` asks about before the network is read). */
export async function specStageOf(study: StudyDefinition, deps: PipelineDeps, opts: BuildOptions): Promise<Stage<NetworkSpecPayload>> {
  return networkSpecStage(study, deps, opts.network ?? study.network, await deps.networkFingerprint());
}

export async function buildPipeline(study: StudyDefinition, deps: PipelineDeps, engine: StudyEngine, opts: BuildOptions): Promise<Pipeline> {
  const network = opts.network ?? study.network;
  const spec = await specStageOf(study, deps, opts);
  const networkSpec = (await engine.resolvePart(spec, 'spec')) as NetworkSpec;
  // Analysed layers first, then the output, then extra read-outs (domain/layer-role.ts).
  const layers = [...networkSpec.layers].sort((a, b) => layerRank(a.ordinal) - layerRank(b.ordinal));

  const ident = { name: network, weightsSha256: networkSpec.weightsSha256 };
  const re = reStage(study, deps, opts.imagesDir, networkSpec.inputSize);
  const mean = meanStage(study, deps, networkSpec.inputSize, await deps.meanSource());
  const sets: Record<string, Stage<StimulusSetPayload>> = { RE: re };
  for (const kind of GENERATED_KINDS) sets[kind] = generatedStage(kind, study, deps, re, mean, ident);
  const classes = classificationStage(deps, sets, ident);
  const stimulusTable = stimulusTableStage(study, deps, spec, sets, classes);

  const missingLayers = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const l of layers) if (!(await engine.has(activations.get(l.name)!))) out.push(l.name);
    return out;
  };
  const pass = activationPass(missingLayers, opts.activationPass === 'per-layer');
  const activations = new Map(layers.map((l) => [l.name, activationsStage(deps, l.name, sets, ident, pass)] as const));
  const brainSets = Object.fromEntries(BRAIN_KINDS.map((k) => [k, sets[k]!]));
  const brain = brainStage(study, deps, brainSets);
  const nSubjects = study.brain.subjects;
  const subjects = Array.from({ length: nSubjects }, (_, i) => i);
  const selections = subjects.map((i) => selectionStage(study, deps, brain, i));
  const searchlights = subjects.map((i) => searchlightStage(study, deps, brain, i));
  const layerRdms = new Map(layers.map((l) => [l.name, layerRdmStage(study, deps, l.name, activations.get(l.name)!)] as const));
  const roiRdms = subjects.map((i) => roiRdmStage(study, deps, brain, i, selections[i]!));
  const layerSimilarities = new Map(layers.map((l) => [l.name, layerSimilarityStage(study, deps, l.name, activations.get(l.name)!)] as const));
  const roiSimilarities = subjects.map((i) => roiSimilarityStage(study, deps, brain, i, selections[i]!));
  const trends = trendStage(deps, layers, Object.fromEntries(layerSimilarities));
  // The paper's encoding models use layers 1..8 (not the output probabilities).
  const encodingLayers = analysedLayers(layers);
  const encodings = new Map(encodingLayers.map((l) => [l.name, encodingStage(study, deps, l.name, activations.get(l.name)!, brain, selections)] as const));
  const power = powerStage(deps, powerInputs(study, roiSimilarities));

  const groups: Record<StageGroup, AnyStage[]> = {
    stimuli: [spec, ...Object.values(sets), classes, stimulusTable],
    activations: [...activations.values()],
    brain: [brain, ...selections],
    rdms: [...layerRdms.values(), ...roiRdms],
    similarity: [...layerSimilarities.values(), ...roiSimilarities, trends],
    searchlight: searchlights,
    encoding: [...encodings.values()],
    power: [power],
  };
  return {
    study, network, spec, networkSpec, layers, sets, stimulusTable, activations, brain, nSubjects, selections, searchlights,
    layerRdms, roiRdms, layerSimilarities, roiSimilarities, trends, encodings, power, groups,
  };
}

/** Every stage of the named groups (all groups when none are named). */
export function stagesOf(p: Pipeline, only: readonly StageGroup[] = STAGE_GROUPS): AnyStage[] {
  return only.flatMap((g) => p.groups[g]);
}
