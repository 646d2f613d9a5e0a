import { COMPARISON_METHOD_NAMES, RDM_METHOD_NAMES } from '../analysis/rdm.js';
import { DomainError, unknownName } from '../core/errors.js';
import type { StudyDefinition } from './definition/definition.js';
import { layerSimilarityStage, powerInputs, powerStage, roiSimilarityStage, trendStage, type PowerPayload, type SimilarityPayload, type TrendPayload } from './pipeline/analysis-stages.js';
import type { PipelineDeps } from './pipeline/deps.js';
import type { Pipeline } from './pipeline/graph.js';
import type { AnyStage, Stage } from './stage.js';

/**
 * The convention grid (issue 11, item 6): the study re-run under other RDM dissimilarities and RDM comparisons.
 * A cell is the study's analysis with `rdmMethod`, `comparison` (and optionally `draws`) replaced, built from the
 * pipeline's own stage constructors over the pipeline's own upstream stages, so that every upstream artifact is
 * shared by content key: stimuli, activations, brain responses and the vertex selections are computed once; only
 * the similarity statistics (their RDMs inside), the trends and the power analysis are per cell. The cell with
 * the study's own convention has exactly the study's keys.
 *
 * Vertex selection is NOT varied: its reliability score uses the study's dissimilarity (brain.selection keys on
 * rdmMethod), but it is a data-quality step upstream of the RSA, and varying it would also change every encoding
 * model (fitted on the selected vertices). Keeping the study's selection makes the cells differ in the convention
 * under test only, and lets the encoding claims be shared by all cells. The searchlight maps and the RDM
 * artifacts (the API's `rdms`) are not part of a cell.
 */

export const GRID_DISSIMILARITIES = ['one_minus_spearman', 'one_minus_pearson', 'euclidean'] as const;
export const GRID_COMPARISONS = ['spearman', 'pearson', 'kendall_tau_a'] as const;
/** Bounds of a cell's draws (the study files' own bound is the paper's 1000; more is allowed, not less than 10). */
export const GRID_MIN_DRAWS = 10;
export const GRID_MAX_DRAWS = 100_000;

export interface GridSpec {
  readonly dissimilarities: readonly string[];
  readonly comparisons: readonly string[];
  /** Draws of every cell; undefined: the study's own. */
  readonly draws: number | undefined;
}

/**
 * Validates a grid request before anything is computed: unknown methods are refused naming the valid ones (every
 * method of the analysis registries is allowed, not only the default grid's), draws must be an integer in bounds.
 */
export function gridSpec(raw: { dissimilarities?: readonly string[] | null; comparisons?: readonly string[] | null; draws?: number | null } = {}): GridSpec {
  const dissimilarities = [...new Set(raw.dissimilarities?.length ? raw.dissimilarities : GRID_DISSIMILARITIES)];
  const comparisons = [...new Set(raw.comparisons?.length ? raw.comparisons : GRID_COMPARISONS)];
  for (const d of dissimilarities) if (!(RDM_METHOD_NAMES as readonly string[]).includes(d)) throw unknownName('UNKNOWN_METHOD', 'RDM dissimilarity', d, RDM_METHOD_NAMES);
  for (const c of comparisons) if (!(COMPARISON_METHOD_NAMES as readonly string[]).includes(c)) throw unknownName('UNKNOWN_METHOD', 'RDM comparison', c, COMPARISON_METHOD_NAMES);
  const draws = raw.draws ?? undefined;
  if (draws !== undefined && !(Number.isInteger(draws) && draws >= GRID_MIN_DRAWS && draws <= GRID_MAX_DRAWS)) {
    throw new DomainError('BAD_USER_INPUT', `grid draws ${draws} must be an integer from ${GRID_MIN_DRAWS} to ${GRID_MAX_DRAWS}`, { value: draws });
  }
  return { dissimilarities, comparisons, draws };
}

export interface GridCell {
  readonly dissimilarity: string;
  readonly comparison: string;
  /** Subsampling draws (and RE-label permutations) of every similarity of the cell. */
  readonly draws: number;
  /** True for the study's own convention (then every stage of the cell is the study's). */
  readonly studyConvention: boolean;
  /** The study definition with this cell's analysis choices. */
  readonly study: StudyDefinition;
  readonly layerSimilarities: ReadonlyMap<string, Stage<SimilarityPayload>>;
  readonly roiSimilarities: readonly Stage<SimilarityPayload>[];
  readonly trends: Stage<TrendPayload>;
  readonly power: Stage<PowerPayload>;
  /** Every stage the cell owns (what "computed" means, and what `seed --grid` runs). */
  readonly stages: readonly AnyStage[];
}

/** One cell over the pipeline's upstream stages (see the file comment for what is shared). */
export function gridCell(p: Pipeline, deps: PipelineDeps, dissimilarity: string, comparison: string, draws?: number): GridCell {
  const a = p.study.analysis;
  const cellDraws = draws ?? a.draws;
  const study: StudyDefinition = { ...p.study, analysis: { ...a, rdmMethod: dissimilarity, comparison, draws: cellDraws } };
  const layerSimilarities = new Map(p.layers.map((l) => [l.name, layerSimilarityStage(study, deps, l.name, p.activations.get(l.name)!)] as const));
  const roiSimilarities = p.selections.map((sel, i) => roiSimilarityStage(study, deps, p.brain, i, sel));
  const trends = trendStage(deps, p.layers, Object.fromEntries(layerSimilarities));
  const power = powerStage(deps, powerInputs(study, roiSimilarities));
  return {
    dissimilarity, comparison, draws: cellDraws,
    studyConvention: dissimilarity === a.rdmMethod && comparison === a.comparison && cellDraws === a.draws,
    study, layerSimilarities, roiSimilarities, trends, power,
    stages: [...layerSimilarities.values(), ...roiSimilarities, trends, power],
  };
}

/** The cells of a spec, dissimilarities outer, comparisons inner. */
export function gridCells(p: Pipeline, deps: PipelineDeps, spec: GridSpec): GridCell[] {
  return spec.dissimilarities.flatMap((d) => spec.comparisons.map((c) => gridCell(p, deps, d, c, spec.draws)));
}
