import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import { throttled } from '../../core/progress.js';
import { loadNetwork } from '../../networks/load.js';
import { networkEntry } from '../../networks/registry.js';
import { chooseCategories, chosenMeasurement, compareMeasurements, type Choice, type ModeMeasurement } from '../../stimuli/choose.js';
import type { NetworkSpec } from '../../networks/types.js';
import type { ResizeMode } from '../../core/image.js';
import { isStudyPath, SEED_DIR } from '../../study/definition/load.js';
import { writeChoice } from '../../study/definition/study-file.js';
import { progressBars } from '../progress-bar.js';
import { preflightStudy } from '../preflight.js';
import type { Command } from '../command.js';
import { openStudy } from '../open-study.js';
import { STIMULUS_KINDS, type StimulusKind, type StimulusRecord } from '../../study/model.js';
import { RE_CRITERION_THRESHOLD, reCriterion } from '../../study/re-criterion.js';

/**
 * `stimuli choose`: picks the study's categories, AI targets and preprocessing mode by measurement with the
 * study's network (rule: server/src/stimuli/choose.ts) and writes them, with each photo's sha256 and
 * probability, into seed/<study>.json. Run by hand when a study is (re)defined; the result is committed.
 */
const choose: Command = {
  name: 'stimuli choose',
  summary: "choose a study's 40 categories, AI targets and preprocessing mode by measurement; write seed/<study>.json",
  help: `usage: adversarial-rsa stimuli choose [--study ID] [--networks A,B] [--per-group N] [--target-seed S] [--mode M] [--no-known]

Classifies the sample photo of every class of the five groups (dogs, birds, cars, fruits, aquatic animals) with
the network in both preprocessing modes, keeps the five Fig. 1 pairs, fills each group with the classes whose
photo is classified correctly with the highest confidence, draws AI targets (seeded) from classes outside the
groups, and rewrites the study's network, images, preprocessing and selection sections (other sections are
kept). With several networks, each is measured and the best (same order as modes: Fig. 1 photos correct, then
group photos correct, then mean probability of the chosen images) becomes the study's network.
  --study ID         study file seed/ID.json (default: the configured study, zhang2021)
  --networks A,B     candidate networks (default: the one named in the study file)
  --no-known         do not force the five Fig. 1 classes in (used for the reduced CI study)
  --per-group N      images per group (default: the study's imagesPerGroup)
  --target-seed S    seed of the AI target draw (default: the study's selection.targetSeed, else 2021)
  --mode M           resize | center_crop: only consider this mode (default: measure both)`,
  options: { networks: { type: 'string' }, 'no-known': { type: 'boolean' }, 'per-group': { type: 'string' }, 'target-seed': { type: 'string' }, mode: { type: 'string' } },
  async run(ctx) {
    const { readFileSync } = await import('node:fs');
    const id = ctx.config.study;
    const path = isStudyPath(id) ? id : join(SEED_DIR, `${id}.json`);
    if (!existsSync(path)) throw new DomainError('UNKNOWN_STUDY', `no study file ${path}`);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { network?: string; imagesPerGroup?: number; selection?: { targetSeed?: number } };
    const perGroup = intOpt(ctx.values['per-group'], raw.imagesPerGroup ?? 8, 'per-group');
    const targetSeed = intOpt(ctx.values['target-seed'], raw.selection?.targetSeed ?? 2021, 'target-seed');
    const modeFlag = ctx.values.mode;
    if (modeFlag !== undefined && modeFlag !== 'resize' && modeFlag !== 'center_crop') {
      throw new DomainError('BAD_USER_INPUT', `unknown --mode '${String(modeFlag)}'; valid: resize, center_crop`);
    }
    const mode: ResizeMode | undefined = modeFlag;
    const names = typeof ctx.values.networks === 'string' ? ctx.values.networks.split(',') : [ctx.config.network ?? raw.network ?? 'mobilenet_v2'];
    const keepKnown = ctx.values['no-known'] !== true;
    // Every name checked before the first network's (minutes-long) measurement, not after it.
    for (const name of names) networkEntry(name);
    const results: { choice: Choice; spec: NetworkSpec }[] = [];
    for (const name of names) {
      const net = await loadNetwork(ctx.config, { name, ...(ctx.config.weights ? { weights: ctx.config.weights } : {}) }, { log: (l) => ctx.stderr.write(`${l}\n`) });
      try {
        const bars = progressBars(ctx.stderr);
        const opts = { perGroup, targetSeed, keepKnown, ...(mode ? { modes: [mode] } : {}) };
        const choice = await chooseCategories(net, ctx.config.imagesDir, opts, throttled(bars.progress)).finally(bars.stop);
        results.push({ choice, spec: net.spec });
        for (const m of choice.measurements) ctx.stdout.write(`${name} ${describe(m)}\n`);
      } finally {
        await net.dispose();
      }
    }
    const best = [...results].sort((a, b) => compareMeasurements(chosenMeasurement(a.choice), chosenMeasurement(b.choice)))[0]!;
    const byNetwork = Object.fromEntries(results.map((r) => [r.spec.name, r.choice.measurements]));
    writeChoice(path, best.choice, best.spec, { perGroup, targetSeed, keepKnown }, byNetwork);
    ctx.stdout.write(`network: ${best.spec.name}; mode: ${best.choice.mode}; wrote ${best.choice.images.length} images to ${path}\n`);
    return 0;
  },
};

