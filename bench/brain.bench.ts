/**
 * Brain simulation at the default study size: 3 subjects x 160 stimuli of 224 x 224 (40 RE sample photos, and 40
 * each of AN-like, AI-like and AI_CONTROL-like images made from them: see brain/simulate/synthetic.ts; the real AN/AI
 * images need the network and the store). Goal: simulation under 1 minute. Also reports the vertex selection time,
 * the split-half reliability of the selected vertices per ROI (real data: roughly 0.2-0.6) and the RE-AN / RE-AI
 * RDM similarities the simulated cortex yields (emergent, not built in).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { compareRdms, rdmVector } from '../server/src/analysis/rdm.js';
import { selectVertices } from '../server/src/brain/select.js';
import { simulateSubjects } from '../server/src/brain/simulate/simulate.js';
import { aiLikeImage, anLikeImage, batchOf, blobImage } from '../server/src/brain/simulate/synthetic.js';
import { median, roiSummaries } from '../server/src/brain/summary.js';
import { loadConfig } from '../server/src/config/config.js';
import { ROI_NAMES } from '../server/src/domain/vocabulary.js';

const SIZE = 224;
const N = 40;

async function reImages(): Promise<{ images: Float32Array[]; what: string }> {
  const dir = loadConfig().imagesDir;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.JPEG')).sort() : [];
  if (files.length < N) return { images: Array.from({ length: N }, (_, i) => blobImage(SIZE, `blob-${i}`)), what: 'synthetic blob images' };
  const step = Math.floor(files.length / N);
  const images: Float32Array[] = [];
  for (let i = 0; i < N; i++) {
    const { data } = await sharp(join(dir, files[i * step]!)).resize(SIZE, SIZE, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    images.push(Float32Array.from(data));
  }
  return { images, what: `${N} sample photos (every ${step}th)` };
}

export default async function (): Promise<void> {
  const { images: re, what } = await reImages();
  const an = re.map((_, i) => anLikeImage(SIZE, `an-${i}`));
  const ai = re.map((im, i) => aiLikeImage(im, `ai-${i}`));
  const control = re.map((im, i) => aiLikeImage(im, `control-${i}`, 1));
  const kinds = { RE: re, AN: an, AI: ai, AI_CONTROL: control };
  const ids = Object.entries(kinds).flatMap(([k, list]) => list.map((_, i) => `${k}-${i}`));
  const batch = batchOf(Object.values(kinds).flat(), SIZE);
  process.stdout.write(`stimuli: ${ids.length} (${what} + AN-like, AI-like, AI_CONTROL-like), ${SIZE}x${SIZE}\n`);

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const data = simulateSubjects({ ids, images: batch });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`simulation (3 subjects x ${ids.length} stimuli): ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (goal < 60 s)\n`);
  process.stdout.write(`vertices per subject: ${data.subjects.map((s) => `${s.id} ${s.vertices.ids.length}`).join(', ')}\n`);

  const perRoi = new Map<string, { all: number[]; sel: number[]; half: number[]; an: number[]; ai: number[] }>();
  let selTime = 0;
  for (const s of data.subjects) {
    const t = performance.now();
    const sel = selectVertices(s);
    selTime += performance.now() - t;
    for (const r of roiSummaries(s, sel)) {
      const e = perRoi.get(r.roi) ?? { all: [], sel: [], half: [], an: [], ai: [] };
      e.all.push(r.medianReliability);
      e.sel.push(r.medianReliabilitySelected);
      perRoi.set(r.roi, e);
    }
    // RDM similarity on the selected vertices (both hemispheres), trials averaged, one_minus_spearman / spearman.
    const V = s.vertices.ids.length;
    const S = ids.length;
    for (const roi of ROI_NAMES) {
      const idx = sel.selected.filter((x) => x.roi === roi).flatMap((x) => Array.from(x.indices));
      const patterns = (offset: number, trials: number[] = [0, 1]) => {
        const d = new Float64Array(N * idx.length);
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < idx.length; j++) {
            let acc = 0;
            for (const t of trials) acc += s.betas[(t * S + offset + i) * V + idx[j]!]!;
            d[i * idx.length + j] = acc / trials.length;
          }
        }
        return { rows: N, cols: idx.length, data: d };
      };
      const rRe = rdmVector(patterns(0));
      perRoi.get(roi)!.half.push(compareRdms(rdmVector(patterns(0, [0])), rdmVector(patterns(0, [1]))));
      perRoi.get(roi)!.an.push(compareRdms(rRe, rdmVector(patterns(N))));
      perRoi.get(roi)!.ai.push(compareRdms(rRe, rdmVector(patterns(2 * N))));
    }
  }
  process.stdout.write(`vertex selection (3 subjects, radius 3 mm, 100 per hemisphere): ${(selTime / 1000).toFixed(1)} s\n`);
  process.stdout.write('ROI  searchlight reliability, median all / selected | ROI RE-RDM split-half | RE-AN | RE-AI   (per subject)\n');
  for (const roi of ROI_NAMES) {
    const e = perRoi.get(roi)!;
    const f = (x: number[]): string => x.map((v) => v.toFixed(2)).join(' ');
    // Two hemispheres per subject: show the subject's median over its hemispheres.
    const bySubject = (x: number[]): number[] => Array.from({ length: x.length / 2 }, (_, i) => median([x[2 * i]!, x[2 * i + 1]!]));
    process.stdout.write(`${roi.padEnd(4)} ${f(bySubject(e.all))} / ${f(bySubject(e.sel))} | ${f(e.half)} | ${f(e.an)} | ${f(e.ai)}\n`);
  }
}
