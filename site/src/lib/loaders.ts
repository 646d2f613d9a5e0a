/**
 * The page loaders: operation name -> figure records. Operation names are those of schema/operations/*.graphql;
 * top-level fields are the Query fields (study, stimuli, rdms, similarities, differences, trends, searchlight,
 * encoding, power). Empty results a figure needs fail the build (nonEmpty) with the operation's name.
 */
import { forwardOrder } from './layer-order.js';
import { apiUrl, nonEmpty, operationName, provenanceKeys, runDocument, runPages, SiteDataError, type Page, type PagedField } from './graphql.js';
import { buildParams } from './build-params.js';
import {
  BrowseLayerDocument, BrowseRoiDocument, Fig1StimuliDocument, Fig2RdmsDocument, Fig2RoisDocument, Fig3SimilarityDocument,
  Fig4SearchlightDocument, Fig5LayersDocument, Fig6EncodingDocument, PowerDocument, StudyDocument,
  type Fig2RoisQuery, type Fig6EncodingQuery,
} from './generated/graphql.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  downloadsIn, toDifference, toRdm, toSearchlight, toSimilarity, toTrend, type Download, type Loaded, type StudyInfo,
} from './api.js';
import type {
  DifferenceView, EncodingView, NodeOf, PowerView, RdmView, RoiPatchView, SearchlightView, SimilarityView, StimulusView, TrendView,
} from './types.js';

const memo = new Map<string, Promise<unknown>>();
let memoBuild: string | undefined;
/**
 * Memoises a loader within one build. Bundled chunks keep their file names between builds in one process (the
 * bench, `start` rebuilding after a recompute), so Node's module cache would keep this map: it is dropped whenever
 * the build id or the API URL (build-params.ts) changes, so that no build reuses another's data.
 */
export function once<T>(key: string, f: () => Promise<T>): Promise<T> {
  const build = `${buildParams().buildId}|${apiUrl()}`;
  if (build !== memoBuild) { memo.clear(); memoBuild = build; }
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key) as Promise<T>;
}

/** Runs `doc`, following pages of its first connection; the others must fit in one page. */
async function load<R, V extends { readonly after?: string | null }>(
  doc: TypedDocumentNode<R, V>, connections: readonly [PagedField<R>, ...PagedField<R>[]], variables: V,
): Promise<R> {
  const data = await runPages(doc, connections[0], variables);
  // $after pages the operation's first connection only; a second one that does not fit in one page would be
  // silently truncated, so it fails instead.
  for (const f of connections.slice(1)) {
    if ((data[f] as Page).pageInfo.hasNextPage) {
      throw new SiteDataError(operationName(doc as TypedDocumentNode<unknown, never>), `${String(f)} does not fit in one page; raise its page size in the operation`);
    }
  }
  return data;
}

export function loadStudy(): Promise<StudyInfo> {
  return once('study', async () => {
    const d = await runDocument(StudyDocument);
    const s = d.study;
    return {
      id: s.id, title: s.title, network: s.network, networkDescription: s.networkDescription, weightsSha256: s.weightsSha256,
      backend: s.backend, preprocessing: s.preprocessing, simulated: s.simulated,
      subjects: nonEmpty('study', 'subjects', s.subjectIds), rois: nonEmpty('study', 'ROIs', s.rois),
      layers: nonEmpty('study', 'layers', forwardOrder(s.layerNames, s.layers)), groups: s.groups, parameters: s.parameters,
      differencesFromPaper: s.differencesFromPaper,
      downloads: [...downloadsIn(s), ...d.exports.flatMap((e) => [
        { label: `${e.name}: ${e.description.replace(/\.$/, '')}`, url: e.csvUrl, format: 'csv' },
        { label: e.name, url: e.jsonUrl, format: 'json' },
      ])],
      keys: provenanceKeys(d),
    };
  });
}

export interface Fig1Data extends Loaded { readonly stimuli: readonly StimulusView[] }
export function loadFig1(): Promise<Fig1Data> {
  return once('fig1', async () => {
    const d = await load(Fig1StimuliDocument, ['stimuli'], {});
    return { stimuli: nonEmpty('Fig1Stimuli', 'stimuli', d.stimuli.nodes), keys: provenanceKeys(d) };
  });
}

