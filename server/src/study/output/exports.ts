import type { Source } from '../model.js';
import type { StudyService } from '../service.js';
import { pick } from '../../core/registry.js';
import { tableToCsv } from './csv.js';
import { studyClaims } from '../claims-service.js';
import type { ClaimNumber } from '../../analysis/claims/types.js';

/**
 * Whole result sets in one request: /export/<name>.csv (metadata as "# key: value" lines above the header) or
 * /export/<name>.json ({ metadata, columns, rows }). Each row ends with the store key of its artifact, so any
 * number can be traced with the provenance query.
 */
interface ExportSpec {
  readonly description: string;
  readonly columns: readonly string[];
  rows(study: StudyService): Promise<unknown[][]>;
}

/** "name=value/total (note)" per number, joined by "; ": the numbers a verdict used, or the paper's. */
const numbers = (xs: readonly ClaimNumber[]): string =>
  xs.map((x) => `${x.name}=${x.value === null ? 'NA' : String(x.value)}${x.total !== undefined ? `/${x.total}` : ''}${x.note ? ` (${x.note})` : ''}`).join('; ');

const src = (s: Source): [string, string | null, string | null, string | null] =>
  s.kind === 'layer' ? ['layer', s.layer, null, null] : ['roi', null, s.subject, s.roi];

export const EXPORTS = {
  similarities: {
    description: 'RE-AN and RE-AI similarity per layer and per subject x ROI, with 95 % intervals, permutation p and null summaries.',
    columns: ['source_kind', 'layer', 'subject', 'roi', 'pair', 'rdm_method', 'comparison', 'value', 'ci_low', 'ci_high', 'p', 'null_mean', 'null_sd', 'null_q95', 'null_draws', 'simulated', 'provenance_key'],
    rows: async (study) => (await study.similarities()).map((r) => [...src(r.source), r.pair, r.rdmMethod, r.comparison, r.value, r.ciLow, r.ciHigh, r.p, r.null.mean, r.null.sd, r.null.q95, r.null.draws, r.simulated, r.provenanceKey]),
  },
  differences: {
    description: 'RE-AI minus RE-AN similarity per source, with interval and p.',
    columns: ['source_kind', 'layer', 'subject', 'roi', 'value', 'ci_low', 'ci_high', 'p', 'simulated', 'provenance_key'],
    rows: async (study) => (await study.differences()).map((r) => [...src(r.source), r.value, r.ciLow, r.ciHigh, r.p, r.simulated, r.provenanceKey]),
  },
  trends: {
    description: 'Mann-Kendall trends of similarity over layers.',
    columns: ['pair', 'layers', 's', 'z', 'tau', 'p', 'direction', 'simulated', 'provenance_key'],
    // Trends run over network layers only: never simulated.
    rows: async (study) => (await study.trends()).map((r) => [r.pair, r.layers.join(' '), r.s, r.z, r.tau, r.p, r.direction, false, r.provenanceKey]),
  },
  encoding: {
    description: 'Encoding-model accuracy per subject, ROI, layer, family, test kind and reading (per-vertex scores omitted).',
    columns: ['subject', 'roi', 'layer', 'family', 'test_kind', 'reading', 'r', 'ci_low', 'ci_high', 'p', 'simulated', 'provenance_key'],
    rows: async (study) => (await study.encoding()).map((r) => [r.subject, r.roi, r.layer, r.family, r.testKind, r.reading, r.r, r.ciLow, r.ciHigh, r.p, r.simulated, r.provenanceKey]),
  },
  power: {
    description: 'Power analysis per ROI.',
    columns: ['roi', 'n_subjects', 'dz', 'power', 'min_n', 'differences', 'simulated', 'provenance_key'],
    // Power is computed over the subjects' ROI differences: simulated when any subject is.
    rows: async (study) => {
      const simulated = (await study.differences({ sourceKind: 'roi' })).some((d) => d.simulated);
      return (await study.power()).map((r) => [r.roi, r.nSubjects, r.dz, r.power, r.minN, r.differences.join(' '), simulated, r.provenanceKey]);
    },
  },
  stimuli: {
    description: 'Every stimulus with its classes, top-1 classification, generation record and perturbation metrics.',
    columns: ['id', 'kind', 'source_id', 'group', 'class_index', 'class_label', 'class_synonyms', 'target_index', 'target_label', 'human_label', 'top1_label', 'top1_synonyms', 'top1_probability', 'method', 'steps', 'converged', 'target_probability', 'l2', 'linf', 'psnr', 'ssim', 'image_sha256', 'simulated', 'provenance_key'],
    rows: async (study) => (await study.stimuli()).map((s) => [s.id, s.kind, s.sourceId, s.group, s.classIndex, s.classLabel, s.classSynonyms, s.targetIndex, s.targetLabel, s.humanLabel, s.top[0]?.label ?? null, s.top[0]?.synonyms ?? null, s.top[0]?.probability ?? null,
      s.generation?.method ?? null, s.generation?.steps ?? null, s.generation?.converged ?? null, s.generation?.targetProbability ?? null,
      s.metrics?.l2 ?? null, s.metrics?.linf ?? null, s.metrics?.psnr ?? null, s.metrics?.ssim ?? null, s.imageSha256, false, s.provenanceKey]),
  },
  vertices: {
    description: 'Every vertex of every subject\'s ROIs (the vertex table) with its split-half reliability and whether the selection kept it, so each ROI\'s numbers can be recomputed from the responses download.',
    columns: ['subject', 'vertex_id', 'roi', 'hemisphere', 'x', 'y', 'reliability', 'selected', 'simulated', 'provenance_key'],
    rows: async (study) => {
      const simulated = new Map((await study.subjects()).map((s) => [s.id, s.simulated] as const));
      return (await study.vertices()).map((v) => [v.subject, v.id, v.roi, v.hemisphere, v.x, v.y, v.reliability, v.selected, simulated.get(v.subject) ?? false, v.provenanceKey]);
    },
  },
  claims: {
    description: 'The paper\'s claims evaluated on the study (the registry of analysis/claims): per claim its status (holds, fails, not_computable), the headline number here and in the paper, every number the verdict used and the paper\'s, the exact test, and the conventions behind it. A claim reads many artifacts, so each row carries the study\'s provenance key instead of one artifact\'s.',
    columns: ['id', 'section', 'where', 'statement', 'test', 'status', 'here', 'here_total', 'paper', 'paper_total', 'paper_note', 'used', 'paper_numbers', 'detail', 'dissimilarity', 'comparison', 'draws', 'encoding_family', 'encoding_reading', 'simulated', 'study_provenance_key'],
    rows: async (study) => {
      const [set, summary] = await Promise.all([studyClaims(study), study.summary()]);
      return set.claims.map((c) => [c.id, c.section, c.where, c.statement, c.test, c.status,
        c.used[0]?.value ?? null, c.used[0]?.total ?? null, c.paper[0]?.value ?? null, c.paper[0]?.total ?? null, c.paper[0]?.note ?? null,
        numbers(c.used), numbers(c.paper), c.detail, set.dissimilarity, set.comparison, set.draws, set.encodingFamily, set.encodingReading,
        summary.simulated, summary.provenanceKey]);
    },
  },
} satisfies Record<string, ExportSpec>;

