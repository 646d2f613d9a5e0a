/**
 * The convention grid of every served study at every draws count that has computed cells (Grid.computedDraws),
 * for the grid page (one section per draws count) and the default study's "Which dissimilarity, and why". A study
 * with no computed cell at all gets one section at its own draws (every cell "not computed"), so the page still
 * says what to run.
 */
import { nonEmpty, provenanceKeys, runOperation, SiteDataError } from './graphql.js';
import { listOf, type Loaded } from './api.js';
import { once } from './loaders.js';
import { toCell } from './multi-loaders.js';
import type { StudyGridView } from './claims-types.js';

type Json = Record<string, unknown>;

export interface GridAtDraws { readonly draws: number; readonly grid: StudyGridView }
export interface StudyGridsByDraws {
  readonly study: string;
  readonly network: string;
  readonly isDefault: boolean;
  /** The study's own RDM dissimilarity and draws (its analysis parameters). */
  readonly dissimilarity: string;
  readonly draws: number;
  /** Draws counts with at least one computed cell, ascending (the API's computedDraws). */
  readonly computedDraws: readonly number[];
  /** One section per computed draws count (or the study's own draws when none is computed). */
  readonly sections: readonly GridAtDraws[];
}
export interface GridsByDrawsData extends Loaded {
  readonly grids: readonly StudyGridsByDraws[];
  /** Served studies without a grid (a service without a pipeline). */
  readonly without: readonly string[];
}

/** The study's own analysis choices, read from its canonical parameters JSON. */
function ownAnalysis(op: string, id: string, parameters: unknown): { dissimilarity: string; draws: number } {
  let a: { rdmMethod?: unknown; draws?: unknown } | undefined;
  try {
    a = (JSON.parse(String(parameters)) as { analysis?: { rdmMethod?: unknown; draws?: unknown } }).analysis;
  } catch {
    a = undefined;
  }
  if (typeof a?.rdmMethod !== 'string' || typeof a.draws !== 'number') throw new SiteDataError(op, `study ${id}: parameters name no analysis.rdmMethod and analysis.draws`);
  return { dissimilarity: a.rdmMethod, draws: a.draws };
}

export function loadGridsByDraws(): Promise<GridsByDrawsData> {
  return once('grids-by-draws', async () => {
    const op = 'StudyGridDraws';
    const d = await runOperation<Json>(op);
    const studies = nonEmpty(op, 'studies', d.studies as Json[]);
    const keys: unknown[] = [d];
    const grids = await Promise.all(studies.filter((s) => s.grid != null).map(async (s) => {
      const id = String(s.id);
      const own = ownAnalysis(op, id, s.parameters);
      const computedDraws = ((s.grid as Json).computedDraws as number[]).map(Number);
      const sections = await Promise.all((computedDraws.length ? computedDraws : [own.draws]).map(async (draws) => {
        const g = await runOperation<Json>('StudyGridAt', { id, draws });
        keys.push(g);
        const grid = (g.study as Json).grid as Json;
        const cells = nonEmpty('StudyGridAt', `grid cells of ${id} at ${draws} draws`, listOf<Json>(grid.cells)).map((c) => toCell('StudyGridAt', id, c));
        for (const c of cells) if (c.draws !== draws) throw new SiteDataError('StudyGridAt', `grid(draws: ${draws}) of ${id} answered a cell with ${c.draws} draws`);
        return { draws, grid: { study: id, network: String(s.network), cells } };
      }));
      return { study: id, network: String(s.network), isDefault: Boolean(s.isDefault), ...own, computedDraws, sections };
    }));
    return { grids, without: studies.filter((s) => s.grid == null).map((s) => String(s.id)), keys: provenanceKeys(keys) };
  });
}