export type RoiSummaryView = Fig2RoisQuery['rois'][number];
export interface Fig2Data extends Loaded {
  readonly patches: readonly RoiPatchView[];
  readonly rois: readonly RoiSummaryView[];
  /** Example RDM sets: the first subject's first ROI and the network's first layer. */
  readonly rdms: readonly RdmView[];
  readonly downloads: readonly Download[];
}
/**
 * Fig. 2A draws the ROI labels of the flattened patch, which the searchlight maps carry (x, y, roi per vertex);
 * one map per subject x hemisphere (pair RE_AI) is enough. Fig2Rois gives the vertex counts and reliabilities.
 */
export function loadFig2(): Promise<Fig2Data> {
  return once('fig2', async () => {
    const study = await loadStudy();
    const maps = await load(Fig4SearchlightDocument, ['searchlight'], { pair: 'RE_AI' });
    const rois = await runDocument(Fig2RoisDocument);
    const roiRdms = await load(Fig2RdmsDocument, ['rdms'], { sourceKind: 'ROI', subject: study.subjects[0], roi: study.rois[0] });
    const layerRdms = await load(Fig2RdmsDocument, ['rdms'], { sourceKind: 'LAYER', layer: study.layers[0] });
    const seen = new Set<string>();
    const patches = maps.searchlight.nodes.map(toSearchlight)
      .filter((m) => { const k = `${m.subject}|${m.hemisphere}`; if (seen.has(k)) return false; seen.add(k); return true; });
    const rdms = [...roiRdms.rdms.nodes, ...layerRdms.rdms.nodes].map(toRdm)
      .filter((r) => ['RE', 'AN', 'AI'].includes(r.stimulusKind));
    return {
      patches: nonEmpty('Fig4Searchlight', 'cortical patches', patches),
      rois: nonEmpty('Fig2Rois', 'ROI summaries', rois.rois),
      rdms: nonEmpty('Fig2Rdms', 'RDMs', rdms),
      downloads: [...downloadsIn(maps), ...downloadsIn(roiRdms), ...downloadsIn(layerRdms)], keys: provenanceKeys([maps, rois, roiRdms, layerRdms]),
    };
  });
}

export interface SimilarityData extends Loaded { readonly similarities: readonly SimilarityView[]; readonly differences: readonly DifferenceView[]; readonly trends: readonly TrendView[]; readonly downloads: readonly Download[] }
export function loadFig3(): Promise<SimilarityData> {
  return once('Fig3Similarity', async () => {
    const op = 'Fig3Similarity';
    const d = await load(Fig3SimilarityDocument, ['similarities', 'differences'], {});
    return {
      similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
      differences: nonEmpty(op, 'differences', d.differences.nodes.map(toDifference)),
      trends: [], downloads: downloadsIn(d), keys: provenanceKeys(d),
    };
  });
}
export function loadFig5(): Promise<SimilarityData> {
  return once('Fig5Layers', async () => {
    const op = 'Fig5Layers';
    const d = await load(Fig5LayersDocument, ['similarities', 'differences'], {});
    return {
      similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map(toSimilarity)),
      differences: nonEmpty(op, 'differences', d.differences.nodes.map(toDifference)),
      trends: d.trends.map(toTrend), downloads: downloadsIn(d), keys: provenanceKeys(d),
    };
  });
}

export interface Fig4Data extends Loaded { readonly maps: readonly SearchlightView[] }
export function loadFig4(): Promise<Fig4Data> {
  return once('fig4', async () => {
    const d = await load(Fig4SearchlightDocument, ['searchlight'], {});
    return { maps: nonEmpty('Fig4Searchlight', 'searchlight maps', d.searchlight.nodes.map(toSearchlight)), keys: provenanceKeys(d) };
  });
}

