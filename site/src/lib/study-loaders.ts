/**
 * The figure loaders of one study: the root pages' loaders (loaders.ts, the default study through the root fields)
 * when no study id is given, else the same records read through `study(id:)` (schema/operations/studyFigures.graphql),
 * whose URLs and downloads name that study. The page bodies (components/pages/) take a study id and draw through
 * these, so a root page and its /studies/<id>/ twin are one component; the root pages' output does not change.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { forwardOrder } from './layer-order.js';
import { nonEmpty, operationName, provenanceKeys, runDocument, SiteDataError, type Page } from './graphql.js';
import {
  StudyBrowseLayerDocument, StudyBrowseRoiDocument, StudyFig1StimuliDocument, StudyFig2RdmsDocument, StudyFig2RoisDocument,
  StudyFig3SimilarityDocument, StudyFig4SearchlightDocument, StudyFig5LayersDocument, StudyFig6EncodingDocument, StudyInfoDocument,
  StudyPowerDocument,
} from './generated/graphql.js';
import { downloadsIn, toDifference, toRdm, toSearchlight, toSimilarity, toTrend, type StudyInfo } from './api.js';
import {
  loadBrowseLayer, loadBrowseRoi, loadFig1, loadFig2, loadFig3, loadFig4, loadFig5, loadFig6, loadPower, loadStudy, once,
  type BrowseData, type EncodingData, type Fig1Data, type Fig2Data, type Fig4Data, type PowerData, type SimilarityData,
} from './loaders.js';
import type { EncodingView, RoiName } from './types.js';
import { categoryLabels, stimulusLabels } from './stimulus-labels.js';


export interface StudyLoaders {
  /** The study id for per-study pages; undefined for the root pages (the default study). */
  readonly id: string | undefined;
  study(): Promise<StudyInfo & { readonly isDefault: boolean }>;
  fig1(): Promise<Fig1Data>;
  fig2(): Promise<Fig2Data>;
  fig3(): Promise<SimilarityData>;
  fig4(): Promise<Fig4Data>;
  fig5(): Promise<SimilarityData>;
  fig6(): Promise<EncodingData>;
  power(): Promise<PowerData>;
  browseRoi(subject: string, roi: string): Promise<BrowseData>;
  browseLayer(layer: string): Promise<BrowseData>;
  labels(): Promise<Record<string, string>>;
}

const ROOT: StudyLoaders = {
  id: undefined,
  study: async () => ({ ...(await loadStudy()), isDefault: true }),
  fig1: loadFig1, fig2: loadFig2, fig3: loadFig3, fig4: loadFig4, fig5: loadFig5, fig6: loadFig6, power: loadPower,
  browseRoi: loadBrowseRoi, browseLayer: loadBrowseLayer, labels: stimulusLabels,
};

