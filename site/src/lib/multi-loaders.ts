/**
 * Loaders of the pages over every served study (issue 11, items 4-6): the comparison page (Compare), the claims
 * pages (StudyClaims), the grid page (StudyGrids) and the per-study pages' brain and encoding figures (StudyBrain, StudyEncoding). Any GraphQL error fails the build (runOperation); so does an
 * empty result a page must not draw from nothing: no study, a study without layer similarities or claims, or a
 * connection cut by its page size. A study without a grid, or a grid cell not yet computed, is a state the pages
 * state, not an error.
 */
import { nonEmpty, provenanceKeys, runOperation, SiteDataError } from './graphql.js';
import { listOf, toDifference, toEncoding, toSimilarity, toTrend, type Download, type Loaded } from './api.js';
import type { DifferenceView, EncodingView, SimilarityView } from './types.js';
import { once } from './loaders.js';
import type { ComparePanel } from '../figures/compare-fig5.js';
import type { ClaimSetView, ClaimView, GridCellView, StudyGridView } from './claims-types.js';

type Json = Record<string, unknown>;

/** The nodes of a connection, failing when the operation's page size cut it short. */
function allNodes(op: string, what: string, conn: unknown): Json[] {
  const c = conn as { totalCount?: number } | null | undefined;
  const nodes = listOf<Json>(conn);
  if (c?.totalCount !== undefined && c.totalCount > nodes.length) {
    throw new SiteDataError(op, `${what}: ${c.totalCount} records but only ${nodes.length} in one page; raise its page size in the operation`);
  }
  return nodes;
}

export interface StudyRef { readonly id: string; readonly network: string; readonly isDefault: boolean }
export interface CompareData extends Loaded { readonly panels: readonly (ComparePanel & { readonly isDefault: boolean; readonly studyTitle: string; readonly exports: readonly Download[] })[] }

export function loadCompare(): Promise<CompareData> {
  return once('compare', async () => {
    const d = await runOperation<Json>('Compare');
    const studies = nonEmpty('Compare', 'studies', d.studies as Json[]);
    const panels = studies.map((s) => {
      const id = String(s.id);
      return {
        study: id, studyTitle: String(s.title), network: String(s.network), networkDescription: String(s.networkDescription ?? ''), isDefault: Boolean(s.isDefault),
        exports: listOf<Json>(s.exports).flatMap((e) => [
          { label: `${String(e.name)} (CSV)`, url: String(e.csvUrl), format: 'csv' },
          { label: `${String(e.name)} (JSON)`, url: String(e.jsonUrl), format: 'json' },
        ]),
        layers: nonEmpty('Compare', `layers of study ${id}`, listOf<Json>(s.layers)).map((l) => ({ name: String(l.name), ordinal: Number(l.ordinal) })),
        similarities: nonEmpty('Compare', `layer similarities of study ${id}`, allNodes('Compare', `similarities of ${id}`, s.similarities).map(toSimilarity)),
        differences: allNodes('Compare', `differences of ${id}`, s.differences).map(toDifference),
        trends: listOf<Json>(s.trends).map(toTrend),
      };
    });
    return { panels, keys: provenanceKeys(d) };
  });
}

function toClaimSet(op: string, c: Json): ClaimSetView {
  const claims = nonEmpty(op, `claims of study ${String(c.study)}`, listOf<Json>(c.claims)).map((x) => ({
    id: String(x.id), section: String(x.section), where: String(x.where), statement: String(x.statement), test: String(x.test),
    status: String(x.status) as ClaimView['status'], detail: String(x.detail ?? ''),
    used: listOf<Json>(x.used).map(toNumber), paper: listOf<Json>(x.paper).map(toNumber),
  }));
  return {
    study: String(c.study), network: String(c.network), dissimilarity: String(c.dissimilarity), comparison: String(c.comparison), draws: Number(c.draws),
    encodingFamily: String(c.encodingFamily), encodingReading: String(c.encodingReading),
    holds: Number(c.holds), fails: Number(c.fails), notComputable: Number(c.notComputable), claims,
  };
}

const toNumber = (n: Json) => ({ name: String(n.name), value: n.value === null || n.value === undefined ? null : Number(n.value), total: n.total == null ? null : Number(n.total), note: n.note == null ? null : String(n.note) });

export interface ClaimsData extends Loaded { readonly sets: readonly (ClaimSetView & { readonly isDefault: boolean; readonly title: string })[] }

