import type { SubjectData } from '../../brain/types.js';
import { labelled, matrix, type LabelledMatrix } from '../../core/matrix.js';
import type { StudyDefinition } from '../definition/definition.js';
import type { JsonValue } from '../../store/types.js';
import { BRAIN_STIMULUS_KINDS, ROI_NAMES, type Hemisphere, type RoiName, type StimulusKind } from '../../domain/vocabulary.js';
import type { SearchlightMap } from '../../domain/records.js';
import { isStimulusOfKind, relatedStimulusId, STIMULUS_IDS, type StimulusIdCodec } from '../../domain/stimulus-id.js';
import { subjectParam } from './subject-param.js';
import { SUBJECT_ID_PATTERN } from '../../brain/import/subject-id.js';
import { DomainError } from '../../core/errors.js';
import { defineStage, type Stage } from '../stage.js';
import { brainDataChecksum, importStudySubjects } from './brain-import.js';
import type { PipelineDeps, VertexSelection } from './deps.js';
import { concatBatches, toBatch, type StimulusSetPayload } from './payloads.js';

/**
 * Brain stages (paper section 3): each subject's single-trial responses to the stimuli, the vertex selection
 * (split-half reliability, top N per hemisphere per ROI) and the searchlight maps. Responses are stored as one
 * float32 part `betas` [trials x stimuli x vertices]; vertex labels and coordinates as JSON and float64 parts.
 */
export type SubjectPayload = {
  readonly meta: {
    readonly id: string; readonly simulated: boolean; readonly space: string; readonly stimulusIds: readonly string[];
    readonly nTrials: number; readonly vertexIds: readonly string[]; readonly roi: readonly RoiName[];
    readonly hemisphere: readonly Hemisphere[]; readonly source: string; readonly params: JsonValue;
  };
  readonly betas: Float32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly [part: string]: unknown;
};

export function subjectToPayload(s: SubjectData): SubjectPayload {
  const v = s.vertices;
  return {
    meta: { id: s.id, simulated: s.simulated, space: s.space, stimulusIds: s.stimulusIds, nTrials: s.nTrials, vertexIds: v.ids, roi: v.roi, hemisphere: v.hemisphere, source: s.source, params: s.params as JsonValue },
    betas: s.betas, x: v.x, y: v.y,
    ...(v.z ? { z: v.z } : {}),
    ...(v.prf ? { prfX: v.prf.x, prfY: v.prf.y, prfSize: v.prf.size, prfExponent: v.prf.exponent } : {}),
  };
}

export function payloadToSubject(p: SubjectPayload): SubjectData {
  const m = p.meta;
  const z = p.z as Float64Array | undefined;
  const prf = p.prfX ? { x: p.prfX as Float64Array, y: p.prfY as Float64Array, size: p.prfSize as Float64Array, exponent: p.prfExponent as Float64Array } : undefined;
  return {
    id: m.id, simulated: m.simulated, space: m.space as SubjectData['space'], stimulusIds: m.stimulusIds, nTrials: m.nTrials,
    betas: p.betas, source: m.source, params: (m.params ?? {}) as Record<string, unknown>,
    vertices: { ids: m.vertexIds, roi: m.roi, hemisphere: m.hemisphere, x: p.x, y: p.y, ...(z ? { z } : {}), ...(prf ? { prf } : {}) },
  };
}

/** Stimulus kinds shown to the (simulated) subjects (domain/vocabulary.ts BRAIN_STIMULUS_KINDS). */
export const BRAIN_KINDS: readonly StimulusKind[] = BRAIN_STIMULUS_KINDS;

/**
 * Every subject in one artifact: the simulator computes each stimulus's feature maps once for all subjects, so
 * splitting subjects into separate stages would repeat that work. Parts are prefixed by the subject's id
 * ("sim01.betas", "S1.betas"; version 4, 3 prefixed by position "s0."): a subject id cannot contain the ".",
 * so "S1." never matches "S10.betas" (SUBJECT_ID_PATTERN, checked again when the artifact is built).
 * `subjectPart` names the parts and `subjectOf` cuts one subject out.
 */
