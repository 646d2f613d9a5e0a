import type { Config } from '../config/config.js';
import { unknownName } from '../core/errors.js';
import type { ProgressEvent } from '../core/progress.js';
import { loadStudy } from './definition/load.js';
import type { StudyDefinition } from './definition/definition.js';
import { fileHasher } from '../store/file-hash.js';
import { openStore } from '../store/open.js';
import { ArtifactCache } from '../store/single-flight.js';
import type { ArtifactStore } from '../store/types.js';
import { npyDescription, readFullArray, subsetArray } from './arrays.js';
import { arrayUrl } from './output/array-urls.js';
import { StudyEngine } from './engine.js';
import { PartCache } from './part-cache.js';
import { ROI_NAMES, type Hemisphere, type RoiName, type SimilarityPair, type StimulusKind } from '../domain/vocabulary.js';
import { type DifferenceRecord, type EncodingRecord, type PowerRecord, type RdmRecord, type SearchlightMap, type SimilarityRecord, type SubjectRecord, type TrendRecord } from '../domain/records.js';
import { type ArrayDownload, type LayerRecord, type Provenance, type StimulusRecord, type VertexRecord } from './model.js';
import { subjectVertices } from './vertices.js';
import type { PipelineDeps } from './pipeline/deps.js';
import { buildPipeline, stagesOf, type Pipeline, type StageGroup } from './pipeline/graph.js';
import { subjectRecord } from './records.js';
import { studyManifestStage } from './study-key.js';
import type { AnyStage } from './stage.js';
import type { BrainPayload } from './pipeline/brain-stages.js';
import type {
  ArrayRef, ArraySubset, EncodingFilter, Flagged, Keyed, SimilarityFilter, StudyProgress, StudyService, StudySummary,
} from './service.js';

export interface StudyServiceOptions {
  /** Default: the store at config.storePath (SQLite). A passed store is not closed by `close()`. */
  readonly store?: ArtifactStore;
  /** Default: the real domain modules (pipeline/domain.ts). Tests pass fakes. */
  readonly deps?: PipelineDeps;
  /** Default: seed/<config.study>.json, images verified against config.imagesDir. */
  readonly study?: StudyDefinition;
  /** How the activations stages run their forward passes (graph.ts BuildOptions); default 'one'. */
  readonly activationPass?: 'one' | 'per-layer';
}

/**
 * The StudyService over the pipeline: every method resolves the artifacts it reads through the engine, so a
 * cold store computes what is missing (single flight per key) and a warm one only reads. Records carry the key of
 * the artifact they come from (`provenanceKey`).
 */
export async function createStudyService(config: Config, options: StudyServiceOptions = {}): Promise<PipelineStudyService> {
  const study = options.study ?? loadStudy(config.study, { imagesDir: config.imagesDir });
  const store = options.store ?? openStore(config);
  const deps = options.deps ?? (await import('./pipeline/domain.js')).domainDeps(config, study, undefined, fileHasher(store));
  const engine = new StudyEngine(new ArtifactCache(store));
  const pipeline = await buildPipeline(study, deps, engine, {
    imagesDir: config.imagesDir, ...(config.network ? { network: config.network } : {}), ...(options.activationPass ? { activationPass: options.activationPass } : {}),
  });
  return new PipelineStudyService(pipeline, engine, deps, options.store ? undefined : store);
}

export class PipelineStudyService implements StudyService {
  private subjectIdsP: Promise<string[]> | undefined;
  /** Decoded parts already read (immutable per key); see part-cache.ts. */
  readonly parts = new PartCache();

  constructor(readonly pipeline: Pipeline, readonly engine: StudyEngine, readonly deps: PipelineDeps, private readonly ownedStore?: ArtifactStore) {}

  get studyId(): string {
    return this.pipeline.study.id;
  }

  get networkName(): string {
    return this.pipeline.network;
  }

  private studyStage: ReturnType<typeof studyManifestStage> | undefined;

  /** The study key (study-key.ts): the manifest artifact's key, stored on first use (it has no inputs). */
  async studyKey(): Promise<string> {
    this.studyStage ??= studyManifestStage(this.pipeline, (st) => this.engine.keyOf(st));
    return (await this.engine.resolve(this.studyStage)).key;
  }

