/**
 * The page loaders: operation name -> figure records. Operation names are those of schema/operations/*.graphql;
 * top-level fields are the Query fields (study, stimuli, rdms, similarities, differences, trends, searchlight,
 * encoding, power). Empty results a figure needs fail the build (nonEmpty) with the operation's name.
 */
import { forwardOrder } from './layer-order.js';
import { apiUrl, nonEmpty, provenanceKeys, runOperation, SiteDataError } from './graphql.js';
import {
  downloadsIn, listOf, runAll, toDifference, toEncoding, toPower, toRdm, toSearchlight, toSimilarity, toStimulus, toTrend,
  type Download, type Loaded, type StudyInfo,
} from './api.js';
import type {
  DifferenceView, EncodingView, PowerView, RdmView, RoiPatchView, SearchlightView, SimilarityView, StimulusView, TrendView,
} from './types.js';

type Json = Record<string, unknown>;
const memo = new Map<string, Promise<unknown>>();
let memoBuild: string | undefined;
/**
 * Memoises a loader within one build. Bundled chunks keep their file names between builds in one process (the
 * bench, `start` rebuilding after a recompute), so Node's module cache would keep this map: it is dropped whenever
 * the build id (set by buildSite) or the API URL changes, so that no build reuses another's data.
 */
export function once<T>(key: string, f: () => Promise<T>): Promise<T> {
  const build = `${process.env.ARSA_SITE_BUILD_ID ?? ''}|${apiUrl()}`;
  if (build !== memoBuild) { memo.clear(); memoBuild = build; }
  if (!memo.has(key)) memo.set(key, f());
  return memo.get(key) as Promise<T>;
}

/** Runs `name`, following pages of every connection field listed. */
async function load(name: string, connections: readonly string[], variables: Record<string, unknown> = {}): Promise<Json> {
  if (connections.length === 0) return runOperation<Json>(name, variables);
  const data = await runAll(name, connections[0]!, variables);
  // $after pages the operation's first connection only; a second one that does not fit in one page would be
  // silently truncated, so it fails instead.
  for (const f of connections.slice(1)) {
    if ((data[f] as { pageInfo?: { hasNextPage?: boolean } } | undefined)?.pageInfo?.hasNextPage) {
      throw new SiteDataError(name, `${f} does not fit in one page; raise its page size in the operation`);
    }
    data[f] = listOf(data[f]);
  }
  return data;
}

export function loadStudy(): Promise<StudyInfo> {
  return once('study', async () => {
    const d = await load('Study', []);
    const s = d.study as Json | undefined;
    if (!s) throw new Error('site data: operation study: returned no study');
    const subjects = (s.subjectIds ?? listOf<Json>(s.subjects).map((x) => x.id)) as string[];
    const layers = (s.layerNames ?? listOf<Json>(s.layers).map((x) => x.name)) as string[];
    return {
      id: String(s.id), title: String(s.title), network: String(s.network), networkDescription: String(s.networkDescription ?? ''),
      weightsSha256: String(s.weightsSha256 ?? ''), backend: String(s.backend ?? ''), preprocessing: String(s.preprocessing ?? ''),
      simulated: Boolean(s.simulated), subjects: nonEmpty('study', 'subjects', subjects), rois: nonEmpty('study', 'ROIs', s.rois as string[]),
      layers: nonEmpty('study', 'layers', forwardOrder(layers, listOf<{ name: string; activation: string }>(s.layers))), groups: (s.groups as string[]) ?? [], parameters: String(s.parameters ?? '{}'),
      differencesFromPaper: (s.differencesFromPaper as string[]) ?? [],
      downloads: [...downloadsIn(s), ...listOf<Json>(d.exports).flatMap((e) => [
        { label: `${String(e.name)}: ${String(e.description).replace(/\.$/, '')}`, url: String(e.csvUrl), format: 'csv' },
        { label: String(e.name), url: String(e.jsonUrl), format: 'json' },
      ])],
      keys: provenanceKeys(d),
    };
  });
}

export interface Fig1Data extends Loaded { readonly stimuli: readonly StimulusView[] }
export function loadFig1(): Promise<Fig1Data> {
  return once('fig1', async () => {
    const d = await load('Fig1Stimuli', ['stimuli']);
    return { stimuli: nonEmpty('Fig1Stimuli', 'stimuli', listOf<Json>(d.stimuli).map(toStimulus)), keys: provenanceKeys(d) };
  });
}

