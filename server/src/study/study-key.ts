/**
 * The study key: the content address of the whole study, i.e. of its definition (id, title, network) and of the
 * key of every artifact its pipeline produces. Each of those keys already addresses its stage's parameters, input
 * keys, code version and data checksums (images, weights, imported brain files), so two studies share this key
 * only when they would compute the same artifacts under the same name. The network spec's key, used before, was
 * the same for every study on one network, so the site could not tell studies apart (issue 12 item 5).
 *
 * It is stored as a small manifest artifact (no inputs, so resolving it computes nothing else): the key resolves
 * with the `provenance` query like any other, and its params list every artifact of the study.
 */
import type { Pipeline } from './pipeline/graph.js';
import { stagesOf } from './pipeline/graph.js';
import { defineStage, type AnyStage } from './stage.js';

export interface StudyManifestPayload { readonly manifest: [string, string][] }

/** [stage label, artifact key] of every stage of the pipeline, in graph order. */
export function studyManifest(p: Pipeline, keyOf: (s: AnyStage) => string): [string, string][] {
  return stagesOf(p).map((s) => [s.label, keyOf(s)]);
}

export function studyManifestStage(p: Pipeline, keyOf: (s: AnyStage) => string) {
  const artifacts = studyManifest(p, keyOf);
  return defineStage({
    kind: 'study', version: '1', label: `study ${p.study.id}`,
    params: { id: p.study.id, title: p.study.title, network: p.network, simulated: p.study.brain.simulated, artifacts },
    inputs: {},
    compute: async (_inputs, params): Promise<StudyManifestPayload> => ({ manifest: params.artifacts }),
  });
}