export type BrainPayload = {
  readonly meta: { readonly subjects: readonly SubjectPayload['meta'][] };
  readonly [part: string]: unknown;
};

export function subjectPart(subjectId: string, part: string): string {
  return `${subjectId}.${part}`;
}

/** Subject `index` (its position in meta.subjects) with its parts, read under its id's prefix. */
export function subjectOf(brain: BrainPayload, index: number): SubjectPayload {
  const meta = brain.meta.subjects[index];
  if (!meta) throw new Error(`brain artifact has ${brain.meta.subjects.length} subjects, not ${index + 1}`);
  const prefix = subjectPart(meta.id, '');
  const parts = Object.fromEntries(Object.keys(brain).filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), brain[k]]));
  return { ...parts, meta } as SubjectPayload;
}

/** The subjects' ids, checked as part prefixes: each valid (no ".") and unique, else the artifact would mix them. */
function checkPartPrefixes(ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!SUBJECT_ID_PATTERN.test(id)) throw new DomainError('BAD_DATA', `subject id '${id}' is not a valid subject id (pattern ${SUBJECT_ID_PATTERN.source})`);
    if (seen.has(id)) throw new DomainError('ID_MISMATCH', `two subjects have the id '${id}'; subject ids must be unique`);
    seen.add(id);
  }
}

/**
 * Simulated subjects come from `deps.subjects`; imported ones (brain.source 'import') are read from brain.dir by
 * brain/import, checked against the stimulus ids and cut to them (brain-import.ts). An import's key holds the
 * data's content checksum, not its path: moved data stay warm, changed data recompute.
 */
export function brainStage(study: StudyDefinition, deps: PipelineDeps, sets: Record<string, Stage<StimulusSetPayload>>) {
  const imported = study.brain.source === 'import';
  const { dir: _dir, ...keyed } = study.brain;
  return defineStage({
    kind: 'brain.subjects', version: '4', label: 'brain responses', params: { brain: (imported ? keyed : study.brain) as unknown as JsonValue }, inputs: sets,
    ...(imported ? { dataChecksums: { brainData: brainDataChecksum(study.brain.dir!) } } : {}),
    compute: async (inputs, _p, ctx): Promise<BrainPayload> => {
      // The stimulus axis follows the study's order (RE, AN, AI), not the alphabet (version 2; 1 stored AI, AN, RE).
      const ordered = BRAIN_KINDS.filter((k) => k in inputs).map((k) => inputs[k] as StimulusSetPayload);
      const ids = ordered.flatMap((s) => s.meta.ids);
      const subjects = imported
        ? await importStudySubjects(study.id, study.brain, ids)
        : await deps.subjects({ ids, batch: concatBatches(ordered.map(toBatch)) }, study.brain, (e) => ctx.progress(e.done, e.total, e.detail));
      if (imported) ctx.progress(subjects.length, subjects.length, 'imported');
      ctx.provenance({ source: subjects[0]?.source ?? 'none', simulated: subjects.every((s) => s.simulated), ...(imported ? { format: study.brain.format!, dir: study.brain.dir! } : {}) });
      checkPartPrefixes(subjects.map((s) => s.id));
      const parts: Record<string, unknown> = {};
      const metas = subjects.map((s) => {
        const { meta, ...rest } = subjectToPayload(s);
        for (const [k, v] of Object.entries(rest)) parts[subjectPart(s.id, k)] = v;
        return meta;
      });
      return { meta: { subjects: metas }, ...parts };
    },
  });
}

export type SelectionPayload = {
  readonly meta: { readonly rois: readonly { roi: RoiName; hemisphere: Hemisphere; nVertices: number; part: string }[] };
  readonly reliability: Float32Array;
  readonly [part: string]: unknown;
};