export type ExportName = keyof typeof EXPORTS;
export const EXPORT_NAMES = Object.keys(EXPORTS) as ExportName[];
export const EXPORT_FORMATS = ['csv', 'json'] as const;

export function exportDescription(name: ExportName): string {
  return EXPORTS[name].description;
}

/** Renders a result set; unknown names are refused with the valid ones (NOT_FOUND). */
export async function renderExport(study: StudyService, name: string, format: 'csv' | 'json'): Promise<string> {
  const spec: ExportSpec = pick(EXPORTS, name, 'export', 'NOT_FOUND');
  const [summary, rows] = await Promise.all([study.summary(), spec.rows(study)]);
  const metadata: [string, string][] = [
    ['export', name],
    ['description', spec.description],
    ['study', summary.id],
    ['title', summary.title],
    ['network', summary.network],
    ['weightsSha256', summary.weightsSha256],
    ['backend', summary.backend],
    ['simulated', String(summary.simulated)],
    ['studyProvenanceKey', summary.provenanceKey],
    ['rows', String(rows.length)],
  ];
  if (format === 'csv') return tableToCsv(spec.columns, rows, metadata);
  // JSON keeps types: simulated is a boolean, rows a number (the CSV metadata lines are text).
  return JSON.stringify({ metadata: { ...Object.fromEntries(metadata), simulated: summary.simulated, rows: rows.length, parameters: JSON.parse(summary.parameters || 'null') as unknown, differencesFromPaper: summary.differencesFromPaper }, columns: spec.columns, rows });
}
