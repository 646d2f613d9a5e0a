import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import { HEMISPHERES, ROI_NAMES, type Hemisphere, type RoiName } from '../../domain/vocabulary.js';
import type { SubjectData } from '../types.js';
import { validateSubject } from '../validate.js';
import { readNiftiVolume, voxelToMm, type NiftiVolume } from './nifti-volume.js';
import { readMeta, type ImportOptions } from './npy-dir.js';
import { column, num, parseTable } from './table.js';
import { subjectIdOf } from './subject-id.js';

/**
 * NIfTI importer: single-trial betas as one 4-D volume plus an events table and ROI definitions -> voxels with mm
 * coordinates (space 'volume'; searchlights become spheres). Directory layout:
 *
 *   betas.nii[.gz]          X x Y x Z x volumes, one volume per (stimulus, trial) estimate
 *   events.tsv              volume (0-based), stimulus_id, trial (1-based): which estimate each volume is (each
 *                           volume at most once)
 * Every file and column, with a worked example: docs/importing-nifti.md.
 *   ROIs, either            rois.nii[.gz] (integer labels, X x Y x Z) + rois.tsv (label, roi, hemisphere)
 *                  or       mask-<ROI>-<LH|RH>.nii[.gz] (non-zero = inside), e.g. mask-V1-LH.nii.gz
 *   meta.json               optional: {"subject": "S1"} (else the directory name, e.g. BIDS sub-01; subject-id.ts)
 *
 * Only voxels inside an ROI are kept. Every (stimulus, trial) pair must have exactly one volume.
 */
export const NIFTI_FILES = { betas: 'betas.nii', events: 'events.tsv', labels: 'rois.nii', labelTable: 'rois.tsv' } as const;

