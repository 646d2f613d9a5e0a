import { join } from 'node:path';
import { sha256 } from '../../core/hash.js';
import type { Network, NetworkSpec, ResizeMode } from '../../networks/types.js';
import { DomainError } from '../../core/errors.js';
import type { StudyDefinition } from '../definition/definition.js';
import type { GeneratedKind } from '../../stimuli/generate/types.js';
import type { JsonValue } from '../../store/types.js';
import type { ClassScore, StimulusRecord } from '../model.js';
import { shortLabel } from '../../domain/class-label.js';
import { STIMULUS_KINDS } from '../../domain/vocabulary.js';
import { defineStage, type Stage } from '../stage.js';
import type { PipelineDeps } from './deps.js';
import { concatBatches, imageOf, inChunks, networkProvenance, stimulusId, toBatch, toBytes, type StimulusSetPayload } from './payloads.js';

/**
 * Stages of the stimulus part of the graph (paper section 2.2, issue "Stimuli"): the network's description, the
 * RE photos at the network's input size, the ImageNet mean, one stage per generated kind (AN, AI, AI_CONTROL),
 * the classification of every stimulus, and the stimulus table (records, metrics, PNGs) that the API serves.
 */

/** The network a stage runs: its name and the weights checksum recorded in its spec (both part of the key). */
export interface NetworkIdentity {
  readonly name: string;
  readonly weightsSha256: string;
}

/** The shared network, refused when its weights are not the ones the stage's key was made with. */
export async function loadChecked(deps: PipelineDeps, weightsSha256: string): Promise<Network> {
  const net = await deps.network();
  if (net.spec.weightsSha256 !== weightsSha256) {
    throw new DomainError('BAD_WEIGHTS', `network ${net.spec.name} has weights ${net.spec.weightsSha256.slice(0, 12)}..., but its recorded spec says ${weightsSha256.slice(0, 12)}...; the weights file changed while this run was using it: run the command again`);
  }
  return net;
}

export type NetworkSpecPayload = { readonly spec: JsonValue; readonly backend: string };

/**
 * The network's spec (layers, labels, weights checksum): read once, so later starts need not load it. Keyed by
 * the content of the files the network reads (`files`: deps.networkFingerprint()), nothing else.
 */
export function networkSpecStage(study: StudyDefinition, deps: PipelineDeps, networkName: string, files: Readonly<Record<string, string>>) {
  return defineStage({
    kind: 'network.spec', version: '1', label: 'network', params: { network: networkName }, inputs: {},
    dataChecksums: { ...files },
    compute: async (_i, _p, ctx): Promise<NetworkSpecPayload> => {
      const net = await deps.network();
      ctx.provenance(networkProvenance(net));
      return { spec: net.spec as unknown as JsonValue, backend: net.backend };
    },
  });
}

export function reStage(study: StudyDefinition, deps: PipelineDeps, imagesDir: string, inputSize: number) {
  const images = study.images.map((im) => ({ id: im.id, file: im.file, sha256: im.sha256 }));
  return defineStage({
    kind: 'stimuli.re', version: '1', label: 'stimuli RE',
    params: { images, size: inputSize, mode: study.preprocessing.mode as string },
    inputs: {},
    // The photos' sha256 are in the params: a changed file changes the key (and loadStudy refuses it anyway).
    compute: async (_i, p, ctx): Promise<StimulusSetPayload> => {
      ctx.progress(0, p.images.length);
      const batch = await deps.loadImages(p.images.map((im) => join(imagesDir, im.file)), p.size, p.mode as ResizeMode);
      ctx.progress(p.images.length, p.images.length);
      const ids = p.images.map((im) => im.id);
      return { meta: { kind: 'RE', ids, sourceIds: ids, height: batch.height, width: batch.width }, pixels: toBytes(batch.data) };
    },
  });
}

export type MeanPayload = { readonly meta: { readonly size: number; readonly files: number }; readonly mean: Float32Array };

/** `src`: deps.meanSource(), the photos and the hash over their contents. */
export function meanStage(study: StudyDefinition, deps: PipelineDeps, inputSize: number, src: { readonly files: readonly string[]; readonly checksum: string }) {
  return defineStage({
    kind: 'stimuli.mean', version: '1', label: 'ImageNet mean',
    params: { size: inputSize, mode: study.preprocessing.mode as string, files: src.files.length },
    inputs: {},
    dataChecksums: { photos: src.checksum },
    compute: async (_i, p, ctx): Promise<MeanPayload> => {
      const mean = await deps.imageNetMean(p.size, p.mode as ResizeMode, (e) => ctx.progress(e.done, e.total, e.detail));
      return { meta: { size: p.size, files: p.files }, mean };
    },
  });
}

