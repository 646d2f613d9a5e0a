/**
 * Loaders of the pages over every served study (issue 11, items 4-6): the comparison page (Compare), the claims
 * pages (StudyClaims), the grid page (StudyGrids) and the per-study pages' brain and encoding figures (StudyBrain, StudyEncoding). Any GraphQL error fails the build (runDocument); so does an
 * empty result a page must not draw from nothing: no study, a study without layer similarities or claims, or a
 * connection cut by its page size. A study without a grid, or a grid cell not yet computed, is a state the pages
 * state, not an error.
 */
import { nonEmpty, provenanceKeys, runDocument, SiteDataError } from './graphql.js';
import { CompareDocument, StudyBrainDocument, StudyClaimsDocument, StudyEncodingDocument, StudyGridsDocument, type StudyGridsQuery } from './generated/graphql.js';
import { toDifference, toSimilarity, toTrend, type Download, type Loaded } from './api.js';
import type { DifferenceView, EncodingView, SimilarityView } from './types.js';
import { once } from './loaders.js';
import type { ComparePanel } from '../figures/compare-fig5.js';
import type { ClaimSetView, GridCellView, StudyGridView } from './claims-types.js';

/** The nodes of a connection, failing when the operation's page size cut it short. */
function allNodes<N>(op: string, what: string, conn: { readonly totalCount: number; readonly nodes: readonly N[] }): readonly N[] {
  if (conn.totalCount > conn.nodes.length) {
    throw new SiteDataError(op, `${what}: ${conn.totalCount} records but only ${conn.nodes.length} in one page; raise its page size in the operation`);
  }
  return conn.nodes;
}

export interface StudyRef { readonly id: string; readonly network: string; readonly isDefault: boolean }
export interface CompareData extends Loaded { readonly panels: readonly (ComparePanel & { readonly isDefault: boolean; readonly studyTitle: string; readonly exports: readonly Download[] })[] }

export function loadCompare(): Promise<CompareData> {
  return once('compare', async () => {
    const d = await runDocument(CompareDocument);
    const studies = nonEmpty('Compare', 'studies', d.studies);
    const panels = studies.map((s) => {
      const id = s.id;
      return {
        study: id, studyTitle: s.title, network: s.network, networkDescription: s.networkDescription, isDefault: s.isDefault,
        exports: s.exports.flatMap((e) => [
          { label: `${e.name} (CSV)`, url: e.csvUrl, format: 'csv' },
          { label: `${e.name} (JSON)`, url: e.jsonUrl, format: 'json' },
        ]),
        layers: nonEmpty('Compare', `layers of study ${id}`, s.layers).map((l) => ({ name: l.name, ordinal: l.ordinal })),
        similarities: nonEmpty('Compare', `layer similarities of study ${id}`, allNodes('Compare', `similarities of ${id}`, s.similarities).map(toSimilarity)),
        differences: allNodes('Compare', `differences of ${id}`, s.differences).map(toDifference),
        trends: s.trends.map(toTrend),
      };
    });
    return { panels, keys: provenanceKeys(d) };
  });
}

export interface ClaimsData extends Loaded { readonly sets: readonly (ClaimSetView & { readonly isDefault: boolean; readonly title: string })[] }

export function loadStudyClaims(): Promise<ClaimsData> {
  return once('study-claims', async () => {
    const d = await runDocument(StudyClaimsDocument);
    const studies = nonEmpty('StudyClaims', 'studies', d.studies);
    return {
      sets: studies.map((s) => {
        nonEmpty('StudyClaims', `claims of study ${s.claims.study}`, s.claims.claims);
        return { ...s.claims, isDefault: s.isDefault, title: s.title };
      }),
      keys: provenanceKeys(d),
    };
  });
}

export interface GridsData extends Loaded {
  /** Every study with a grid (cells listed whether computed or not). */
  readonly grids: readonly StudyGridView[];
  /** Served studies without a grid (a service without a pipeline). */
  readonly without: readonly string[];
}

export type GridCell = NonNullable<StudyGridsQuery['studies'][number]['grid']>['cells'][number];

/** A grid cell's Fig. 5 points (layer, RE-AN, RE-AI, difference) -> the similarity views the Fig. 5 figures draw. */
export function toCell(op: string, study: string, c: GridCell): GridCellView {
  const points = c.fig5 ?? [];
  const layer = (p: (typeof points)[number]) => ({ kind: 'LAYER', layer: p.layer }) as const;
  const sims = points.flatMap((p) => [p.reAn, p.reAi].flatMap((x) => (x ? [toSimilarity({ ...x, source: layer(p) })] : [])));
  if (c.computed && sims.length === 0) throw new SiteDataError(op, `grid cell ${c.dissimilarity} x ${c.comparison} of ${study} is computed but has no Fig. 5 similarities`);
  return {
    dissimilarity: c.dissimilarity, comparison: c.comparison, draws: c.draws, studyConvention: c.studyConvention, computed: c.computed,
    claims: c.claims,
    layers: points.map((p) => ({ name: p.layer, ordinal: p.ordinal })),
    similarities: sims,
    differences: points.flatMap((p) => (p.difference ? [toDifference({ ...p.difference, source: layer(p) })] : [])),
    trends: (c.trends ?? []).map(toTrend),
  };
}

export function loadStudyGrids(): Promise<GridsData> {
  return once('study-grids', async () => {
    const d = await runDocument(StudyGridsDocument);
    const studies = nonEmpty('StudyGrids', 'studies', d.studies);
    const grids = studies.flatMap((s) => (s.grid === null ? [] : [{
      study: s.id, network: s.network,
      cells: nonEmpty('StudyGrids', `grid cells of ${s.id}`, s.grid.cells).map((c) => toCell('StudyGrids', s.id, c)),
    }]));
    return { grids, without: studies.filter((s) => s.grid === null).map((s) => s.id), keys: provenanceKeys(d) };
  });
}

export interface StudyResultsView {
  readonly study: string;
  readonly subjects: readonly string[];
  readonly rois: readonly string[];
  readonly layers: readonly string[];
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  /** ROMP, accuracy across images: the claims' default encoding reading. */
  readonly encoding: readonly EncodingView[];
}
export interface StudyResultsData extends Loaded { readonly studies: readonly StudyResultsView[] }

export function loadStudyResults(): Promise<StudyResultsData> {
  return once('study-results', async () => {
    const [brain, enc] = await Promise.all([runDocument(StudyBrainDocument), runDocument(StudyEncodingDocument)]);
    const encById = new Map(nonEmpty('StudyEncoding', 'studies', enc.studies).map((s) => [s.id, s] as const));
    const studies = nonEmpty('StudyBrain', 'studies', brain.studies).map((s) => {
      const id = s.id;
      const e = encById.get(id);
      if (!e) throw new SiteDataError('StudyEncoding', `no encoding results for study ${id}`);
      const encoding = [...allNodes('StudyEncoding', `AN encoding of ${id}`, e.an), ...allNodes('StudyEncoding', `AI encoding of ${id}`, e.ai)];
      return {
        study: id, subjects: s.subjectIds, rois: s.rois, layers: e.layerNames,
        similarities: nonEmpty('StudyBrain', `ROI similarities of ${id}`, allNodes('StudyBrain', `similarities of ${id}`, s.similarities).map(toSimilarity)),
        differences: allNodes('StudyBrain', `differences of ${id}`, s.differences).map(toDifference),
        encoding: nonEmpty('StudyEncoding', `encoding results of ${id}`, encoding),
      };
    });
    return { studies, keys: provenanceKeys(brain) };
  });
}