function findNifti(dir: string, stem: string): string | undefined {
  for (const ext of ['', '.gz']) {
    const p = join(dir, stem + ext);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function load(path: string): NiftiVolume {
  return readNiftiVolume(new Uint8Array(readFileSync(path)), basename(path));
}

interface RoiMask { roi: RoiName; hemisphere: Hemisphere; mask: (i: number) => boolean; name: string }

export async function importNiftiDir(dir: string, opts: ImportOptions = {}): Promise<SubjectData> {
  const meta = readMeta(dir);
  const id = subjectIdOf(dir, meta, opts.subject);
  const betasPath = findNifti(dir, NIFTI_FILES.betas);
  if (!betasPath) throw new DomainError('NOT_FOUND', `${dir}: missing betas.nii or betas.nii.gz (4-D single-trial betas)`);
  const betas = load(betasPath);
  const [nx, ny, nz, nVol] = betas.dims;
  const nVox = nx * ny * nz;
  const masks = roiMasks(dir, [nx, ny, nz]);
  // Voxels in any ROI, in file order; a voxel claimed by two ROIs is an error.
  const owner = new Int32Array(nVox).fill(-1);
  masks.forEach((m, mi) => {
    let count = 0;
    for (let i = 0; i < nVox; i++) {
      if (!m.mask(i)) continue;
      count++;
      if (owner[i]! >= 0) throw new DomainError('BAD_DATA', `${m.name} and ${masks[owner[i]!]!.name} overlap at voxel ${ijk(i, nx, ny).join(',')}`);
      owner[i] = mi;
    }
    if (count === 0) throw new DomainError('BAD_DATA', `${m.name}: ROI ${m.roi} ${m.hemisphere} has no voxels`);
  });
  const voxels: number[] = [];
  for (let i = 0; i < nVox; i++) if (owner[i]! >= 0) voxels.push(i);
  const ev = parseTable(readFileSync(requireFile(dir, NIFTI_FILES.events), 'utf8'), join(dir, NIFTI_FILES.events));
  const cVol = column(ev, 'volume');
  const cStim = column(ev, 'stimulus_id', 'stimulus');
  const cTrial = column(ev, 'trial');
  const stimulusIds: string[] = [];
  const stimIndex = new Map<string, number>();
  let nTrials = 0;
  for (let r = 0; r < ev.rows.length; r++) {
    const id = ev.rows[r]![cStim]!;
    if (!stimIndex.has(id)) { stimIndex.set(id, stimulusIds.length); stimulusIds.push(id); }
    nTrials = Math.max(nTrials, num(ev, r, cTrial));
  }
  const S = stimulusIds.length;
  const V = voxels.length;
  const out = new Float32Array(nTrials * S * V);
  const filled = new Uint8Array(nTrials * S);
  // a volume is one estimate: listing it for two (stimulus, trial) pairs is a table error, not two measurements
  const volumeLine = new Map<number, number>();
  for (let r = 0; r < ev.rows.length; r++) {
    const vol = num(ev, r, cVol);
    const trial = num(ev, r, cTrial);
    const id = ev.rows[r]![cStim]!;
    if (!Number.isInteger(vol) || vol < 0 || vol >= nVol) {
      throw new DomainError('BAD_DATA', `${NIFTI_FILES.events} line ${r + 2}: volume ${vol} out of range; betas have volumes 0..${nVol - 1}`);
    }
    if (!Number.isInteger(trial) || trial < 1) throw new DomainError('BAD_DATA', `${NIFTI_FILES.events} line ${r + 2}: trial must be an integer >= 1, got ${trial}`);
    const seen = volumeLine.get(vol);
    if (seen !== undefined) {
      throw new DomainError('BAD_DATA', `${NIFTI_FILES.events} line ${r + 2}: volume ${vol} is already listed on line ${seen + 2}; each volume is one (stimulus, trial) estimate`);
    }
    volumeLine.set(vol, r);
    const slot = (trial - 1) * S + stimIndex.get(id)!;
    if (filled[slot]) throw new DomainError('BAD_DATA', `${NIFTI_FILES.events}: stimulus '${id}' trial ${trial} appears twice`);
    filled[slot] = 1;
    const base = vol * nVox;
    for (let v = 0; v < V; v++) out[slot * V + v] = betas.data[base + voxels[v]!]!;
  }
  for (let slot = 0; slot < filled.length; slot++) {
    if (!filled[slot]) {
      throw new DomainError('BAD_DATA', `${NIFTI_FILES.events}: no volume for stimulus '${stimulusIds[slot % S]}' trial ${Math.floor(slot / S) + 1} (every stimulus needs trials 1..${nTrials})`);
    }
  }
  const x = new Float64Array(V);
  const y = new Float64Array(V);
  const z = new Float64Array(V);
  voxels.forEach((i, v) => {
    const [a, b, c] = voxelToMm(betas.affine, ...ijk(i, nx, ny));
    x[v] = a; y[v] = b; z[v] = c;
  });
  const subject: SubjectData = {
    id,
    simulated: false,
    space: 'volume',
    stimulusIds,
    nTrials,
    betas: out,
    vertices: {
      ids: voxels.map((i) => `v${ijk(i, nx, ny).join('_')}`),
      roi: voxels.map((i) => masks[owner[i]!]!.roi),
      hemisphere: voxels.map((i) => masks[owner[i]!]!.hemisphere),
      x, y, z,
    },
    source: `nifti:${dir}`,
    params: { affine: betas.affine, dims: betas.dims },
  };
  validateSubject(subject, opts);
  return subject;
}

function ijk(i: number, nx: number, ny: number): [number, number, number] {
  return [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
}

function requireFile(dir: string, name: string): string {
  const p = join(dir, name);
  if (!existsSync(p)) throw new DomainError('NOT_FOUND', `${dir}: missing ${name}`);
  return p;
}

/** ROI masks from a label volume + table, or from mask-<ROI>-<HEMI>.nii[.gz] files. */
function roiMasks(dir: string, dims: [number, number, number]): RoiMask[] {
  const check = (vol: NiftiVolume, name: string): void => {
    const [a, b, c, t] = vol.dims;
    if (a !== dims[0] || b !== dims[1] || c !== dims[2] || t !== 1) {
      throw new DomainError('SHAPE_MISMATCH', `${name}: dimensions [${vol.dims.join(' x ')}] do not match the betas' [${dims.join(' x ')}]`);
    }
  };
  const labelsPath = findNifti(dir, NIFTI_FILES.labels);
  if (labelsPath) {
    const vol = load(labelsPath);
    check(vol, basename(labelsPath));
    const t = parseTable(readFileSync(requireFile(dir, NIFTI_FILES.labelTable), 'utf8'), join(dir, NIFTI_FILES.labelTable));
    const cl = column(t, 'label', 'value');
    const cr = column(t, 'roi');
    const ch = column(t, 'hemisphere', 'hemi');
    return t.rows.map((row, r) => {
      const label = num(t, r, cl);
      return { ...roiName(row[cr]!, row[ch]!, `${t.name} line ${r + 2}`), mask: (i: number) => vol.data[i] === label, name: `${basename(labelsPath)} label ${label}` };
    });
  }
  const files = readdirSync(dir).filter((f) => /^mask-[^-]+-[^-.]+\.nii(\.gz)?$/.test(f)).sort();
  if (files.length === 0) {
    throw new DomainError('NOT_FOUND', `${dir}: no ROI definitions; give rois.nii[.gz] + rois.tsv or mask-<ROI>-<LH|RH>.nii[.gz] files (ROIs: ${ROI_NAMES.join(', ')})`);
  }
  return files.map((f) => {
    const [, roi, hemi] = /^mask-([^-]+)-([^-.]+)\./.exec(f)!;
    const vol = load(join(dir, f));
    check(vol, f);
    return { ...roiName(roi!, hemi!, f), mask: (i: number) => vol.data[i] !== 0, name: f };
  });
}

function roiName(roi: string, hemi: string, where: string): { roi: RoiName; hemisphere: Hemisphere } {
  if (!(ROI_NAMES as readonly string[]).includes(roi)) throw new DomainError('BAD_DATA', `${where}: unknown ROI '${roi}'; valid: ${ROI_NAMES.join(', ')}`);
  const h = hemi.toUpperCase();
  if (!(HEMISPHERES as readonly string[]).includes(h)) throw new DomainError('BAD_DATA', `${where}: unknown hemisphere '${hemi}'; valid: ${HEMISPHERES.join(', ')}`);
  return { roi: roi as RoiName, hemisphere: h as Hemisphere };
}