export type GeneratedPayload = StimulusSetPayload & { readonly probs: Float32Array };

/** One generated kind for all RE images (AN from the mean image, AI and AI_CONTROL from the RE images). */
export function generatedStage(kind: GeneratedKind, study: StudyDefinition, deps: PipelineDeps, re: Stage<StimulusSetPayload>, mean: Stage<MeanPayload>, net: NetworkIdentity) {
  return defineStage({
    kind: 'stimuli.generated', version: '1', label: `stimuli ${kind}`,
    params: {
      kind,
      network: net.name,
      weightsSha256: net.weightsSha256,
      generation: study.generation[kind] as unknown as JsonValue,
      classes: study.images.map((im) => im.classIndex),
      targets: study.images.map((im) => im.aiTarget.classIndex),
    },
    inputs: { re, mean },
    compute: async ({ re: reSet, mean: m }, p, ctx): Promise<GeneratedPayload> => {
      const net = await loadChecked(deps, p.weightsSha256);
      ctx.provenance(networkProvenance(net));
      const inputs = { re: toBatch(reSet), classes: Int32Array.from(p.classes), targets: Int32Array.from(p.targets), mean: m.mean };
      const results = await deps.generate(kind, net, inputs, study.generation[kind] as never, (e) => ctx.progress(e.done, e.total, e.detail));
      const { height, width } = reSet.meta;
      const per = height * width * 3;
      const pixels = new Uint8Array(results.length * per);
      const probs = new Float32Array(results.length * 1000);
      const records = results.map((r, i) => {
        pixels.set(r.image, i * per);
        probs.set(r.probs.subarray(0, 1000), i * 1000);
        return { index: r.index, targetClass: r.targetClass, steps: r.steps, evaluations: r.evaluations, converged: r.converged, targetProbability: r.targetProbability, seed: r.seed };
      });
      const sourceIds = results.map((r) => reSet.meta.ids[r.index]!);
      return { meta: { kind, ids: sourceIds.map((s) => stimulusId(kind, s)), sourceIds, height, width, records, params: p.generation }, pixels, probs };
    },
  });
}

export type ClassificationPayload = { readonly meta: { readonly ids: readonly string[] }; readonly probs: Float32Array };

/** Class probabilities [N x 1000] of every stimulus, in the order of `sets`. */
export function classificationStage(deps: PipelineDeps, sets: Record<string, Stage<StimulusSetPayload>>, net0: NetworkIdentity) {
  return defineStage({
    kind: 'classifications', version: '1', label: 'classifications', params: { network: net0.name, weightsSha256: net0.weightsSha256, batch: 16 }, inputs: sets,
    compute: async (inputs, p, ctx): Promise<ClassificationPayload> => {
      const net = await loadChecked(deps, p.weightsSha256);
      ctx.provenance(networkProvenance(net));
      const ordered = Object.keys(inputs).sort().map((k) => inputs[k] as StimulusSetPayload);
      const batch = concatBatches(ordered.map(toBatch));
      const probs = new Float32Array(batch.n * 1000);
      await inChunks(batch, p.batch, async (chunk, from) => {
        const r = await net.classify(chunk);
        probs.set(r.probs.data.subarray(0, chunk.n * 1000), from * 1000);
      }, (done) => ctx.progress(done, batch.n));
      return { meta: { ids: ordered.flatMap((s) => s.meta.ids) }, probs };
    },
  });
}

export type StimulusTablePayload = {
  readonly records: JsonValue;
  /** PNG bytes of every stimulus, concatenated; `pngOffsets` [N + 1]. */
  readonly png: Uint8Array;
  readonly pngOffsets: Int32Array;
};

