import type { ClaimOptions } from '../analysis/claims/types.js';
import { DomainError } from '../core/errors.js';
import type { ProgressEvent } from '../core/progress.js';
import { claimSet, sharedClaimInputs, type ClaimSet } from './claims-service.js';
import { GRID_MAX_DRAWS, GRID_MIN_DRAWS, gridCells, type GridCell, type GridSpec } from './grid.js';
import type { DifferenceRecord, PowerRecord, SimilarityRecord, TrendRecord } from './model.js';
import type { Pipeline } from './pipeline/graph.js';
import type { Keyed, StudyService } from './service.js';
import type { AnyStage } from './stage.js';
import { PipelineStudyService } from './study-service.js';

/**
 * Reads and computes convention-grid cells (grid.ts) of the served study: whether a cell is computed, its claims
 * (the convention-free inputs, stimuli and encoding, are the study's) and its Fig. 5 data. Reads never compute a
 * cell: `compute` (what `seed --grid` runs) does.
 */

/** Fig. 5 of one cell at one layer: RE-AN, RE-AI and their difference. */
export interface GridLayerPoint {
  readonly layer: string;
  /** The paper's numbering: 1..8 analysed layers, 9 the output; other values are extra read-outs. */
  readonly ordinal: number;
  readonly reAn: Keyed<SimilarityRecord> | null;
  readonly reAi: Keyed<SimilarityRecord> | null;
  readonly difference: Keyed<DifferenceRecord> | null;
}

export class GridService {
  private readonly cellCache = new Map<string, GridCell>();

  constructor(readonly study: PipelineStudyService) {}

  private get pipeline(): Pipeline {
    return this.study.pipeline;
  }

  /** The cells of a (validated) spec; stage objects are built once per cell so their keys are hashed once. */
  cells(spec: GridSpec): GridCell[] {
    return gridCells(this.pipeline, this.study.deps, spec).map((c) => {
      const id = `${c.dissimilarity}|${c.comparison}|${c.draws}`;
      const known = this.cellCache.get(id);
      if (known) return known;
      this.cellCache.set(id, c);
      return c;
    });
  }

  /** Whether every stage the cell owns is in the store (a read: nothing is computed). */
  async computed(cell: GridCell): Promise<boolean> {
    const has = await Promise.all(cell.stages.map((s) => this.study.engine.has(s)));
    return has.every(Boolean);
  }

  /**
   * The draws counts at which at least one cell of `spec` (its dissimilarities x comparisons) is computed, ascending.
   * Draws are part of every cell key, so the store cannot be asked by key for "any draws": the candidates are the
   * study's own draws and every `draws` value found in the stored layer-similarity parameters (of any study), and
   * each candidate counts only when a cell of this study at that many draws is in the store (a read: nothing is
   * computed).
   */
  async computedDraws(spec: GridSpec): Promise<number[]> {
    const candidates = new Set<number>([this.pipeline.study.analysis.draws]);
    for (const info of await this.study.engine.cache.store.list('similarity.layer')) {
      const draws = drawsOf(info.params);
      if (draws !== undefined && draws >= GRID_MIN_DRAWS && draws <= GRID_MAX_DRAWS) candidates.add(draws);
    }
    const found = await Promise.all([...candidates].map(async (draws) => {
      const cells = this.cells({ ...spec, draws });
      const computed = await Promise.all(cells.map((c) => this.computed(c)));
      return computed.some(Boolean) ? draws : undefined;
    }));
    return found.filter((d): d is number => d !== undefined).sort((a, b) => a - b);
  }

  /**
   * Computes the cells and what their claims need (the study's stimuli and encoding models), everything upstream
   * once; then releases the network.
   */
  async compute(spec: GridSpec, onProgress?: (e: ProgressEvent) => void): Promise<{ computed: number; cached: number; cells: GridCell[] }> {
    const cells = this.cells(spec);
    const shared: AnyStage[] = [this.pipeline.stimulusTable, ...this.pipeline.encodings.values()];
    const off = onProgress ? this.study.engine.tracker.subscribe(onProgress) : () => {};
    try {
      const r = await this.study.engine.run([...shared, ...cells.flatMap((c) => c.stages)]);
      return { ...r, cells };
    } finally {
      off();
      await this.study.deps.release();
    }
  }