  /** One part of a stage's artifact, computed if missing, cached once read. */
  part(stage: AnyStage, name: string): Promise<unknown> {
    return this.parts.get(this.engine.keyOf(stage), name, () => this.engine.resolvePart(stage, name));
  }

  private async records<T>(stage: AnyStage, part = 'records'): Promise<Keyed<T>[]> {
    const key = this.engine.keyOf(stage);
    const rs = (await this.part(stage, part)) as T[];
    return rs.map((r) => ({ ...r, provenanceKey: key }));
  }

  /** Subject ids in subject order (reads each subject's metadata, computing the subject if missing). */
  subjectIds(): Promise<string[]> {
    this.subjectIdsP ??= this.brainMeta().then((m) => m.subjects.map((s) => s.id));
    this.subjectIdsP.catch(() => { this.subjectIdsP = undefined; });
    return this.subjectIdsP;
  }

  /** Adds each row's `simulated`: false for a layer source, the subject's flag for a subject's result. */
  private async flag<T extends { source: SimilarityRecord['source'] } | { subject: string }>(rows: Keyed<T>[]): Promise<Flagged<T>[]> {
    const needs = rows.some((r) => !('source' in r) || r.source.kind === 'roi');
    const sim = needs ? new Map((await this.brainMeta()).subjects.map((m) => [m.id, m.simulated] as const)) : new Map<string, boolean>();
    return rows.map((r) => {
      const subject = 'source' in r ? (r.source.kind === 'roi' ? r.source.subject : undefined) : r.subject;
      return { ...r, simulated: subject === undefined ? false : sim.get(subject) ?? false };
    });
  }

  private async brainMeta(): Promise<BrainPayload['meta']> {
    return (await this.part(this.pipeline.brain, 'meta')) as BrainPayload['meta'];
  }

  private async subjectIndex(id: string | undefined): Promise<number[]> {
    const ids = await this.subjectIds();
    if (id === undefined) return ids.map((_, i) => i);
    const i = ids.indexOf(id);
    if (i < 0) throw unknownName('UNKNOWN_SUBJECT', 'subject', id, ids);
    return [i];
  }

  private layerNames(layer: string | undefined): string[] {
    const names = this.pipeline.layers.map((l) => l.name);
    if (layer === undefined) return names;
    if (!names.includes(layer)) throw unknownName('UNKNOWN_LAYER', 'layer', layer, names);
    return [layer];
  }

  private checkRoi(roi: string | undefined): void {
    if (roi !== undefined && !(ROI_NAMES as readonly string[]).includes(roi)) throw unknownName('UNKNOWN_ROI', 'ROI', roi, ROI_NAMES);
  }

  async summary(): Promise<Keyed<StudySummary>> {
    const p = this.pipeline;
    const spec = p.networkSpec;
    const backend = ((await this.part(p.spec, 'backend')) as string);
    const study = p.study;
    const differences = [
      ...(spec.name.startsWith('alexnet') ? [] : [`network: ${spec.name} (${spec.description}) instead of the paper's Caffe AlexNet, whose weights cannot be obtained offline`]),
      'RE images: one ImageNet sample photo per class from the shared samples, chosen by the network\'s confidence; only the five Fig. 1 pairs are the paper\'s',
      ...(study.brain.simulated ? ['brain responses: simulated subjects (an image-computable model of visual cortex that does not use the CNN), not fMRI data'] : []),
      `preprocessing: ${study.preprocessing.mode} to ${spec.inputSize} px (the paper resized to 227 px without cropping)`,
    ];
    return {
      id: study.id, title: study.title, network: spec.name, networkDescription: spec.description, weightsSha256: spec.weightsSha256,
      backend, preprocessing: `${study.preprocessing.mode}; ${spec.preprocessing}`, simulated: study.brain.simulated,
      subjects: await this.subjectIds(), rois: [...ROI_NAMES], layers: p.layers.map((l) => l.name),
      groups: [...new Set(study.images.map((im) => im.group as string))],
      parameters: JSON.stringify({ generation: study.generation, analysis: study.analysis, brain: study.brain, preprocessing: study.preprocessing }),
      differencesFromPaper: differences,
      provenanceKey: await this.studyKey(),
    };
  }

