/**
 * The site's named adapters from the generated operation results (generated/graphql.ts) to the figure views
 * (types.ts), for the three reshapes the site genuinely does: a source as a tagged union, NaN where JSON carries
 * null, a trend direction in words; plus the downloads found in a result. Every loaded value carries `keys`: the
 * store keys (provenance) of the records read, shown on each page as the data version it was built from.
 */
import type * as G from './generated/graphql.js';
import { SiteDataError } from './graphql.js';
import { pathLabel } from './link-text.js';
import type {
  DifferenceFields, DifferenceView, RdmFields, RdmView, SearchlightFields, SearchlightView, SimilarityFields, SimilarityView,
  Source, TrendFields, TrendView,
} from './types.js';

export interface Loaded { readonly keys: readonly string[] }

/** The Study operation's record, with layers in forward order and the service's downloads collected. */
export type StudyInfo = Loaded & Pick<G.StudyQuery['study'],
  'id' | 'title' | 'network' | 'networkDescription' | 'weightsSha256' | 'backend' | 'preprocessing' | 'simulated' | 'rois' | 'groups'
  | 'parameters' | 'differencesFromPaper'> & {
  readonly subjects: readonly string[];
  readonly layers: readonly string[];
  readonly downloads: readonly Download[];
};

/** A file served by the service (relative URL) or written by the site (/data/...). */
export interface Download { readonly label: string; readonly url: string; readonly format?: string; readonly shape?: readonly number[] }

/** A source as any operation selects it (the fields it does not select are absent). */
export interface SourceFields {
  readonly kind: G.SourceKind;
  readonly layer?: string | null;
  readonly subject?: string | null;
  readonly roi?: G.RoiName | null;
}

/** GraphQL source ({kind: LAYER|ROI, ...}) -> the tagged union the figures match on. */
export function toSource(s: SourceFields): Source {
  if (s.kind === 'LAYER' && s.layer != null) return { kind: 'layer', layer: s.layer };
  if (s.kind === 'ROI' && s.subject != null && s.roi != null) return { kind: 'roi', subject: s.subject, roi: s.roi };
  throw new SiteDataError('(source)', `source ${JSON.stringify(s)} lacks the fields of its kind (LAYER: layer; ROI: subject, roi)`);
}

/** JSON has no NaN: the API sends null for an undefined value, which the figures draw as NaN (a gap). */
export const nanForNull = (xs: readonly (number | null)[]): number[] => xs.map((x) => (x === null ? NaN : x));

type Sourced<T> = T & { readonly source: SourceFields };

export function toSimilarity(r: Sourced<SimilarityFields>): SimilarityView {
  return { source: toSource(r.source), pair: r.pair, value: r.value, ciLow: r.ciLow, ciHigh: r.ciHigh, p: r.p };
}
export function toDifference(r: Sourced<DifferenceFields>): DifferenceView {
  return { source: toSource(r.source), value: r.value, ciLow: r.ciLow, ciHigh: r.ciHigh, p: r.p };
}
export function toTrend(r: TrendFields): TrendView {
  return { pair: r.pair, layers: r.layers, tau: r.tau, z: r.z, p: r.p, direction: r.direction.toLowerCase() as TrendView['direction'] };
}
export function toRdm(r: Sourced<RdmFields>): RdmView {
  return { source: toSource(r.source), stimulusKind: r.stimulusKind, method: r.method, stimulusIds: r.stimulusIds, vector: nanForNull(r.vector) };
}
export function toSearchlight(r: SearchlightFields): SearchlightView {
  return { subject: r.subject, hemisphere: r.hemisphere, pair: r.pair, radiusMm: r.radiusMm, x: r.x, y: r.y, roi: r.roi, values: nanForNull(r.values) };
}

/** Collects ArrayDownload-like objects ({url, format, shape}) found under `data`, labelled by their field path. */
export function downloadsIn(data: unknown, prefix = ''): Download[] {
  const out: Download[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
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
