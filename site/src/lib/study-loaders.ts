/**
 * The figure loaders of one study: the root pages' loaders (loaders.ts, the default study through the root fields)
 * when no study id is given, else the same records read through `study(id:)` (schema/operations/studyFigures.graphql),
 * whose URLs and downloads name that study. The page bodies (components/pages/) take a study id and draw through
 * these, so a root page and its /studies/<id>/ twin are one component; the root pages' output does not change.
 */
import { forwardOrder } from './layer-order.js';
import { nonEmpty, provenanceKeys, runOperation, SiteDataError } from './graphql.js';
import {
  downloadsIn, listOf, toDifference, toEncoding, toPower, toRdm, toSearchlight, toSimilarity, toStimulus, toTrend,
  type StudyInfo,
} from './api.js';
import {
  loadBrowseLayer, loadBrowseRoi, loadFig1, loadFig2, loadFig3, loadFig4, loadFig5, loadFig6, loadPower, loadStudy, once,
  type BrowseData, type EncodingData, type Fig1Data, type Fig2Data, type Fig4Data, type PowerData, type RoiSummaryView, type SimilarityData,
} from './loaders.js';
import { categoryLabels, stimulusLabels } from './stimulus-labels.js';

type Json = Record<string, unknown>;

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
      const d = await studyAll('StudyFig1Stimuli', id, 'stimuli');
      return { stimuli: nonEmpty('StudyFig1Stimuli', 'stimuli', listOf<Json>(d.stimuli).map(toStimulus)), keys: provenanceKeys(d) };
    }),
    fig2: () => once(s('fig2'), async () => {
      const info = await L.study();
      const [maps, rois, roiRdms, layerRdms] = await Promise.all([
        studyAll('StudyFig4Searchlight', id, 'searchlight', { pair: 'RE_AI' }),
        studyOp('StudyFig2Rois', id),
        studyAll('StudyFig2Rdms', id, 'rdms', { sourceKind: 'ROI', subject: info.subjects[0], roi: info.rois[0] }),
        studyAll('StudyFig2Rdms', id, 'rdms', { sourceKind: 'LAYER', layer: info.layers[0] }),
      ]);
      const seen = new Set<string>();
      const patches = listOf<Json>(maps.searchlight).map(toSearchlight)
        .filter((m) => { const k = `${m.subject}|${m.hemisphere}`; if (seen.has(k)) return false; seen.add(k); return true; });
      const rdms = [...listOf<Json>(roiRdms.rdms), ...listOf<Json>(layerRdms.rdms)].map((r) => toRdm(r)).filter((r) => ['RE', 'AN', 'AI'].includes(r.stimulusKind));
      return {
        patches: nonEmpty('StudyFig4Searchlight', 'cortical patches', patches),
        rois: nonEmpty('StudyFig2Rois', 'ROI summaries', listOf<Json>(rois.subjects).flatMap((x) => listOf<RoiSummaryView>(x.rois))),
        rdms: nonEmpty('StudyFig2Rdms', 'RDMs', rdms),
        downloads: [...downloadsIn(maps), ...downloadsIn(roiRdms), ...downloadsIn(layerRdms)], keys: provenanceKeys([maps, rois, roiRdms, layerRdms]),
      };
    }),
    fig3: () => once(s('fig3'), () => similarity('StudyFig3Similarity', id)),
    fig4: () => once(s('fig4'), async () => {
      const d = await studyAll('StudyFig4Searchlight', id, 'searchlight');
      return { maps: nonEmpty('StudyFig4Searchlight', 'searchlight maps', listOf<Json>(d.searchlight).map(toSearchlight)), keys: provenanceKeys(d) };
    }),
    fig5: () => once(s('fig5'), () => similarity('StudyFig5Layers', id)),
    fig6: () => once(s('fig6'), async () => {
      const d = await studyAll('StudyFig6Encoding', id, 'encoding');
      return { ...oneVariant('StudyFig6Encoding', listOf<Json>(d.encoding)), downloads: downloadsIn(d), keys: provenanceKeys(d) };
    }),
    power: () => once(s('power'), async () => {
      const d = await studyOp('StudyPower', id);
      return { power: nonEmpty('StudyPower', 'power records', listOf<Json>(d.power).map(toPower)), keys: provenanceKeys(d) };
    }),
    browseRoi: (subject, roi) => once(s(`roi|${subject}|${roi}`), async () => {
      const op = 'StudyBrowseRoi';
      const d = await studyAll(op, id, 'encoding', { subject, roi });
      const enc = listOf<Json>(d.encoding);
      const variant = enc.length ? oneVariant(op, enc) : { encoding: [], family: '', reading: '' };
      return {
        rdms: nonEmpty(op, 'RDMs', listOf<Json>(d.rdms).map((r) => toRdm(r))),
        similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map(toSimilarity)),
        differences: listOf<Json>(d.differences).map(toDifference),
        encoding: variant.encoding, family: variant.family, reading: variant.reading,
        downloads: downloadsIn((d.subject as Json | undefined)?.rois), keys: provenanceKeys(d),
      };
    }),
    browseLayer: (layer) => once(s(`layer|${layer}`), async () => {
      const op = 'StudyBrowseLayer';
      const [d, fig6] = await Promise.all([studyOp(op, id, { name: layer }), L.fig6()]);
      return {
        rdms: nonEmpty(op, 'RDMs', listOf<Json>(d.rdms).map((r) => toRdm(r))),
        similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map(toSimilarity)),
        differences: listOf<Json>(d.differences).map(toDifference),
        encoding: fig6.encoding.filter((e) => e.layer === layer), family: fig6.family, reading: fig6.reading,
        downloads: downloadsIn(d.layer), keys: provenanceKeys(d),
      };
    }),
    labels: async () => categoryLabels((await L.fig1()).stimuli),
  };
  return L;
}