  async stimuli(filter: { kind?: StimulusKind; group?: string; ids?: readonly string[] } = {}): Promise<Keyed<StimulusRecord>[]> {
    const all = await this.records<StimulusRecord>(this.pipeline.stimulusTable);
    const ids = filter.ids ? new Set(filter.ids) : undefined;
    return all.filter((r) => (!filter.kind || r.kind === filter.kind) && (!filter.group || r.group === filter.group) && (!ids || ids.has(r.id)));
  }

  async stimulusPng(id: string): Promise<Uint8Array> {
    const t = this.pipeline.stimulusTable;
    const records = (await this.part(t, 'records')) as StimulusRecord[];
    const i = records.findIndex((r) => r.id === id);
    if (i < 0) throw unknownName('UNKNOWN_STIMULUS', 'stimulus', id, records.slice(0, 12).map((r) => r.id).concat(records.length > 12 ? ['...'] : []));
    const offsets = (await this.part(t, 'pngOffsets')) as Int32Array;
    const png = (await this.part(t, 'png')) as Uint8Array;
    return png.slice(offsets[i]!, offsets[i + 1]!);
  }

  async layers(): Promise<LayerRecord[]> {
    return this.pipeline.layers.map((l) => ({ name: l.name, ordinal: l.ordinal, activation: l.activation, units: l.units, shape: [...l.shape], description: l.description }));
  }

  async subjects(): Promise<Keyed<SubjectRecord>[]> {
    const metas = (await this.brainMeta()).subjects;
    return Promise.all(metas.map(async (meta, i) => {
      const sel = this.pipeline.selections[i]!;
      const rec = subjectRecord(
        meta,
        (await this.part(sel, 'meta')) as never,
        (await this.part(sel, 'reliability')) as Float32Array,
        async (part) => (await this.part(sel, part)) as Int32Array,
      );
      return { ...(await rec), provenanceKey: this.engine.keyOf(sel) };
    }));
  }

  async rdms(filter: { sourceKind?: 'layer' | 'roi'; layer?: string; subject?: string; roi?: RoiName; stimulusKind?: StimulusKind }): Promise<Flagged<RdmRecord>[]> {
    this.checkRoi(filter.roi);
    const out: Keyed<RdmRecord>[] = [];
    if (filter.sourceKind !== 'roi' && filter.subject === undefined && filter.roi === undefined) {
      for (const l of this.layerNames(filter.layer)) out.push(...(await this.records<RdmRecord>(this.pipeline.layerRdms.get(l)!)));
    }
    if (filter.sourceKind !== 'layer' && filter.layer === undefined) {
      for (const i of await this.subjectIndex(filter.subject)) out.push(...(await this.records<RdmRecord>(this.pipeline.roiRdms[i]!)));
    }
    return this.flag(out.filter((r) => (!filter.stimulusKind || r.stimulusKind === filter.stimulusKind) && (!filter.roi || (r.source.kind === 'roi' && r.source.roi === filter.roi))));
  }

  private async similarityRows<T extends { source: SimilarityRecord['source'] }>(filter: SimilarityFilter, part: 'records' | 'differences'): Promise<Flagged<T>[]> {
    this.checkRoi(filter.roi);
    const out: Keyed<T>[] = [];
    if (filter.sourceKind !== 'roi' && filter.subject === undefined && filter.roi === undefined) {
      for (const l of this.layerNames(filter.layer)) out.push(...(await this.records<T>(this.pipeline.layerSimilarities.get(l)!, part)));
    }
    if (filter.sourceKind !== 'layer' && filter.layer === undefined) {
      for (const i of await this.subjectIndex(filter.subject)) out.push(...(await this.records<T>(this.pipeline.roiSimilarities[i]!, part)));
    }
    return this.flag(out.filter((r) => !filter.roi || (r.source.kind === 'roi' && r.source.roi === filter.roi)));
  }

  async similarities(filter: SimilarityFilter = {}): Promise<Flagged<SimilarityRecord>[]> {
    const rows = await this.similarityRows<SimilarityRecord>(filter, 'records');
    return rows.filter((r) => !filter.pair || r.pair === filter.pair);
  }

  differences(filter: SimilarityFilter = {}): Promise<Flagged<DifferenceRecord>[]> {
    return this.similarityRows<DifferenceRecord>(filter, 'differences');
  }

  trends(): Promise<Keyed<TrendRecord>[]> {
    return this.records<TrendRecord>(this.pipeline.trends);
  }

