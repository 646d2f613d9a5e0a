/**
 * A small deterministic in-memory StudyService: a TEST DOUBLE for resolver and HTTP unit tests while the real
 * service (study/) is not wired in. It counts calls per method and can delay them, so that caching, DataLoader
 * batching and single flight can be observed. Sizes: 3 layers, 2 subjects, ROIs V1 and V2, 4 RE images (and
 * their AN and AI), arrays of a few dozen values.
 */
import { DomainError } from '../../server/src/core/errors.js';
import type { RoiName, Source, StimulusKind } from '../../server/src/domain/vocabulary.js';
import type { DifferenceRecord, EncodingRecord, PowerRecord, RdmRecord, SearchlightMap, SimilarityRecord, SubjectRecord, TrendRecord } from '../../server/src/domain/records.js';
import type { LayerRecord, Provenance, StimulusRecord, VertexRecord } from '../../server/src/study/model.js';
import { ENCODING_FAMILIES, ACCURACY_READINGS } from '../../server/src/domain/vocabulary.js';
import type { ArrayRef, ArraySubset, Flagged, Keyed, StudyProgress, StudyService, StudySummary } from '../../server/src/study/service.js';
import { encodeNpy } from '../../server/src/core/npy.js';
import { sha256 } from '../../server/src/core/hash.js';

export const LAYERS = ['conv1', 'conv2', 'fc8'];
export const SUBJECTS = ['S01', 'S02'];
export const ROIS: RoiName[] = ['V1', 'V2'];
const KINDS: StimulusKind[] = ['RE', 'AN', 'AI'];
const WNIDS = ['n001', 'n002', 'n003', 'n004'];
const UNITS: Record<string, number> = { conv1: 6, conv2: 4, fc8: 3 };
/** A 1x1 PNG. */
export const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

const key = (...parts: unknown[]): string => `k:${parts.join(':')}`;
const pairs = ['RE_AN', 'RE_AI'] as const;
const sources: Source[] = [
  ...LAYERS.map((layer) => ({ kind: 'layer' as const, layer })),
  ...SUBJECTS.flatMap((subject) => ROIS.map((roi) => ({ kind: 'roi' as const, subject, roi }))),
];
const srcKey = (s: Source): string => (s.kind === 'layer' ? s.layer : `${s.subject}.${s.roi}`);
const match = (s: Source, f: { sourceKind?: string; layer?: string; subject?: string; roi?: string }): boolean =>
  (f.sourceKind === undefined || s.kind === f.sourceKind) && (f.layer === undefined || (s.kind === 'layer' && s.layer === f.layer))
  && (f.subject === undefined || (s.kind === 'roi' && s.subject === f.subject)) && (f.roi === undefined || (s.kind === 'roi' && s.roi === f.roi));

export class FakeStudy implements StudyService {
  readonly calls: Record<string, number> = {};
  readonly provenanceBatches: string[][] = [];
  delayMs = 0;

  private async hit(name: string): Promise<void> {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  async summary(): Promise<Keyed<StudySummary>> {
    await this.hit('summary');
    return {
      id: 'fake', title: 'Fake study', network: 'fakenet', networkDescription: 'three layers', weightsSha256: 'ab'.repeat(32),
      backend: 'cpu', preprocessing: 'none', simulated: true, subjects: SUBJECTS, rois: ROIS, layers: LAYERS,
      groups: ['dogs', 'cars'], parameters: '{"seed":1}', differencesFromPaper: ['fake data'], provenanceKey: key('summary'),
    };
  }

  async stimuli(filter: { kind?: StimulusKind; group?: string; ids?: readonly string[] } = {}): Promise<Keyed<StimulusRecord>[]> {
    await this.hit('stimuli');
    const all = KINDS.flatMap((kind) => WNIDS.map((w, i): Keyed<StimulusRecord> => ({
      id: `${kind}-${w}`, kind, sourceId: `RE-${w}`, group: i < 2 ? 'dogs' : 'cars', classIndex: i, classLabel: `class ${i}`, classSynonyms: `class ${i}, synonym ${i}`,
      targetIndex: kind === 'AI' ? i + 10 : null, targetLabel: kind === 'AI' ? `class ${i + 10}` : null,
      humanLabel: kind === 'AN' ? 'noise' : `class ${i}`, top: [{ index: i, label: `class ${i}`, synonyms: `class ${i}, synonym ${i}`, probability: 0.9 }],
      generation: kind === 'RE' ? null : { method: kind.toLowerCase(), steps: 10, seed: i, converged: true, targetProbability: 0.99, params: '{}' },
      metrics: kind === 'RE' ? null : { l2: 1, linf: 0.1, psnr: 30, ssim: 0.9 }, imageSha256: sha256(PNG), provenanceKey: key('stim', kind, w),
    })));
    return all.filter((s) => (filter.kind === undefined || s.kind === filter.kind) && (filter.group === undefined || s.group === filter.group)
      && (filter.ids === undefined || filter.ids.includes(s.id)));
  }

  async stimulusPng(id: string): Promise<Uint8Array> {
    await this.hit('stimulusPng');
    if (!(await this.stimuli()).some((s) => s.id === id)) throw new DomainError('UNKNOWN_STIMULUS', `unknown stimulus '${id}'`);
    return PNG;
  }

  async layers(): Promise<LayerRecord[]> {
    await this.hit('layers');
    return LAYERS.map((name, i) => ({ name, ordinal: i + 1, activation: 'relu', units: UNITS[name]!, shape: [UNITS[name]!], description: `layer ${name}` }));
  }

  async subjects(): Promise<Keyed<SubjectRecord>[]> {
    await this.hit('subjects');
    return SUBJECTS.map((id) => ({
      id, simulated: true, provenanceKey: key('subject', id),
      rois: ROIS.flatMap((roi) => (['LH', 'RH'] as const).map((hemisphere) => ({ subject: id, roi, hemisphere, nVertices: 50, nSelected: 5, medianReliability: 0.2, medianReliabilitySelected: 0.5 }))),
    }));
  }

  async rdms(f: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName; stimulusKind?: StimulusKind }): Promise<Flagged<RdmRecord>[]> {
    await this.hit('rdms');
    return sources.filter((s) => match(s, f)).flatMap((source) => KINDS.filter((k) => f.stimulusKind === undefined || k === f.stimulusKind).map((stimulusKind, j) => ({
      source, stimulusKind, method: 'correlation', stimulusIds: WNIDS.map((w) => `${stimulusKind}-${w}`),
      vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((v) => v + j / 10), simulated: source.kind === 'roi', provenanceKey: key('rdm', srcKey(source), stimulusKind),
    })));
  }