export interface RoiSummaryView { readonly subject: string; readonly roi: string; readonly hemisphere: string; readonly nVertices: number; readonly nSelected: number; readonly medianReliability: number; readonly medianReliabilitySelected: number }
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
    const maps = await load('Fig4Searchlight', ['searchlight'], { pair: 'RE_AI' });
    const rois = await load('Fig2Rois', []);
    const roiRdms = await load('Fig2Rdms', ['rdms'], { sourceKind: 'ROI', subject: study.subjects[0], roi: study.rois[0] });
    const layerRdms = await load('Fig2Rdms', ['rdms'], { sourceKind: 'LAYER', layer: study.layers[0] });
    const seen = new Set<string>();
    const patches = listOf<Json>(maps.searchlight).map(toSearchlight)
      .filter((m) => { const k = `${m.subject}|${m.hemisphere}`; if (seen.has(k)) return false; seen.add(k); return true; });
    const rdms = [...listOf<Json>(roiRdms.rdms), ...listOf<Json>(layerRdms.rdms)].map((r) => toRdm(r))
      .filter((r) => ['RE', 'AN', 'AI'].includes(r.stimulusKind));
    return {
      patches: nonEmpty('Fig4Searchlight', 'cortical patches', patches),
      rois: nonEmpty('Fig2Rois', 'ROI summaries', listOf<RoiSummaryView>(rois.rois)),
      rdms: nonEmpty('Fig2Rdms', 'RDMs', rdms),
      downloads: [...downloadsIn(maps), ...downloadsIn(roiRdms), ...downloadsIn(layerRdms)], keys: provenanceKeys([maps, rois, roiRdms, layerRdms]),
    };
  });
}

export interface SimilarityData extends Loaded { readonly similarities: readonly SimilarityView[]; readonly differences: readonly DifferenceView[]; readonly trends: readonly TrendView[]; readonly downloads: readonly Download[] }
function loadSimilarity(op: string): Promise<SimilarityData> {
  return once(op, async () => {
    const d = await load(op, ['similarities', 'differences']);
    return {
      similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map(toSimilarity)),
      differences: nonEmpty(op, 'differences', listOf<Json>(d.differences).map(toDifference)),
      trends: listOf<Json>(d.trends).map(toTrend), downloads: downloadsIn(d), keys: provenanceKeys(d),
    };
  });
}
export const loadFig3 = () => loadSimilarity('Fig3Similarity');
export const loadFig5 = () => loadSimilarity('Fig5Layers');

export interface Fig4Data extends Loaded { readonly maps: readonly SearchlightView[] }
export function loadFig4(): Promise<Fig4Data> {
  return once('fig4', async () => {
    const d = await load('Fig4Searchlight', ['searchlight']);
    return { maps: nonEmpty('Fig4Searchlight', 'searchlight maps', listOf<Json>(d.searchlight).map(toSearchlight)), keys: provenanceKeys(d) };
  });
}

export interface EncodingData extends Loaded { readonly encoding: readonly EncodingView[]; readonly family: string; readonly reading: string; readonly downloads: readonly Download[] }
/** Keeps one model family and accuracy reading (the first returned) so that each bar is one model. */
function oneVariant(op: string, rows: Json[]): { encoding: EncodingView[]; family: string; reading: string } {
  const family = String(rows[0]?.family ?? 'ROMP');
  const reading = String(rows[0]?.reading ?? '');
  const keep = rows.filter((r) => (r.family ?? family) === family && (r.reading ?? reading) === reading);
  return { encoding: [...nonEmpty(op, 'encoding results', keep.map(toEncoding))], family, reading };
}
export function loadFig6(): Promise<EncodingData> {
  return once('fig6', async () => {
    const d = await load('Fig6Encoding', ['encoding']);
    return { ...oneVariant('Fig6Encoding', listOf<Json>(d.encoding)), downloads: downloadsIn(d), keys: provenanceKeys(d) };
  });
}

export interface PowerData extends Loaded { readonly power: readonly PowerView[] }
export function loadPower(): Promise<PowerData> {
  return once('power', async () => {
    const d = await load('Power', []);
    return { power: nonEmpty('Power', 'power records', listOf<Json>(d.power).map(toPower)), keys: provenanceKeys(d) };
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
export function loadBrowseRoi(subject: string, roi: string): Promise<BrowseData> {
  return once(`roi|${subject}|${roi}`, async () => {
    const op = 'BrowseRoi';
    const d = await load(op, ['encoding', 'similarities', 'rdms'], { subject, roi });
    const src = { kind: 'ROI', subject, roi };
    const fig3 = await loadFig3();
    const enc = listOf<Json>(d.encoding).map((e) => ({ ...e, subject, roi }));
    const variant = enc.length ? oneVariant(op, enc) : { encoding: [], family: '', reading: '' };
    return {
      rdms: nonEmpty(op, 'RDMs', listOf<Json>(d.rdms).map((r) => toRdm({ source: src, ...r }))),
      similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map((r) => toSimilarity({ source: src, ...r }))),
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
    const d = await load(op, ['similarities', 'rdms'], { name: layer });
    const src = { kind: 'LAYER', layer };
    const [fig5, fig6] = await Promise.all([loadFig5(), loadFig6()]);
    return {
      rdms: nonEmpty(op, 'RDMs', listOf<Json>(d.rdms).map((r) => toRdm({ source: src, ...r }))),
      similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map((r) => toSimilarity({ source: src, ...r }))),
      differences: fig5.differences.filter((x) => x.source.kind === 'layer' && x.source.layer === layer),
      encoding: fig6.encoding.filter((e) => e.layer === layer), family: fig6.family, reading: fig6.reading,
      downloads: downloadsIn(d.layer), keys: provenanceKeys(d),
    };
  });
}