  async searchlight(filter: { subject?: string; hemisphere?: Hemisphere; pair?: SimilarityPair } = {}): Promise<Keyed<SearchlightMap>[]> {
    const out: Keyed<SearchlightMap>[] = [];
    for (const i of await this.subjectIndex(filter.subject)) out.push(...(await this.records<SearchlightMap>(this.pipeline.searchlights[i]!, 'maps')));
    return out.filter((m) => (!filter.hemisphere || m.hemisphere === filter.hemisphere) && (!filter.pair || m.pair === filter.pair));
  }

  async encoding(filter: EncodingFilter = {}): Promise<Flagged<EncodingRecord>[]> {
    this.checkRoi(filter.roi);
    const layers = this.layerNames(filter.layer);
    if (filter.subject !== undefined) await this.subjectIndex(filter.subject);
    const out: Keyed<EncodingRecord>[] = [];
    for (const l of layers) {
      const stage = this.pipeline.encodings.get(l);
      if (stage) out.push(...(await this.records<EncodingRecord>(stage)));
    }
    return this.flag(out.filter((r) => (!filter.subject || r.subject === filter.subject) && (!filter.roi || r.roi === filter.roi) && (!filter.family || r.family === filter.family)
      && (!filter.testKind || r.testKind === filter.testKind) && (!filter.reading || r.reading === filter.reading)));
  }

  power(): Promise<Keyed<PowerRecord>[]> {
    return this.records<PowerRecord>(this.pipeline.power);
  }

  async vertices(filter: { subject?: string; roi?: RoiName; hemisphere?: Hemisphere; selectedOnly?: boolean } = {}): Promise<Keyed<VertexRecord>[]> {
    this.checkRoi(filter.roi);
    const out: Keyed<VertexRecord>[] = [];
    for (const i of await this.subjectIndex(filter.subject)) {
      const key = this.engine.keyOf(this.pipeline.selections[i]!);
      for (const v of await subjectVertices(this.pipeline, (stage, part) => this.part(stage, part), i, filter)) out.push({ ...v, provenanceKey: key });
    }
    return out;
  }

  async provenance(keys: readonly string[]): Promise<(Provenance | null)[]> {
    return Promise.all(keys.map(async (key) => {
      const d = await this.engine.cache.store.describe(key);
      if (!d) return null;
      const pv = d.provenance;
      return { key, producedBy: d.kind, codeVersion: d.codeVersion, backend: pv.backend, network: pv.network, weightsSha256: pv.weightsSha256, computedAt: pv.computedAt, durationMs: pv.durationMs, params: d.params, inputs: d.inputs };
    }));
  }

  private readonly descriptions = new Map<string, Promise<ArrayDownload>>();

  describeArray(ref: ArrayRef): Promise<ArrayDownload> {
    const id = JSON.stringify(ref);
    let d = this.descriptions.get(id);
    if (!d) {
      d = this.readArray(ref).then((a) => ({ url: arrayUrl(ref, 'npy'), format: 'npy' as const, ...npyDescription(a) }));
      d.catch(() => this.descriptions.delete(id));
      this.descriptions.set(id, d);
    }
    return d;
  }

  async readArray(ref: ArrayRef, subset?: ArraySubset): Promise<{ shape: number[]; data: Float32Array | Float64Array; rowIds: string[]; colIds: string[] }> {
    return subsetArray(await readFullArray(this.pipeline, (stage, part) => this.part(stage, part), ref, () => this.subjectIds()), subset);
  }

  progress(): StudyProgress {
    return this.engine.tracker.snapshot();
  }

  /** Computes everything not yet in the store, then releases the network. */
  async precompute(onProgress?: (e: ProgressEvent) => void): Promise<void> {
    await this.compute(onProgress);
  }

  /** Computes the named groups (default all) and what they need; says how many artifacts were computed or found. */
  async compute(onProgress?: (e: ProgressEvent) => void, only?: readonly StageGroup[]): Promise<{ computed: number; cached: number }> {
    const off = onProgress ? this.engine.tracker.subscribe(onProgress) : () => {};
    try {
      return await this.engine.run(stagesOf(this.pipeline, only));
    } finally {
      off();
      await this.deps.release();
    }
  }

  async close(): Promise<void> {
    await this.deps.release();
    await this.ownedStore?.close();
  }
}