export function loadStudyClaims(): Promise<ClaimsData> {
  return once('study-claims', async () => {
    const d = await runOperation<Json>('StudyClaims');
    const studies = nonEmpty('StudyClaims', 'studies', d.studies as Json[]);
    return { sets: studies.map((s) => ({ ...toClaimSet('StudyClaims', s.claims as Json), isDefault: Boolean(s.isDefault), title: String(s.title) })), keys: provenanceKeys(d) };
  });
}

export interface GridsData extends Loaded {
  /** Every study with a grid (cells listed whether computed or not). */
  readonly grids: readonly StudyGridView[];
  /** Served studies without a grid (a service without a pipeline). */
  readonly without: readonly string[];
}

export function toCell(op: string, study: string, c: Json): GridCellView {
  const points = c.fig5 == null ? [] : listOf<Json>(c.fig5);
  const layer = (p: Json) => ({ kind: 'layer', layer: String(p.layer) });
  const sims = points.flatMap((p) => ['reAn', 'reAi'].flatMap((k) => (p[k] ? [toSimilarity({ ...(p[k] as Json), source: layer(p) })] : [])));
  if (c.computed === true && sims.length === 0) throw new SiteDataError(op, `grid cell ${String(c.dissimilarity)} x ${String(c.comparison)} of ${study} is computed but has no Fig. 5 similarities`);
  const claims = c.claims == null ? null : c.claims as Json;
  return {
    dissimilarity: String(c.dissimilarity), comparison: String(c.comparison), draws: Number(c.draws), studyConvention: Boolean(c.studyConvention), computed: Boolean(c.computed),
    claims: claims === null ? null : {
      holds: Number(claims.holds), fails: Number(claims.fails), notComputable: Number(claims.notComputable),
      claims: listOf<Json>(claims.claims).map((x) => ({ id: String(x.id), statement: String(x.statement), status: String(x.status) as ClaimView['status'], detail: String(x.detail ?? '') })),
    },
    layers: points.map((p) => ({ name: String(p.layer), ordinal: Number(p.ordinal) })),
    similarities: sims,
    differences: points.flatMap((p) => (p.difference ? [toDifference({ ...(p.difference as Json), source: layer(p) })] : [])),
    trends: c.trends == null ? [] : listOf<Json>(c.trends).map(toTrend),
  };
}

export function loadStudyGrids(): Promise<GridsData> {
  return once('study-grids', async () => {
    const d = await runOperation<Json>('StudyGrids');
    const studies = nonEmpty('StudyGrids', 'studies', d.studies as Json[]);
    const grids = studies.filter((s) => s.grid != null).map((s) => {
      const g = s.grid as Json;
      const id = String(s.id);
      return { study: id, network: String(s.network), cells: nonEmpty('StudyGrids', `grid cells of ${id}`, listOf<Json>(g.cells)).map((c) => toCell('StudyGrids', id, c)) };
    });
    return { grids, without: studies.filter((s) => s.grid == null).map((s) => String(s.id)), keys: provenanceKeys(d) };
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
    const [brain, enc] = await Promise.all([runOperation<Json>('StudyBrain'), runOperation<Json>('StudyEncoding')]);
    const encById = new Map(nonEmpty('StudyEncoding', 'studies', enc.studies as Json[]).map((s) => [String(s.id), s] as const));
    const studies = nonEmpty('StudyBrain', 'studies', brain.studies as Json[]).map((s) => {
      const id = String(s.id);
      const e = encById.get(id);
      if (!e) throw new SiteDataError('StudyEncoding', `no encoding results for study ${id}`);
      const encoding = [...allNodes('StudyEncoding', `AN encoding of ${id}`, e.an), ...allNodes('StudyEncoding', `AI encoding of ${id}`, e.ai)].map(toEncoding);
      return {
        study: id, subjects: s.subjectIds as string[], rois: s.rois as string[], layers: e.layerNames as string[],
        similarities: nonEmpty('StudyBrain', `ROI similarities of ${id}`, allNodes('StudyBrain', `similarities of ${id}`, s.similarities).map(toSimilarity)),
        differences: allNodes('StudyBrain', `differences of ${id}`, s.differences).map(toDifference),
        encoding: nonEmpty('StudyEncoding', `encoding results of ${id}`, encoding),
      };
    });
    return { studies, keys: provenanceKeys(brain) };
  });
}
