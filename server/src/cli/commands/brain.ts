import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import { DomainError, unknownName } from '../../core/errors.js';
import { loadBatch } from '../../core/image.js';
import { writeDataset } from '../../brain/export.js';
import { importBrainData } from '../../brain/import/registry.js';
import { roiResponses } from '../../brain/roi.js';
import { selectVertices } from '../../brain/select.js';
import { subjectRecord } from '../../brain/summary.js';
import { simulateSubjects } from '../../brain/simulate/simulate.js';
import type { SimulationParams } from '../../brain/simulate/params.js';
import type { SubjectData } from '../../brain/types.js';
import { loadStudy } from '../../study/definition/load.js';
import type { Command, CommandContext, OptionSpec } from '../command.js';
import { progressBars } from '../progress-bar.js';
import { definedSubjectIds, preflightStudy, requireHemisphere, requireKinds, requireRoi, requireSubject } from '../preflight.js';
import { responsesOfKinds } from '../../brain/kinds.js';
import { BRAIN_STIMULUS_KINDS } from '../../domain/vocabulary.js';

/**
 * `brain export`: one subject's responses in one ROI as responses.npy [trials x stimuli x vertices] + vertices.csv
 * (+ stimuli.csv, meta.json: the NPY/CSV dataset layout of brain/layout.ts, so the output is importable again).
 * Brain data come from, in order of the flags: --data DIR (an imported dataset), --simulate (the study's RE photos
 * fed to the simulator, no store needed), or the configured study's store (computed on demand).
 */
const HELP = `usage: adversarial-rsa brain export --subject S --roi R --out DIR [options]

Writes DIR/responses.npy ([trials x stimuli x vertices], float32), DIR/vertices.csv (id, roi, hemisphere, x, y
[, z][, prf_x, prf_y, prf_size, prf_exponent]; mm and degrees), DIR/stimuli.csv (stimulus ids in array order) and
DIR/meta.json (subject, simulated or not, ROI). DIR can be read back with --data DIR --format npy.
Every flag and the subject id are checked against the study definition before anything is computed.

  --subject S        subject id (e.g. sim01 for simulated subjects)
  --roi R            V1 | V2 | V3 | V4 | LO
  --hemisphere H     LH | RH | both (default both)
  --kind K[,K...]    only these stimulus kinds: RE | AN | AI (default all, in the study's order RE, AN, AI)
  --out DIR          output directory (created)
Where the data come from (default: the configured study's store, computing what it lacks):
  --data DIR         an NPY/CSV or NIfTI dataset: a subject directory or a directory of them
  --format F         npy | nifti (default: detected from the files)
  --simulate         simulate subjects from the study's RE photos only (no store, no network; AN/AI need the store)
  --subjects N       with --simulate: number of subjects (default: the study's)
  --seed N           with --simulate: simulation seed (default: the study's)`;

async function loadSubjects(ctx: CommandContext): Promise<{ subjects: readonly SubjectData[]; from: string }> {
  const v = ctx.values;
  if (typeof v.data === 'string') {
    const data = await importBrainData(v.data, typeof v.format === 'string' ? v.format : undefined);
    return { subjects: data.subjects, from: `dataset ${v.data}` };
  }
  if (v.simulate === true) return { subjects: await simulateFromStudy(ctx.config, v, ctx.stderr), from: `simulation of study ${ctx.config.study} (RE photos)` };
  const mod = await import('../../study/study-service.js');
  const svc = await mod.createStudyService(ctx.config);
  try {
    const { subjectOf, payloadToSubject } = await import('../../study/pipeline/brain-stages.js');
    const brain = (await svc.engine.resolve(svc.pipeline.brain)).payload;
    return { subjects: brain.meta.subjects.map((_, i) => payloadToSubject(subjectOf(brain, i))), from: `study ${ctx.config.study} store` };
  } finally {
    await svc.close();
  }
}

async function simulateFromStudy(config: Config, v: CommandContext['values'], stderr: NodeJS.WritableStream): Promise<SubjectData[]> {
  const study = loadStudy(config.study, { imagesDir: config.imagesDir });
  const batch = await loadBatch(study.images.map((im) => join(config.imagesDir, im.file)), 224, study.preprocessing.mode);
  const params: Partial<SimulationParams> = {
    subjects: intOpt(v.subjects, study.brain.subjects, 'subjects'),
    seed: intOpt(v.seed, study.brain.seed, 'seed'),
  };
  const bars = progressBars(stderr);
  try {
    return [...simulateSubjects({ ids: study.images.map((im) => im.id), images: batch }, { params, progress: bars.progress }).subjects];
  } finally {
    bars.stop();
  }
}

function intOpt(raw: unknown, dflt: number, name: string): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0) throw new DomainError('BAD_USER_INPUT', `--${name} must be a non-negative integer, got '${String(raw)}'`);
  return n;
}

/**
 * Checks the study and, where the definition names the subjects (simulated studies, --simulate), the subject id,
 * before any subject is simulated or the store is opened. A --data directory is read first (its ids are its own).
 */