  async similarities(f: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName; pair?: string } = {}): Promise<Flagged<SimilarityRecord>[]> {
    await this.hit('similarities');
    return sources.filter((s) => match(s, f)).flatMap((source, i) => pairs.filter((p) => f.pair === undefined || p === f.pair).map((pair) => ({
      source, pair, rdmMethod: 'correlation', comparison: 'spearman', value: pair === 'RE_AI' ? 0.5 - i / 100 : 0.1 + i / 100,
      ciLow: 0, ciHigh: 0.6, p: 0.01, null: { mean: 0, sd: 0.1, q95: 0.2, draws: 100 }, simulated: source.kind === 'roi', provenanceKey: key('sim', srcKey(source), pair),
    })));
  }

  async differences(f: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName } = {}): Promise<Flagged<DifferenceRecord>[]> {
    await this.hit('differences');
    return sources.filter((s) => match(s, f)).map((source) => ({ source, value: 0.3, ciLow: 0.1, ciHigh: 0.5, p: 0.001, simulated: source.kind === 'roi', provenanceKey: key('diff', srcKey(source)) }));
  }

  async trends(): Promise<Keyed<TrendRecord>[]> {
    await this.hit('trends');
    return pairs.map((pair) => ({ pair, layers: LAYERS, s: 3, z: 1.2, tau: 1, p: 0.2, direction: pair === 'RE_AI' ? 'decreasing' : 'increasing', provenanceKey: key('trend', pair) }));
  }

  async searchlight(f: { subject?: string; hemisphere?: string; pair?: string } = {}): Promise<Keyed<SearchlightMap>[]> {
    await this.hit('searchlight');
    return SUBJECTS.flatMap((subject) => (['LH', 'RH'] as const).flatMap((hemisphere) => pairs.map((pair) => ({
      subject, hemisphere, pair, radiusMm: 3, vertexIds: ['v0', 'v1', 'v2'], x: [0, 1, 2], y: [0, 1, 0], roi: ['V1', 'V2', null] as (RoiName | null)[],
      values: [0.1, 0.2, 0.3], provenanceKey: key('sl', subject, hemisphere, pair),
    })))).filter((m) => (f.subject === undefined || m.subject === f.subject) && (f.hemisphere === undefined || m.hemisphere === f.hemisphere) && (f.pair === undefined || m.pair === f.pair));
  }

  async encoding(f: Record<string, string | undefined> = {}): Promise<Flagged<EncodingRecord>[]> {
    await this.hit('encoding');
    const out: Flagged<EncodingRecord>[] = [];
    for (const subject of SUBJECTS) for (const roi of ROIS) for (const layer of LAYERS) for (const family of ENCODING_FAMILIES)
      for (const testKind of KINDS) for (const reading of ACCURACY_READINGS) {
        const r = { subject, roi, layer, family, testKind, reading };
        if (Object.entries(f).some(([k, v]) => v !== undefined && (r as Record<string, string>)[k] !== v)) continue;
        out.push({ ...r, r: testKind === 'AN' ? 0.01 : 0.3, ciLow: 0, ciHigh: 0.4, p: 0.02, scores: [0.1, 0.2], simulated: true, provenanceKey: key('enc', subject, roi, layer, family, testKind, reading) });
      }
    return out;
  }

  async vertices(f: { subject?: string; roi?: RoiName; hemisphere?: string; selectedOnly?: boolean } = {}): Promise<Keyed<VertexRecord>[]> {
    await this.hit('vertices');
    // 50 vertices per subject x ROI x hemisphere, the first 5 selected (as subjects() reports).
    return SUBJECTS.flatMap((subject) => ROIS.flatMap((roi) => (['LH', 'RH'] as const).flatMap((hemisphere) => Array.from({ length: 50 }, (_, k) => ({
      subject, id: `${hemisphere}-${roi}-${k}`, roi, hemisphere, x: k, y: -k, reliability: 0.5 - k / 100, selected: k < 5, provenanceKey: key('subject', subject),
    })))))
      .filter((v) => (f.subject === undefined || v.subject === f.subject) && (f.roi === undefined || v.roi === f.roi) && (f.hemisphere === undefined || v.hemisphere === f.hemisphere) && (!f.selectedOnly || v.selected));
  }

  async power(): Promise<Keyed<PowerRecord>[]> {
    await this.hit('power');
    return ROIS.map((roi) => ({ roi, nSubjects: 2, differences: [0.3, 0.2], dz: 1.5, power: 0.4, minN: 6, provenanceKey: key('power', roi) }));
  }

  async provenance(keys: readonly string[]): Promise<(Provenance | null)[]> {
    await this.hit('provenance');
    this.provenanceBatches.push([...keys]);
    return keys.map((k) => (k.startsWith('k:') ? {
      key: k, producedBy: k.split(':')[1]!, codeVersion: 'test', backend: 'cpu', network: 'fakenet', weightsSha256: 'ab'.repeat(32),
      computedAt: '2024-01-01T00:00:00.000Z', durationMs: 1, params: '{}', inputs: [],
    } : null));
  }

  /** Array contents: value = 1000 * array tag + flat index, so any subset can be checked exactly. */
  full(ref: ArrayRef): { shape: number[]; data: Float32Array; rowIds: string[]; colIds: string[] } {
    const ids = (k: StimulusKind): string[] => WNIDS.map((w) => `${k}-${w}`);
    let shape: number[]; let rowIds: string[]; let colIds: string[]; let tag: number;
    switch (ref.kind) {
      case 'activations': shape = [4, UNITS[ref.layer]!]; rowIds = ids(ref.stimulusKind); colIds = Array.from({ length: shape[1]! }, (_, j) => `u${j}`); tag = 1; break;
      case 'responses': shape = [2, 4, 5]; rowIds = ids('RE'); colIds = ['v0', 'v1', 'v2', 'v3', 'v4']; tag = 2; break;
      case 'rdms': shape = [ref.sourceKind === 'layer' ? 9 : 12, 6]; rowIds = []; colIds = []; tag = 3; break;
      case 'stimuli': shape = [4, 12]; rowIds = ids(ref.stimulusKind); colIds = []; tag = 4; break;
    }
    const n = shape.reduce((a, b) => a * b, 1);
    return { shape, data: Float32Array.from({ length: n }, (_, i) => tag * 1000 + i), rowIds, colIds };
  }

  async describeArray(ref: ArrayRef): Promise<{ url: string; format: 'npy'; shape: number[]; dtype: string; contentLength: number; sha256: string }> {
    await this.hit('describeArray');
    const a = this.full(ref);
    const bytes = encodeNpy({ shape: a.shape, data: a.data });
    return { url: 'ignored', format: 'npy', shape: a.shape, dtype: '<f4', contentLength: bytes.byteLength, sha256: sha256(bytes) };
  }

  async readArray(ref: ArrayRef, subset?: ArraySubset): Promise<{ shape: number[]; data: Float32Array; rowIds: string[]; colIds: string[] }> {
    await this.hit('readArray');
    const a = this.full(ref);
    if (!subset) return a;
    return sliceArray(a, subset);
  }

  progressState: StudyProgress = { state: 'done', stages: [{ stage: 'similarity', done: 3, total: 3 }], error: null };
  progress(): StudyProgress {
    return this.progressState;
  }

  async precompute(): Promise<void> {
    await this.hit('precompute');
  }
}

/** Reference slicing: stimulus axis 0 (2-D) or 1 (3-D), columns the last axis. */
export function sliceArray(a: { shape: number[]; data: Float32Array; rowIds: string[]; colIds: string[] }, s: ArraySubset) {
  const shape = [...a.shape];
  const sAxis = shape.length >= 3 ? shape.length - 2 : 0;
  const cAxis = shape.length - 1;
  const [s0, s1] = s.stimuli ?? [0, shape[sAxis]!];
  const [c0, c1] = s.columns ?? [0, shape[cAxis]!];
  const outShape = [...shape];
  outShape[sAxis] = s1 - s0;
  outShape[cAxis] = c1 - c0;
  const out: number[] = [];
  const lead = shape.length >= 3 ? shape[0]! : 1;
  const rows = shape[sAxis]!;
  const cols = shape[cAxis]!;
  for (let t = 0; t < lead; t++) for (let i = s0; i < s1; i++) for (let j = c0; j < c1; j++) out.push(a.data[(t * rows + i) * cols + j]!);
  return { shape: outShape, data: Float32Array.from(out), rowIds: a.rowIds.slice(s0, s1), colIds: a.colIds.slice(c0, c1) };
}