/** The loaders of study `id` (undefined: the root pages' own). */
export function studyLoaders(id?: string): StudyLoaders {
  if (id === undefined) return ROOT;
  const s = (key: string) => `study:${id}:${key}`;
  const L: StudyLoaders = {
    id,
    study: () => once(s('study'), () => loadStudyInfo(id)),
    fig1: () => once(s('fig1'), async () => {
      const d = await studyAll(StudyFig1StimuliDocument, id, 'stimuli', { id });
      return { stimuli: nonEmpty('StudyFig1Stimuli', 'stimuli', d.stimuli.nodes), keys: provenanceKeys(d) };
    }),
    fig2: () => once(s('fig2'), async () => {
      const info = await L.study();
      const [maps, rois, roiRdms, layerRdms] = await Promise.all([
        studyAll(StudyFig4SearchlightDocument, id, 'searchlight', { id, pair: 'RE_AI' }),
        studyOf(StudyFig2RoisDocument, id, { id }),
        studyAll(StudyFig2RdmsDocument, id, 'rdms', { id, sourceKind: 'ROI', subject: info.subjects[0], roi: info.rois[0] }),
        studyAll(StudyFig2RdmsDocument, id, 'rdms', { id, sourceKind: 'LAYER', layer: info.layers[0] }),
      ]);
      const seen = new Set<string>();
      const patches = maps.searchlight.nodes.map(toSearchlight)
        .filter((m) => { const k = `${m.subject}|${m.hemisphere}`; if (seen.has(k)) return false; seen.add(k); return true; });
      const rdms = [...roiRdms.rdms.nodes, ...layerRdms.rdms.nodes].map(toRdm).filter((r) => ['RE', 'AN', 'AI'].includes(r.stimulusKind));
      return {
        patches: nonEmpty('StudyFig4Searchlight', 'cortical patches', patches),
        rois: nonEmpty('StudyFig2Rois', 'ROI summaries', rois.subjects.flatMap((x) => x.rois)),
        rdms: nonEmpty('StudyFig2Rdms', 'RDMs', rdms),
        downloads: [...downloadsIn(maps), ...downloadsIn(roiRdms), ...downloadsIn(layerRdms)], keys: provenanceKeys([maps, rois, roiRdms, layerRdms]),
      };
    }),
    fig3: () => once(s('fig3'), async () => {
      const op = 'StudyFig3Similarity';
      const d = await studyAll(StudyFig3SimilarityDocument, id, 'similarities', { id }, ['differences']);
      return {
        similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
        differences: nonEmpty(op, 'differences', d.differences.nodes.map(toDifference)),
        trends: [], downloads: downloadsIn(d), keys: provenanceKeys(d),
      };
    }),
    fig4: () => once(s('fig4'), async () => {
      const d = await studyAll(StudyFig4SearchlightDocument, id, 'searchlight', { id });
      return { maps: nonEmpty('StudyFig4Searchlight', 'searchlight maps', d.searchlight.nodes.map(toSearchlight)), keys: provenanceKeys(d) };
    }),
    fig5: () => once(s('fig5'), async () => {
      const op = 'StudyFig5Layers';
      const d = await studyAll(StudyFig5LayersDocument, id, 'similarities', { id }, ['differences']);
      return {
        similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
        differences: nonEmpty(op, 'differences', d.differences.nodes.map(toDifference)),
        trends: d.trends.map(toTrend), downloads: downloadsIn(d), keys: provenanceKeys(d),
      };
    }),
    fig6: () => once(s('fig6'), async () => {
      const d = await studyAll(StudyFig6EncodingDocument, id, 'encoding', { id });
      return { ...oneVariant('StudyFig6Encoding', d.encoding.nodes), downloads: downloadsIn(d), keys: provenanceKeys(d) };
    }),
    power: () => once(s('power'), async () => {
      const d = await studyOf(StudyPowerDocument, id, { id });
      return { power: nonEmpty('StudyPower', 'power records', d.power), keys: provenanceKeys(d) };
    }),
    browseRoi: (subject, roi) => once(s(`roi|${subject}|${roi}`), async () => {
      const op = 'StudyBrowseRoi';
      const d = await studyAll(StudyBrowseRoiDocument, id, 'encoding', { id, subject, roi: roi as RoiName });
      const enc = d.encoding.nodes;
      const variant = enc.length ? oneVariant(op, enc) : { encoding: [], family: '', reading: '' };
      return {
        rdms: nonEmpty(op, 'RDMs', d.rdms.nodes.map(toRdm)),
        similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
        differences: d.differences.nodes.map(toDifference),
        encoding: variant.encoding, family: variant.family, reading: variant.reading,
        downloads: downloadsIn(d.subject?.rois), keys: provenanceKeys(d),
      };
    }),
    browseLayer: (layer) => once(s(`layer|${layer}`), async () => {
      const op = 'StudyBrowseLayer';
      const [d, fig6] = await Promise.all([studyOf(StudyBrowseLayerDocument, id, { id, name: layer }), L.fig6()]);
      return {
        rdms: nonEmpty(op, 'RDMs', d.rdms.nodes.map(toRdm)),
        similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
        differences: d.differences.nodes.map(toDifference),
        encoding: fig6.encoding.filter((e) => e.layer === layer), family: fig6.family, reading: fig6.reading,
        downloads: downloadsIn(d.layer), keys: provenanceKeys(d),
      };
    }),
    labels: async () => categoryLabels((await L.fig1()).stimuli),
  };
  return L;
}

