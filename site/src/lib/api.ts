/**
 * Adapters from GraphQL results (records shaped like server/src/study/model.ts, enums upper case, lists as
 * connections) to the figure functions' record types (types.ts), and pagination over connections. The page
 * loaders (loaders.ts) are built on these. Every loaded value carries `keys`: the store keys (provenance) of the
 * records read, shown on each page as the data version it was built from.
 */
import { stimulusImageUrl } from '../../../server/src/study/output/stimulus-urls.js';
import { runOperation, SiteDataError } from './graphql.js';
import { pathLabel } from './link-text.js';
import type {
  DifferenceView, EncodingView, PowerView, RdmView, SearchlightView, SimilarityView, StimulusView, TrendView,
} from './types.js';

export interface Loaded { readonly keys: readonly string[] }

export interface StudyInfo extends Loaded {
  readonly id: string;
  readonly title: string;
  readonly network: string;
  readonly networkDescription: string;
  readonly weightsSha256: string;
  readonly backend: string;
  readonly preprocessing: string;
  readonly simulated: boolean;
  readonly subjects: readonly string[];
  readonly rois: readonly string[];
  readonly layers: readonly string[];
  readonly groups: readonly string[];
  readonly parameters: string;
  readonly differencesFromPaper: readonly string[];
  readonly downloads: readonly Download[];
}

/** A file served by the service (relative URL) or written by the site (/data/...). */
export interface Download { readonly label: string; readonly url: string; readonly format?: string; readonly shape?: readonly number[] }

type Json = Record<string, unknown>;

/** A list field that may be a plain list or a connection ({nodes} or {edges{node}}). */
export function listOf<T>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[];
  if (v && typeof v === 'object') {
    const c = v as { nodes?: T[]; edges?: { node: T }[] };
    if (Array.isArray(c.nodes)) return c.nodes;
    if (Array.isArray(c.edges)) return c.edges.map((e) => e.node);
  }
  return [];
}

/**
 * Runs an operation and, when it takes `$after`, follows `pageInfo.endCursor` of the connection at `field`
 * until the last page, concatenating its nodes. Returns the first page's data with the full node list at `field`.
 */
export async function runAll(name: string, field: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const first = await runOperation<Json>(name, variables);
  let conn = first[field] as { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | undefined;
  const all = listOf<unknown>(conn);
  let guard = 0;
  while (conn?.pageInfo?.hasNextPage && conn.pageInfo.endCursor && guard++ < 1000) {
    const next = await runOperation<Json>(name, { ...variables, after: conn.pageInfo.endCursor });
    conn = next[field] as typeof conn;
    all.push(...listOf<unknown>(conn));
  }
  return { ...first, [field]: all };
}

/** GraphQL source ({kind: LAYER|ROI, ...}) -> model Source. */
function source(s: Json): SimilarityView['source'] {
  const kind = String(s.kind).toLowerCase();
  if (kind === 'layer') return { kind: 'layer', layer: String(s.layer) };
  if (kind === 'roi') return { kind: 'roi', subject: String(s.subject), roi: String(s.roi) as 'V1' };
  throw new SiteDataError('(source)', `unknown source kind ${String(s.kind)}`);
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

export function toSimilarity(r: Json): SimilarityView {
  return { source: source(r.source as Json), pair: r.pair as SimilarityView['pair'], value: num(r.value), ciLow: num(r.ciLow), ciHigh: num(r.ciHigh), p: num(r.p) };
}
export function toDifference(r: Json): DifferenceView {
  return { source: source(r.source as Json), value: num(r.value), ciLow: num(r.ciLow), ciHigh: num(r.ciHigh), p: num(r.p) };
}
export function toTrend(r: Json): TrendView {
  return { pair: r.pair as TrendView['pair'], layers: r.layers as string[], tau: num(r.tau), z: num(r.z), p: num(r.p), direction: String(r.direction).toLowerCase() as TrendView['direction'] };
}
export function toEncoding(r: Json): EncodingView {
  return { subject: String(r.subject), roi: r.roi as EncodingView['roi'], layer: String(r.layer), testKind: r.testKind as EncodingView['testKind'], r: num(r.r), ciLow: num(r.ciLow), ciHigh: num(r.ciHigh), p: num(r.p) };
}
export function toRdm(r: Json): RdmView {
  return { source: source(r.source as Json), stimulusKind: r.stimulusKind as RdmView['stimulusKind'], method: String(r.method), stimulusIds: r.stimulusIds as string[], vector: (r.vector as number[]).map(num) };
}
export function toSearchlight(r: Json): SearchlightView {
  return { subject: String(r.subject), hemisphere: r.hemisphere as SearchlightView['hemisphere'], pair: r.pair as SearchlightView['pair'], radiusMm: num(r.radiusMm), x: r.x as number[], y: r.y as number[], roi: r.roi as SearchlightView['roi'], values: (r.values as number[]).map(num) };
}
export function toPower(r: Json): PowerView {
  return { roi: r.roi as PowerView['roi'], nSubjects: num(r.nSubjects), dz: num(r.dz), power: num(r.power), minN: num(r.minN) };
}
export function toStimulus(r: Json): StimulusView {
  return {
    id: String(r.id), kind: r.kind as StimulusView['kind'], sourceId: String(r.sourceId), group: String(r.group), classLabel: String(r.classLabel),
    targetLabel: (r.targetLabel as string | null) ?? null, humanLabel: String(r.humanLabel), top: listOf<{ index: number; label: string; probability: number }>(r.top),
    imageUrl: String(r.imageUrl ?? stimulusImageUrl(String(r.id))),
  };
}

/** Collects ArrayDownload-like objects ({url, format, shape}) found under `data`, labelled by their field path. */
export function downloadsIn(data: unknown, prefix = ''): Download[] {
  const out: Download[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (typeof o.url === 'string' && typeof o.format === 'string') {
        out.push({ label: pathLabel(path), url: o.url, format: String(o.format).toLowerCase(), shape: o.shape as number[] | undefined });
        return;
      }
      for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
    }
  };
  walk(data, prefix);
  // Same file reached twice (e.g. both hemispheres of an ROI share its responses): keep the first; list indices
  // ("[0].") say nothing to a reader.
  const seen = new Set<string>();
  return out.filter((d) => !seen.has(d.url) && seen.add(d.url)).map((d) => ({ ...d, label: d.label.replace(/\[\d+\]\.?/g, '') || 'download' }));
}