function preflightData(ctx: CommandContext, subject: string | undefined): void {
  const v = ctx.values;
  if (typeof v.data === 'string') return;
  const study = preflightStudy(ctx.config);
  const n = v.simulate === true ? intOpt(v.subjects, study.brain.subjects, 'subjects') : study.brain.subjects;
  if (v.simulate === true) intOpt(v.seed, study.brain.seed, 'seed');
  if (subject !== undefined) requireSubject(subject, v.simulate === true ? definedSubjectIds({ ...study, brain: { ...study.brain, source: 'simulate' } }, n) : definedSubjectIds(study, n));
}

/** Where the brain data come from, shared by both commands: --data DIR [--format F] | --simulate ... | the store. */
const DATA_OPTIONS: OptionSpec = {
  data: { type: 'string' },
  format: { type: 'string' },
  simulate: { type: 'boolean' },
  subjects: { type: 'string' },
  seed: { type: 'string' },
};

const brainExport: Command = {
  name: 'brain export',
  summary: "write one subject's ROI responses (.npy) and vertex table (.csv)",
  help: HELP,
  options: {
    subject: { type: 'string' },
    roi: { type: 'string' },
    hemisphere: { type: 'string' },
    kind: { type: 'string' },
    out: { type: 'string' },
    ...DATA_OPTIONS,
  },
  async run(ctx) {
    const { subject, roi, out } = ctx.values;
    for (const [name, val] of [['subject', subject], ['roi', roi], ['out', out]] as const) {
      if (typeof val !== 'string' || val === '') throw new DomainError('BAD_USER_INPUT', `--${name} is required (see brain export --help)`);
    }
    // Everything the definition can answer is checked before a subject is simulated or the store is opened.
    const roiName = requireRoi(roi);
    const hemisphere = requireHemisphere(ctx.values.hemisphere);
    const kinds = requireKinds(ctx.values.kind, BRAIN_STIMULUS_KINDS);
    preflightData(ctx, String(subject));
    const { subjects, from } = await loadSubjects(ctx);
    const s = subjects.find((x) => x.id === subject);
    if (!s) throw unknownName('UNKNOWN_SUBJECT', 'subject', String(subject), subjects.map((x) => x.id));
    const all = roiResponses(s, roiName, hemisphere);
    const r = kinds ? responsesOfKinds(all, kinds) : all;
    const paths = writeDataset(String(out), r);
    ctx.stdout.write(`${JSON.stringify({
      subject: s.id, roi: r.roi, hemisphere: r.hemisphere, simulated: s.simulated, from,
      shape: [r.nTrials, r.stimulusIds.length, r.vertexIndex.length], files: paths,
    }, null, 2)}\n`);
    return 0;
  },
};

const SUMMARY_HELP = `usage: adversarial-rsa brain summary [--subject S] [--per-hemisphere N] [--radius MM] [data options]

Runs the vertex selection (paper 3.9: searchlight split-half reliability of the RE RDMs, top N per hemisphere per
ROI; RE stimuli = ids starting with "RE-") and prints, per subject, ROI and hemisphere, the number of vertices, the
number selected and the median reliability of all and of the selected vertices, as JSON (SubjectRecord[]).

  --subject S          only this subject (default: all)
  --per-hemisphere N   vertices kept per hemisphere per ROI (default 100)
  --radius MM          searchlight radius (default 3)
Data options as for brain export: --data DIR [--format F] | --simulate [--subjects N] [--seed N] | the study store.`;

const brainSummary: Command = {
  name: 'brain summary',
  summary: 'vertex selection summary per subject, ROI and hemisphere (counts, median reliabilities)',
  help: SUMMARY_HELP,
  options: {
    subject: { type: 'string' },
    'per-hemisphere': { type: 'string' },
    radius: { type: 'string' },
    ...DATA_OPTIONS,
  },
  async run(ctx) {
    const want = ctx.values.subject;
    const perHemisphere0 = intOpt(ctx.values['per-hemisphere'], 100, 'per-hemisphere');
    if (ctx.values.radius !== undefined && !(Number(ctx.values.radius) > 0)) throw new DomainError('BAD_USER_INPUT', `--radius must be a positive number of mm, got '${String(ctx.values.radius)}'`);
    preflightData(ctx, typeof want === 'string' ? want : undefined);
    const { subjects } = await loadSubjects(ctx);
    const chosen = typeof want === 'string' ? subjects.filter((s) => s.id === want) : subjects;
    if (chosen.length === 0) throw unknownName('UNKNOWN_SUBJECT', 'subject', String(want), subjects.map((x) => x.id));
    const perHemisphere = perHemisphere0;
    const radius = ctx.values.radius === undefined ? 3 : Number(ctx.values.radius);
    if (!(radius > 0)) throw new DomainError('BAD_USER_INPUT', `--radius must be a positive number of mm, got '${String(ctx.values.radius)}'`);
    const records = chosen.map((s) => subjectRecord(s, selectVertices(s, { perHemisphere, radiusMm: radius })));
    ctx.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
    return 0;
  },
};

export default [brainExport, brainSummary];