/** `study(id:)` of operation `op`, failing when the service answers another study. */
async function studyOp(op: string, id: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const d = await runOperation<Json>(op, { ...variables, id });
  const study = d.study as Json | undefined;
  if (!study || String(study.id) !== id) throw new SiteDataError(op, `returned no study ${id}`);
  return study;
}

/** `study(id:)` of `op` with every page of its connection `field` (followed with $after), as a plain list. */
async function studyAll(op: string, id: string, field: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const first = await studyOp(op, id, variables);
  type Conn = { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | undefined;
  let conn = first[field] as Conn;
  const all = listOf<unknown>(conn);
  for (let guard = 0; conn?.pageInfo?.hasNextPage && conn.pageInfo.endCursor && guard < 1000; guard++) {
    conn = (await studyOp(op, id, { ...variables, after: conn.pageInfo.endCursor }))[field] as Conn;
    all.push(...listOf<unknown>(conn));
  }
  return { ...first, [field]: all };
}

async function similarity(op: string, id: string): Promise<SimilarityData> {
  const d = await studyAll(op, id, 'similarities');
  if ((d.differences as { pageInfo?: { hasNextPage?: boolean } } | undefined)?.pageInfo?.hasNextPage) throw new SiteDataError(op, 'differences do not fit in one page; raise its page size in the operation');
  return {
    similarities: nonEmpty(op, 'similarities', listOf<Json>(d.similarities).map(toSimilarity)),
    differences: nonEmpty(op, 'differences', listOf<Json>(d.differences).map(toDifference)),
    trends: listOf<Json>(d.trends).map(toTrend), downloads: downloadsIn(d), keys: provenanceKeys(d),
  };
}

/** One model family and accuracy reading (the first returned), as the root Fig. 6 keeps. */
function oneVariant(op: string, rows: Json[]): { encoding: ReturnType<typeof toEncoding>[]; family: string; reading: string } {
  const family = String(rows[0]?.family ?? 'ROMP');
  const reading = String(rows[0]?.reading ?? '');
  const keep = rows.filter((r) => (r.family ?? family) === family && (r.reading ?? reading) === reading);
  return { encoding: [...nonEmpty(op, 'encoding results', keep.map(toEncoding))], family, reading };
}

async function loadStudyInfo(id: string): Promise<StudyInfo & { readonly isDefault: boolean }> {
  const s = await studyOp('StudyInfo', id);
  const subjects = (s.subjectIds ?? listOf<Json>(s.subjects).map((x) => x.id)) as string[];
  const layers = (s.layerNames ?? listOf<Json>(s.layers).map((x) => x.name)) as string[];
  return {
    id: String(s.id), title: String(s.title), network: String(s.network), networkDescription: String(s.networkDescription ?? ''),
    weightsSha256: String(s.weightsSha256 ?? ''), backend: String(s.backend ?? ''), preprocessing: String(s.preprocessing ?? ''),
    simulated: Boolean(s.simulated), isDefault: Boolean(s.isDefault),
    subjects: nonEmpty('StudyInfo', 'subjects', subjects), rois: nonEmpty('StudyInfo', 'ROIs', s.rois as string[]),
    layers: nonEmpty('StudyInfo', 'layers', forwardOrder(layers, listOf<{ name: string; activation: string }>(s.layers))), groups: (s.groups as string[]) ?? [], parameters: String(s.parameters ?? '{}'),
    differencesFromPaper: (s.differencesFromPaper as string[]) ?? [],
    downloads: listOf<Json>(s.exports).flatMap((e) => [
      { label: `${String(e.name)}: ${String(e.description).replace(/\.$/, '')}`, url: String(e.csvUrl), format: 'csv' },
      { label: String(e.name), url: String(e.jsonUrl), format: 'json' },
    ]),
    keys: provenanceKeys({ provenance: s.provenance }),
  };
}