  private async keyed<T>(stage: AnyStage, part: string): Promise<Keyed<T>[]> {
    const key = this.study.engine.keyOf(stage);
    return ((await this.study.part(stage, part)) as T[]).map((r) => ({ ...r, provenanceKey: key }));
  }

  private async results(cell: GridCell): Promise<{ similarities: Keyed<SimilarityRecord>[]; differences: Keyed<DifferenceRecord>[] }> {
    const stages = [...cell.layerSimilarities.values(), ...cell.roiSimilarities];
    const [sims, diffs] = await Promise.all([
      Promise.all(stages.map((s) => this.keyed<SimilarityRecord>(s, 'records'))),
      Promise.all(stages.map((s) => this.keyed<DifferenceRecord>(s, 'differences'))),
    ]);
    return { similarities: sims.flat(), differences: diffs.flat() };
  }

  private async requireComputed(cell: GridCell): Promise<void> {
    if (!(await this.computed(cell))) {
      throw new DomainError('NOT_FOUND', `grid cell ${cell.dissimilarity} x ${cell.comparison} (${cell.draws} draws) is not computed; run: adversarial-rsa seed --study ${this.pipeline.study.id} --grid`);
    }
  }

  /** The claims under the cell's convention; the cell must be computed. */
  async claims(cell: GridCell, options: ClaimOptions = {}): Promise<ClaimSet> {
    await this.requireComputed(cell);
    const [shared, { similarities, differences }, power] = await Promise.all([
      sharedClaimInputs(this.study), this.results(cell), this.keyed<PowerRecord>(cell.power, 'records'),
    ]);
    const meta = { study: this.pipeline.study.id, network: this.pipeline.network };
    // Searchlight maps are not part of a cell (grid.ts): that claim is not computable per cell rather than
    // answered with the study's own convention.
    return claimSet(meta, { ...shared, similarities, differences, power, searchlight: [] }, { dissimilarity: cell.dissimilarity, comparison: cell.comparison, draws: cell.draws }, options);
  }

  /** Fig. 5 of the cell: RE-AN, RE-AI and the difference per layer, in the pipeline's layer order. */
  async fig5(cell: GridCell): Promise<GridLayerPoint[]> {
    await this.requireComputed(cell);
    return Promise.all(this.pipeline.layers.map(async (l) => {
      const stage = cell.layerSimilarities.get(l.name)!;
      const [sims, diffs] = await Promise.all([this.keyed<SimilarityRecord>(stage, 'records'), this.keyed<DifferenceRecord>(stage, 'differences')]);
      return {
        layer: l.name, ordinal: l.ordinal,
        reAn: sims.find((r) => r.pair === 'RE_AN') ?? null, reAi: sims.find((r) => r.pair === 'RE_AI') ?? null, difference: diffs[0] ?? null,
      };
    }));
  }

  /** Per cell: the convention and each claim's status (what `seed --grid` prints). */
  async statuses(cells: readonly GridCell[], options: ClaimOptions = {}): Promise<{ dissimilarity: string; comparison: string; draws: number; studyConvention: boolean; claims: Record<string, string> }[]> {
    return Promise.all(cells.map(async (c) => ({
      dissimilarity: c.dissimilarity, comparison: c.comparison, draws: c.draws, studyConvention: c.studyConvention,
      claims: Object.fromEntries((await this.claims(c, options)).claims.map((e) => [e.id, e.status])),
    })));
  }

  async trends(cell: GridCell): Promise<Keyed<TrendRecord>[]> {
    await this.requireComputed(cell);
    return this.keyed<TrendRecord>(cell.trends, 'records');
  }
}

/** The integer `draws` of a stored stage's canonical parameter JSON, if it has one. */
function drawsOf(params: string): number | undefined {
  try {
    const d = (JSON.parse(params) as { draws?: unknown }).draws;
    return typeof d === 'number' && Number.isInteger(d) ? d : undefined;
  } catch {
    return undefined;
  }
}

const services = new WeakMap<Pipeline, GridService>();

/** The grid service of a study service (one per pipeline); refuses services that are not the pipeline's. */
export function gridService(study: StudyService): GridService {
  if (!(study instanceof PipelineStudyService)) throw new DomainError('NOT_FOUND', 'the convention grid needs the pipeline study service (this server runs another implementation)');
  let g = services.get(study.pipeline);
  if (!g) {
    g = new GridService(study);
    services.set(study.pipeline, g);
  }
  return g;
}