export function selectionStage(study: StudyDefinition, deps: PipelineDeps, brain: Stage<BrainPayload>, index: number) {
  const a = study.analysis;
  const subject = subjectParam(study, index);
  return defineStage({
    kind: 'brain.selection', version: '1', label: `selection ${subject}`,
    params: { subject, verticesPerHemisphere: a.verticesPerHemisphere, searchlightRadiusMm: a.searchlightRadiusMm, rdmMethod: a.rdmMethod },
    inputs: { brain },
    compute: async ({ brain: b }, _p, ctx): Promise<SelectionPayload> => {
      const sel = await deps.selectVertices(payloadToSubject(subjectOf(b, index)), study.analysis, (e) => ctx.progress(e.done, e.total, e.detail));
      const parts: Record<string, Int32Array> = {};
      const rois = sel.rois.map((r) => {
        const part = `selected.${r.roi}.${r.hemisphere}`;
        parts[part] = r.selected;
        return { roi: r.roi, hemisphere: r.hemisphere, nVertices: r.nVertices, part };
      });
      return { meta: { rois }, reliability: sel.reliability, ...parts };
    },
  });
}

/** Selected vertices of one ROI over both hemispheres (LH then RH), as vertex-table indices. */
export function selectedOf(sel: SelectionPayload, roi: RoiName): Int32Array {
  const parts = sel.meta.rois.filter((r) => r.roi === roi).sort((a, b) => a.hemisphere.localeCompare(b.hemisphere)).map((r) => sel[r.part] as Int32Array);
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** ROIs present in a selection, in the paper's order. */
export function roisOf(sel: SelectionPayload): RoiName[] {
  const present = new Set(sel.meta.rois.map((r) => r.roi));
  return ROI_NAMES.filter((r) => present.has(r));
}

/**
 * Trial-averaged responses `[n x k]` of the stimuli of one kind at the vertices `idx`, rows labelled by their
 * source RE id. The paper does not say how its two betas per image were combined (digest 9); the mean is the
 * usual choice and keeps both trials' information.
 */
export function roiPatterns(s: SubjectPayload, idx: Int32Array, kind: StimulusKind, ids: StimulusIdCodec = STIMULUS_IDS): LabelledMatrix<Float32Array> {
  const m = s.meta;
  const nV = m.vertexIds.length;
  const nS = m.stimulusIds.length;
  const rows: number[] = [];
  m.stimulusIds.forEach((id, i) => { if (isStimulusOfKind(id, kind, ids)) rows.push(i); });
  const k = idx.length;
  const out = new Float32Array(rows.length * k);
  for (let t = 0; t < m.nTrials; t++) {
    for (let r = 0; r < rows.length; r++) {
      const base = (t * nS + rows[r]!) * nV;
      for (let j = 0; j < k; j++) out[r * k + j]! += s.betas[base + idx[j]!]! / m.nTrials;
    }
  }
  return labelled(matrix(rows.length, k, out), rows.map((i) => relatedStimulusId(m.stimulusIds[i]!, 'RE', ids)));
}

export type SearchlightPayload = { readonly maps: JsonValue };

export function searchlightStage(study: StudyDefinition, deps: PipelineDeps, brain: Stage<BrainPayload>, index: number) {
  const a = study.analysis;
  const subject = subjectParam(study, index);
  return defineStage({
    kind: 'searchlight', version: '1', label: `searchlight ${subject}`,
    params: { subject, radiusMm: a.searchlightRadiusMm, rdmMethod: a.rdmMethod, comparison: a.comparison },
    inputs: { brain },
    compute: async ({ brain: b }, _p, ctx): Promise<SearchlightPayload> => {
      const subject = payloadToSubject(subjectOf(b, index));
      // The maps are drawn on flat patches (disks, paper 5.3); imported volume data (voxels) get none.
      if (subject.space !== 'flat') {
        ctx.provenance({ skipped: `subject ${subject.id} is ${subject.space} data; searchlight maps need flat patches` });
        return { maps: [] };
      }
      const maps: SearchlightMap[] = await deps.searchlight(subject, study.analysis, (e) => ctx.progress(e.done, e.total, e.detail));
      return { maps: maps as unknown as JsonValue };
    },
  });
}