function describe(m: ModeMeasurement): string {
  const known = m.known.map((k) => `${k.label} ${k.probability.toFixed(3)}${k.top1 === k.label ? '' : ` -> ${k.top1}`}`).join(', ');
  return `${m.mode}: Fig. 1 photos correct ${m.knownCorrect}/5 (${known}); chosen meeting p > ${RE_CRITERION_THRESHOLD} ${m.chosenMeetingCriterion}; group photos correct ${m.groupCorrect}/${m.groupTotal}; chosen p mean ${m.chosenMeanProbability.toFixed(4)} min ${m.chosenMinProbability.toFixed(4)}`;
}

function intOpt(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new DomainError('BAD_USER_INPUT', `--${name} must be a positive integer, got '${String(v)}'`);
  return n;
}

const TABLE_COLUMNS = [
  'id', 'kind', 'sourceId', 'group', 'classIndex', 'classLabel', 'classSynonyms', 'targetIndex', 'targetLabel', 'humanLabel',
  'top1', 'top1Synonyms', 'top1Probability', 'top5', 'method', 'steps', 'converged', 'targetProbability', 'seed', 'l2', 'linf', 'psnr', 'ssim',
  'imageSha256',
] as const;
/**
 * `stimuli export --out DIR`: every stimulus of the study as DIR/<id>.png (the stored bytes: the network input size,
 * exactly what was classified) plus DIR/stimuli.csv and DIR/stimuli.json (one row per stimulus: kind, source,
 * classes, top-5, generation record, perturbation metrics against RE, PNG sha256). Computes what the store lacks.
 */
const exportStimuli: Command = {
  name: 'stimuli export',
  summary: 'write all stimuli as PNG plus a CSV/JSON table (classes, top-5, generation, perturbation metrics)',
  help: `usage: adversarial-rsa stimuli export --out DIR [--kind RE|AN|AI|AI_CONTROL]

Writes DIR/<stimulus id>.png for every stimulus of the configured study (RE images at the network input size
after the study's preprocessing; AN, AI, AI_CONTROL as generated), and DIR/stimuli.csv and DIR/stimuli.json with
one row per stimulus. Columns: ${TABLE_COLUMNS.join(', ')}.
Probabilities are the study network's softmax over the 1000 ImageNet classes; PSNR in dB (Infinity for RE),
L2 and L-inf in pixel levels 0..255, SSIM per channel averaged (Wang et al. 2004, 11x11 Gaussian, sigma 1.5).
  --out DIR          output directory (created if missing)
  --kind K           only this kind (default: all)`,
  options: { out: { type: 'string' }, kind: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out;
    if (typeof out !== 'string' || out === '') throw new DomainError('BAD_USER_INPUT', '--out DIR is required');
    const kind = ctx.values.kind;
    if (kind !== undefined && !(STIMULUS_KINDS as readonly string[]).includes(String(kind))) {
      throw new DomainError('BAD_USER_INPUT', `unknown --kind '${String(kind)}'; valid: ${STIMULUS_KINDS.join(', ')}`);
    }
    preflightStudy(ctx.config);
    mkdirSync(out, { recursive: true });
    const study = await openStudy(ctx.config);
    try {
      const records = await study.stimuli(kind ? { kind: kind as StimulusKind } : {});
      for (const r of records) writeFileSync(join(out, `${r.id}.png`), await study.stimulusPng(r.id));
      const rows = records.map(tableRow);
      writeFileSync(join(out, 'stimuli.json'), `${JSON.stringify(rows, null, 1)}\n`);
      writeFileSync(join(out, 'stimuli.csv'), toCsv(rows));
      ctx.stderr.write(`wrote ${records.length} PNGs, stimuli.csv and stimuli.json to ${out}\n`);
      return 0;
    } finally {
      await study.close?.();
    }
  },
};

