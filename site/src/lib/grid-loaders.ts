/**
 * The convention grid of every served study at every draws count that has computed cells (Grid.computedDraws),
 * for the grid page (one section per draws count) and the default study's "Which dissimilarity, and why". A study
 * with no computed cell at all gets one section at its own draws (every cell "not computed"), so the page still
 * says what to run.
 */
import { nonEmpty, provenanceKeys, runDocument, SiteDataError } from './graphql.js';
import { StudyGridAtDocument, StudyGridDrawsDocument } from './generated/graphql.js';
import type { Loaded } from './api.js';
import { once } from './loaders.js';
import { toCell } from './multi-loaders.js';
import type { StudyGridView } from './claims-types.js';

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
    const d = await runDocument(StudyGridDrawsDocument);
    const studies = nonEmpty(op, 'studies', d.studies);
    const keys: unknown[] = [d];
    const grids = await Promise.all(studies.flatMap((s) => (s.grid ? [{ ...s, grid: s.grid }] : [])).map(async (s) => {
      const own = ownAnalysis(op, s.id, s.parameters);
      const computedDraws = s.grid.computedDraws;
      const sections = await Promise.all((computedDraws.length ? computedDraws : [own.draws]).map(async (draws) => {
        // The study's own draws ask grid() without draws: a small study's own may lie below the grid's minimum.
        const g = await runDocument(StudyGridAtDocument, draws === own.draws ? { id: s.id } : { id: s.id, draws });
        keys.push(g);
        const grid = g.study?.grid;
        if (!grid) throw new SiteDataError('StudyGridAt', `study ${s.id} answered no grid at ${draws} draws`);
        const cells = nonEmpty('StudyGridAt', `grid cells of ${s.id} at ${draws} draws`, grid.cells).map((c) => toCell('StudyGridAt', s.id, c));
        for (const c of cells) if (c.draws !== draws) throw new SiteDataError('StudyGridAt', `grid(draws: ${draws}) of ${s.id} answered a cell with ${c.draws} draws`);
        return { draws, grid: { study: s.id, network: s.network, cells } };
      }));
      return { study: s.id, network: s.network, isDefault: s.isDefault, ...own, computedDraws, sections };
    }));
    return { grids, without: studies.filter((s) => s.grid == null).map((s) => s.id), keys: provenanceKeys(keys) };
  });
}