/** The stimulus records (top-5, generation record, perturbation metrics, PNG sha256) and the PNGs. */
export function stimulusTableStage(study: StudyDefinition, deps: PipelineDeps, spec: Stage<NetworkSpecPayload>,
  sets: Record<string, Stage<StimulusSetPayload>>, classes: Stage<ClassificationPayload>) {
  const images = study.images.map((im) => ({ id: im.id, group: im.group as string, classIndex: im.classIndex, label: im.label, target: im.aiTarget.classIndex, targetLabel: im.aiTarget.label }));
  return defineStage({
    kind: 'stimuli.table', version: '2', label: 'stimulus table', params: { images, topK: 5 },
    inputs: { ...sets, spec, classes },
    compute: async (all, p, ctx): Promise<StimulusTablePayload> => {
      const inputs = all as unknown as Record<string, unknown> & { spec: NetworkSpecPayload; classes: ClassificationPayload };
      const labels = (inputs.spec.spec as unknown as NetworkSpec).labels;
      const byId = new Map(p.images.map((im) => [im.id, im] as const));
      const cls = inputs.classes as ClassificationPayload;
      const row = new Map(cls.meta.ids.map((id, i) => [id, i] as const));
      // Version 2: records in the study's kind order (RE, AN, AI, AI_CONTROL; 1 was alphabetical), labels short.
      const setNames = STIMULUS_KINDS.filter((k) => k in sets) as string[];
      const re = inputs[setNames.find((n) => (inputs[n] as StimulusSetPayload).meta.kind === 'RE')!] as StimulusSetPayload;
      const reIndex = new Map(re.meta.ids.map((id, i) => [id, i] as const));
      const records: Omit<StimulusRecord, 'imageSha256'>[] = [];
      // the PNG encodes run on sharp's threads while this thread computes the metrics; awaited together below
      const encoding: Promise<Uint8Array>[] = [];
      const total = setNames.reduce((s, n) => s + (inputs[n] as StimulusSetPayload).meta.ids.length, 0);
      for (const name of setNames) {
        const set = inputs[name] as StimulusSetPayload;
        const gen = (set.meta.records ?? null) as { converged: boolean; steps: number; targetProbability: number; seed: string }[] | null;
        for (let i = 0; i < set.meta.ids.length; i++) {
          const id = set.meta.ids[i]!;
          const src = byId.get(set.meta.sourceIds[i]!)!;
          const img = imageOf(set, i);
          const png = deps.encodePng(Float32Array.from(img), set.meta.height, set.meta.width);
          png.catch(() => {}); // awaited (and so reported) below, after the loop
          encoding.push(png);
          const kind = set.meta.kind;
          const g = gen?.[i];
          records.push({
            id, kind, sourceId: src.id, group: src.group, classIndex: src.classIndex, classLabel: src.label, classSynonyms: labels[src.classIndex] ?? src.label,
            targetIndex: kind === 'AI' || kind === 'AI_CONTROL' ? src.target : null,
            targetLabel: kind === 'AI' || kind === 'AI_CONTROL' ? src.targetLabel : null,
            humanLabel: kind === 'AN' ? 'noise' : src.label,
            top: topK(cls.probs, row.get(id)!, p.topK, labels),
            generation: g ? { method: kind, steps: g.steps, seed: numericSeed(g.seed), converged: g.converged, targetProbability: g.targetProbability, params: JSON.stringify(set.meta.params ?? null) } : null,
            metrics: kind === 'RE' ? null : deps.perturbation(imageOf(re, reIndex.get(src.id)!), img, set.meta.height, set.meta.width),
          });
          ctx.progress(records.length, total);
        }
      }
      const pngs = await Promise.all(encoding);
      // imageSha256 last, as the record's field order has always been (the stored JSON keeps its bytes)
      const full: StimulusRecord[] = records.map((r, i) => ({ ...r, imageSha256: sha256(pngs[i]!) }));
      const offsets = new Int32Array(pngs.length + 1);
      pngs.forEach((b, i) => { offsets[i + 1] = offsets[i]! + b.byteLength; });
      const png = new Uint8Array(offsets[pngs.length]!);
      pngs.forEach((b, i) => png.set(b, offsets[i]!));
      return { records: full as unknown as JsonValue, png, pngOffsets: offsets };
    },
  });
}

/** The k most probable classes of row `r` of `probs` [N x 1000]. */
function topK(probs: Float32Array, r: number, k: number, labels: readonly string[]): ClassScore[] {
  const row = probs.subarray(r * 1000, (r + 1) * 1000);
  const idx = Array.from(row.keys()).sort((a, b) => row[b]! - row[a]! || a - b).slice(0, k);
  return idx.map((index) => ({ index, label: shortLabel(labels[index] ?? String(index)), synonyms: labels[index] ?? String(index), probability: row[index]! }));
}

/** The generators record their per-image seed as a string; the API's record wants a number (its 32-bit hash). */
function numericSeed(seed: string | number): number {
  if (typeof seed === 'number') return seed;
  const n = Number(seed);
  return Number.isInteger(n) ? n : parseInt(sha256(seed).slice(0, 8), 16);
}
