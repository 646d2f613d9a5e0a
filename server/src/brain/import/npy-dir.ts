import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, unknownName } from '../../core/errors.js';
import { decodeNpy } from '../../core/npy.js';
import { HEMISPHERES, ROI_NAMES, type Hemisphere, type RoiName } from '../../domain/vocabulary.js';
import { DATASET_FILES, type DatasetMeta } from '../layout.js';
import { BRAIN_SPACES, type BrainSpace, type SubjectData, type VertexTable } from '../types.js';
import { validateSubject, type ValidateOptions } from '../validate.js';
import { column, num, optionalColumn, parseTable } from './table.js';
import { mmPer, scaleInPlace } from './units.js';
import { subjectIdOf } from './subject-id.js';

/**
 * NPY/CSV importer: one subject directory in the layout of layout.ts. Everything is checked before it is handed on:
 * the array's shape against the two tables, ROI and hemisphere labels, units, NaN and constant vertices.
 */
export interface ImportOptions extends ValidateOptions {
  /** Subject id; default meta.json's `subject`, else the directory name (checked: subject-id.ts). */
  readonly subject?: string;
  /** Overrides meta.json's units. */
  readonly units?: string;
}

export function readMeta(dir: string): DatasetMeta {
  const path = join(dir, DATASET_FILES.meta);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DatasetMeta;
  } catch (e) {
    throw new DomainError('BAD_DATA', `${path}: not valid JSON (${(e as Error).message})`);
  }
}

function need(dir: string, file: string): string {
  const path = join(dir, file);
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `${dir}: missing ${file} (an NPY/CSV dataset needs ${Object.values(DATASET_FILES).join(', ')}; meta.json is optional)`);
  return path;
}

export async function importNpyDir(dir: string, opts: ImportOptions = {}): Promise<SubjectData> {
  const meta = readMeta(dir);
  const id = subjectIdOf(dir, meta, opts.subject);
  const arr = decodeNpy(new Uint8Array(readFileSync(need(dir, DATASET_FILES.responses))), DATASET_FILES.responses);
  const vt = parseTable(readFileSync(need(dir, DATASET_FILES.vertices), 'utf8'), join(dir, DATASET_FILES.vertices));
  const st = parseTable(readFileSync(need(dir, DATASET_FILES.stimuli), 'utf8'), join(dir, DATASET_FILES.stimuli));
  const stimulusIds = st.rows.map((r) => r[column(st, 'id', 'stimulus_id', 'stimulus')]!);
  if (arr.shape.length !== 3) {
    throw new DomainError('SHAPE_MISMATCH', `${DATASET_FILES.responses}: shape [${arr.shape.join(', ')}] must be [trials x stimuli x vertices]`);
  }
  const [nT, nS, nV] = arr.shape as [number, number, number];
  if (nS !== stimulusIds.length) {
    throw new DomainError('SHAPE_MISMATCH', `${DATASET_FILES.responses} has ${nS} stimuli but ${DATASET_FILES.stimuli} lists ${stimulusIds.length}`);
  }
  if (nV !== vt.rows.length) {
    throw new DomainError('SHAPE_MISMATCH', `${DATASET_FILES.responses} has ${nV} vertices but ${DATASET_FILES.vertices} lists ${vt.rows.length}`);
  }
  const vertices = vertexTable(vt);
  const units = opts.units ?? meta.units ?? 'mm';
  scaleInPlace(mmPer(units, join(dir, DATASET_FILES.meta)), vertices.x, vertices.y, vertices.z);
  const space = meta.space ?? (vertices.z ? 'volume' : 'flat');
  if (!(BRAIN_SPACES as readonly string[]).includes(space)) throw unknownName('BAD_DATA', 'space', space, BRAIN_SPACES);
  const subject: SubjectData = {
    id,
    simulated: meta.simulated === true,
    space: space as BrainSpace,
    stimulusIds,
    nTrials: nT,
    betas: arr.data instanceof Float32Array ? arr.data : Float32Array.from(arr.data),
    vertices,
    source: meta.source ?? `npy:${dir}`,
    params: meta.params ?? {},
  };
  validateSubject(subject, opts);
  return subject;
}

function vertexTable(t: ReturnType<typeof parseTable>): VertexTable {
  const n = t.rows.length;
  const id = column(t, 'id', 'vertex', 'vertex_id');
  const roiCol = column(t, 'roi');
  const hemiCol = column(t, 'hemisphere', 'hemi');
  const xc = column(t, 'x');
  const yc = column(t, 'y');
  const zc = optionalColumn(t, 'z');
  const roi = t.rows.map((r, i) => {
    const v = r[roiCol]!;
    if (!(ROI_NAMES as readonly string[]).includes(v)) throw new DomainError('BAD_DATA', `${t.name}: line ${i + 2}: unknown ROI '${v}'; valid: ${ROI_NAMES.join(', ')}`);
    return v as RoiName;
  });
  const hemisphere = t.rows.map((r, i) => {
    const v = r[hemiCol]!.toUpperCase();
    const h = v === 'L' || v === 'LEFT' ? 'LH' : v === 'R' || v === 'RIGHT' ? 'RH' : v;
    if (!(HEMISPHERES as readonly string[]).includes(h)) throw new DomainError('BAD_DATA', `${t.name}: line ${i + 2}: unknown hemisphere '${r[hemiCol]}'; valid: ${HEMISPHERES.join(', ')} (or L, R)`);
    return h as Hemisphere;
  });
  const col = (c: number): Float64Array => Float64Array.from({ length: n }, (_, i) => num(t, i, c));
  const prfCols = ['prf_x', 'prf_y', 'prf_size', 'prf_exponent'].map((c) => optionalColumn(t, c));
  const hasPrf = prfCols.every((c) => c !== undefined);
  return {
    ids: t.rows.map((r) => r[id]!),
    roi,
    hemisphere,
    x: col(xc),
    y: col(yc),
    ...(zc !== undefined ? { z: col(zc) } : {}),
    ...(hasPrf ? { prf: { x: col(prfCols[0]!), y: col(prfCols[1]!), size: col(prfCols[2]!), exponent: col(prfCols[3]!) } } : {}),
  };
}
