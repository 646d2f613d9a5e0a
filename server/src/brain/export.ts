import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../core/npy.js';
import { formatCsv } from './import/table.js';
import { DATASET_FILES, type DatasetMeta } from './layout.js';
import type { RoiResponses, SubjectData, VertexTable } from './types.js';

/**
 * Writers of the NPY/CSV dataset layout (layout.ts), for `brain export` and for handing data to other tools. Pure
 * encoders (bytes and text) plus one function that writes them to a directory.
 */
export interface DatasetFiles {
  /** File name -> bytes. */
  readonly files: Record<string, Uint8Array>;
}

/** `[trials x stimuli x vertices]` float32 .npy bytes. */
export function responsesNpy(betas: Float32Array, nTrials: number, nStimuli: number, nVertices: number): Uint8Array {
  return encodeNpy({ shape: [nTrials, nStimuli, nVertices], data: betas });
}

/** The vertex table as CSV: id,roi,hemisphere,x,y[,z][,prf_x,prf_y,prf_size,prf_exponent]; coordinates in mm. */
export function verticesCsv(t: VertexTable): string {
  const cols = ['id', 'roi', 'hemisphere', 'x', 'y', ...(t.z ? ['z'] : []), ...(t.prf ? ['prf_x', 'prf_y', 'prf_size', 'prf_exponent'] : [])];
  const rows = t.ids.map((id, i) => [
    id, t.roi[i]!, t.hemisphere[i]!, t.x[i]!, t.y[i]!,
    ...(t.z ? [t.z[i]!] : []),
    ...(t.prf ? [t.prf.x[i]!, t.prf.y[i]!, t.prf.size[i]!, t.prf.exponent[i]!] : []),
  ]);
  return formatCsv(cols, rows);
}

export function stimuliCsv(ids: readonly string[]): string {
  return formatCsv(['id'], ids.map((id) => [id]));
}

/** Encodes a whole subject, or one ROI view of it, in the dataset layout. */
export function encodeDataset(data: SubjectData | RoiResponses): DatasetFiles {
  const enc = new TextEncoder();
  const isRoi = 'roi' in data;
  const meta: DatasetMeta = isRoi
    ? { subject: data.subject, simulated: data.simulated, space: data.vertices.z ? 'volume' : 'flat', units: 'mm', roi: data.roi, hemisphere: data.hemisphere }
    : { subject: data.id, simulated: data.simulated, space: data.space, units: 'mm', source: data.source, params: { ...data.params } };
  const nV = data.vertices.ids.length;
  return {
    files: {
      [DATASET_FILES.responses]: responsesNpy(data.betas, data.nTrials, data.stimulusIds.length, nV),
      [DATASET_FILES.vertices]: enc.encode(verticesCsv(data.vertices)),
      [DATASET_FILES.stimuli]: enc.encode(stimuliCsv(data.stimulusIds)),
      [DATASET_FILES.meta]: enc.encode(JSON.stringify(meta, null, 2) + '\n'),
    },
  };
}

/** Writes the dataset files into `dir` (created if missing); returns the paths written. */
export function writeDataset(dir: string, data: SubjectData | RoiResponses): string[] {
  mkdirSync(dir, { recursive: true });
  const { files } = encodeDataset(data);
  return Object.entries(files).map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}