export interface EncodingData extends Loaded { readonly encoding: readonly EncodingView[]; readonly family: string; readonly reading: string; readonly downloads: readonly Download[] }
/** An encoding row as Fig6Encoding returns it: the model's family and accuracy reading with the view's fields. */
type EncodingRow = EncodingView & Pick<NodeOf<Fig6EncodingQuery['encoding']>, 'family' | 'reading'>;
/** Keeps one model family and accuracy reading (the first returned) so that each bar is one model. */
function oneVariant(op: string, rows: readonly EncodingRow[]): { encoding: EncodingView[]; family: string; reading: string } {
  const family = rows[0]?.family ?? 'ROMP';
  const reading = rows[0]?.reading ?? '';
  const keep = rows.filter((r) => r.family === family && r.reading === reading);
  return { encoding: [...nonEmpty(op, 'encoding results', keep)], family, reading };
}
export function loadFig6(): Promise<EncodingData> {
  return once('fig6', async () => {
    const d = await load(Fig6EncodingDocument, ['encoding'], {});
    return { ...oneVariant('Fig6Encoding', d.encoding.nodes), downloads: downloadsIn(d), keys: provenanceKeys(d) };
  });
}

export interface PowerData extends Loaded { readonly power: readonly PowerView[] }
export function loadPower(): Promise<PowerData> {
  return once('power', async () => {
    const d = await runDocument(PowerDocument);
    return { power: nonEmpty('Power', 'power records', d.power), keys: provenanceKeys(d) };
  });
}

export interface BrowseData extends Loaded {
  readonly rdms: readonly RdmView[];
  readonly similarities: readonly SimilarityView[];
  readonly differences: readonly DifferenceView[];
  readonly encoding: readonly EncodingView[];
  /** Encoding model family and accuracy reading shown. */
  readonly family: string;
  readonly reading: string;
  readonly downloads: readonly Download[];
}

/** Browse one subject x ROI: the operation's nodes carry no source (it is the query's), so it is filled in. */
export function loadBrowseRoi(subject: string, roi: StudyInfo['rois'][number]): Promise<BrowseData> {
  return once(`roi|${subject}|${roi}`, async () => {
    const op = 'BrowseRoi';
    const d = await load(BrowseRoiDocument, ['encoding'], { subject, roi });
    const source = { kind: 'ROI', subject, roi } as const;
    const fig3 = await loadFig3();
    const enc = d.encoding.nodes.map((e) => ({ ...e, subject, roi }));
    const variant = enc.length ? oneVariant(op, enc) : { encoding: [], family: '', reading: '' };
    return {
      rdms: nonEmpty(op, 'RDMs', d.rdms.nodes.map((r) => toRdm({ ...r, source }))),
      similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map((r) => toSimilarity({ ...r, source }))),
      differences: fig3.differences.filter((x) => x.source.kind === 'roi' && x.source.subject === subject && x.source.roi === roi),
      encoding: variant.encoding, family: variant.family, reading: variant.reading,
      downloads: downloadsIn(d.rois), keys: provenanceKeys(d),
    };
  });
}

/** Browse one layer: its RDMs and similarities, plus the encoding models built on it (from Fig6Encoding). */
export function loadBrowseLayer(layer: string): Promise<BrowseData> {
  return once(`layer|${layer}`, async () => {
    const op = 'BrowseLayer';
    const d = await runDocument(BrowseLayerDocument, { name: layer });
    const source = { kind: 'LAYER', layer } as const;
    const [fig5, fig6] = await Promise.all([loadFig5(), loadFig6()]);
    return {
      rdms: nonEmpty(op, 'RDMs', d.rdms.nodes.map((r) => toRdm({ ...r, source }))),
      similarities: nonEmpty(op, 'similarities', d.similarities.nodes.map((r) => toSimilarity({ ...r, source }))),
      differences: fig5.differences.filter((x) => x.source.kind === 'layer' && x.source.layer === layer),
      encoding: fig6.encoding.filter((e) => e.layer === layer), family: fig6.family, reading: fig6.reading,
      downloads: downloadsIn(d.layer), keys: provenanceKeys(d),
    };
  });
}