type Row = Record<(typeof TABLE_COLUMNS)[number], string | number | boolean | null>;

function tableRow(r: StimulusRecord): Row {
  const g = r.generation;
  const m = r.metrics;
  return {
    id: r.id, kind: r.kind, sourceId: r.sourceId, group: r.group, classIndex: r.classIndex, classLabel: r.classLabel, classSynonyms: r.classSynonyms,
    targetIndex: r.targetIndex, targetLabel: r.targetLabel, humanLabel: r.humanLabel,
    top1: r.top[0]?.label ?? null, top1Synonyms: r.top[0]?.synonyms ?? null, top1Probability: r.top[0]?.probability ?? null,
    top5: r.top.map((t) => `${t.index}:${t.label}:${t.probability.toPrecision(4)}`).join('|'),
    method: g?.method ?? null, steps: g?.steps ?? null, converged: g?.converged ?? null,
    targetProbability: g?.targetProbability ?? null, seed: g?.seed ?? null,
    l2: m?.l2 ?? null, linf: m?.linf ?? null, psnr: m ? (Number.isFinite(m.psnr) ? m.psnr : 'Infinity') : null, ssim: m?.ssim ?? null,
    imageSha256: r.imageSha256,
  };
}

function toCsv(rows: readonly Row[]): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[TABLE_COLUMNS.join(','), ...rows.map((r) => TABLE_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

/**
 * `stimuli`: the study's RE images against the paper's criterion (correct class top-1 with p > 0.99 on the
 * study's network, section 2.2), from the stored classifications (computed if missing).
 */
const summary: Command = {
  name: 'stimuli',
  summary: "the study's RE images against the paper's criterion (correct, p > 0.99 on the study's network)",
  help: `usage: adversarial-rsa stimuli [--study ID|FILE] [--network N] [--weights FILE]

One line per RE image (id, label, top-1 label, probability of the correct class, whether it meets the paper's
criterion: top-1 correct with p > ${RE_CRITERION_THRESHOLD}), then one JSON line:
{"study", "network", "threshold", "met", "total", "failing": [labels]}. Computes the stimuli if the store lacks them.
Subcommands: stimuli choose, stimuli export.`,
  options: {},
  async run(ctx) {
    const study = await openStudy(ctx.config);
    try {
      const s = await study.summary();
      const c = reCriterion(await study.stimuli({ kind: 'RE' }));
      for (const im of c.images) {
        ctx.stdout.write(`${im.meets ? 'meets ' : 'FAILS '} ${im.id} ${im.classLabel}: top-1 ${im.top1}, p(correct) ${im.probability === null ? '< top-5' : im.probability.toFixed(4)}\n`);
      }
      ctx.stdout.write(`${JSON.stringify({ study: s.id, network: s.network, threshold: c.threshold, met: c.met, total: c.total, failing: c.images.filter((i) => !i.meets).map((i) => i.classLabel) })}\n`);
      return 0;
    } finally {
      await study.close?.();
    }
  },
};

export default [choose, exportStimuli, summary];