/** `study(id:)` of `doc`, failing when the service answers another study (or none). */
async function studyOf<R extends { readonly study: { readonly id: string } | null }, V>(doc: TypedDocumentNode<R, V>, id: string, variables: V): Promise<NonNullable<R['study']>> {
  const d = await runDocument(doc, variables);
  if (!d.study || d.study.id !== id) throw new SiteDataError(operationName(doc as TypedDocumentNode<unknown, never>), `returned no study ${id}`);
  return d.study as NonNullable<R['study']>;
}

/** The fields of a study result that are paged connections. */
type StudyPaged<S> = { [K in keyof S]: S[K] extends Page ? K : never }[keyof S];

/**
 * `study(id:)` of `doc` with every page of its connection `field` (followed with $after); any other connection of
 * the operation must fit in its one page, since $after pages only `field`.
 */
async function studyAll<R extends { readonly study: { readonly id: string } | null }, V extends { readonly after?: string | null }>(
  doc: TypedDocumentNode<R, V>, id: string, field: StudyPaged<NonNullable<R['study']>>, variables: V, alsoOnePage: readonly StudyPaged<NonNullable<R['study']>>[] = [],
): Promise<NonNullable<R['study']>> {
  const first = await studyOf(doc, id, variables);
  const connection = (x: NonNullable<R['study']>, f: StudyPaged<NonNullable<R['study']>>) => (x as unknown as Record<string, Page>)[f as string]!;
  let conn = connection(first, field);
  const nodes = [...conn.nodes];
  for (let guard = 0; conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && guard < 1000; guard++) {
    conn = connection(await studyOf(doc, id, { ...variables, after: conn.pageInfo.endCursor }), field);
    nodes.push(...conn.nodes);
  }
  for (const f of alsoOnePage) {
    if (connection(first, f).pageInfo.hasNextPage) throw new SiteDataError(operationName(doc as TypedDocumentNode<unknown, never>), `${String(f)} does not fit in one page; raise its page size in the operation`);
  }
  return { ...first, [field]: { ...conn, nodes } };
}

/** An encoding row with its model family and accuracy reading. */
type EncodingRow = EncodingView & { readonly family: string; readonly reading: string };
/** One model family and accuracy reading (the first returned), as the root Fig. 6 keeps. */
function oneVariant(op: string, rows: readonly EncodingRow[]): { encoding: EncodingView[]; family: string; reading: string } {
  const family = rows[0]?.family ?? 'ROMP';
  const reading = rows[0]?.reading ?? '';
  const keep = rows.filter((r) => r.family === family && r.reading === reading);
  return { encoding: [...nonEmpty(op, 'encoding results', keep)], family, reading };
}

async function loadStudyInfo(id: string): Promise<StudyInfo & { readonly isDefault: boolean }> {
  const s = await studyOf(StudyInfoDocument, id, { id });
  return {
    id: s.id, title: s.title, network: s.network, networkDescription: s.networkDescription,
    weightsSha256: s.weightsSha256, backend: s.backend, preprocessing: s.preprocessing,
    simulated: s.simulated, isDefault: s.isDefault,
    subjects: nonEmpty('StudyInfo', 'subjects', s.subjectIds), rois: nonEmpty('StudyInfo', 'ROIs', s.rois),
    layers: nonEmpty('StudyInfo', 'layers', forwardOrder(s.layerNames, s.layers)), groups: s.groups, parameters: s.parameters,
    differencesFromPaper: s.differencesFromPaper,
    downloads: s.exports.flatMap((e) => [
      { label: `${e.name}: ${e.description.replace(/\.$/, '')}`, url: e.csvUrl, format: 'csv' },
      { label: e.name, url: e.jsonUrl, format: 'json' },
    ]),
    keys: provenanceKeys({ provenance: s.provenance }),
  };
}
