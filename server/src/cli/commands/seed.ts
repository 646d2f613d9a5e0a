import { DomainError } from '../../core/errors.js';
import type { Command, CommandContext } from '../command.js';
import { GRID_HELP, GRID_OPTIONS, parseGridFlags } from '../grid-flags.js';
import { progressBars } from '../progress-bar.js';
import { preflightStudy } from '../preflight.js';

/** Groups `--only` accepts: the pipeline's stage groups plus `analysis` (everything after the brain and network). */
const GROUPS = ['stimuli', 'activations', 'brain', 'rdms', 'similarity', 'searchlight', 'encoding', 'power'] as const;
type Group = (typeof GROUPS)[number];
const ALIASES: Record<string, readonly Group[]> = {
  analysis: ['rdms', 'similarity', 'searchlight', 'encoding', 'power'],
  network: ['activations'],
};

export function parseOnly(raw: string | boolean | (string | boolean)[] | undefined): Group[] | undefined {
  if (raw === undefined) return undefined;
  const words = (Array.isArray(raw) ? raw : [raw]).flatMap((w) => String(w).split(',')).map((w) => w.trim()).filter(Boolean);
  const out = new Set<Group>();
  for (const w of words) {
    if ((GROUPS as readonly string[]).includes(w)) out.add(w as Group);
    else if (ALIASES[w]) ALIASES[w]!.forEach((g) => out.add(g));
    else throw new DomainError('BAD_USER_INPUT', `unknown --only group '${w}'; valid: ${[...GROUPS, ...Object.keys(ALIASES)].join(', ')}`);
  }
  return [...out];
}

const seed: Command = {
  name: 'seed',
  summary: 'compute every artifact of the study that the store lacks (resumable; progress bar per stage)',
  help: `usage: adversarial-rsa seed [--study ID|FILE] [--network N] [--weights FILE] [--only GROUP[,GROUP...]] [--verify] [--dry-run] [--grid [--grid-dissimilarity M] [--grid-comparison C] [--grid-draws N]]

Computes what the store lacks for the study (seed/<ID>.json, default zhang2021), one artifact at a time in
dependency order, with a progress bar per stage on stderr. Finished artifacts are stored at once, so a killed run
resumes where it stopped; nothing is computed twice.
  --only GROUP   only these groups (and what they need): ${GROUPS.join(', ')};
                 aliases: analysis (= rdms, similarity, searchlight, encoding, power), network (= activations)
  --verify       first check every stored artifact's checksums, removing corrupted ones (they are recomputed)
  --dry-run      compute nothing: list what would be computed and why (which data file, parameter, code version or
                 input changed since the artifact was last stored), then {"study", "dryRun", "wouldCompute",
                 "cached", "filesHashed"}. Only a missing network spec is built (the layers are read from the
                 network itself; seconds).
  --distributed  enqueue the missing artifacts as jobs for \`worker\` processes (PostgreSQL store only; see README,
                 "One server, many workers") and wait for them
  --job-timeout S  with --distributed: seconds before a job whose worker died is retried by another (default 1800)
  --block-draws N  with --distributed: similarity draws per job (default 250); encoding is one job per subject x
                 ROI x layer. The merged artifacts equal the embedded run's, bit for bit
${GRID_HELP}
Prints a JSON summary on stdout: {"study", "computed", "cached", "seconds", "corrupt"}, with --grid also "grid":
one entry per cell {"dissimilarity", "comparison", "draws", "studyConvention", "claims": {id: status}}.`,
  options: {
    only: { type: 'string', multiple: true },
    verify: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    distributed: { type: 'boolean' },
    'job-timeout': { type: 'string' },
    'block-draws': { type: 'string' },
    ...GRID_OPTIONS,
  },
  async run(ctx) {
    const only = parseOnly(ctx.values.only);
    const grid = parseGridFlags(ctx.values);
    // The study is checked before the store file is created (an unknown --study leaves nothing behind).
    const study = preflightStudy(ctx.config);
    if (ctx.values.distributed === true && (grid || ctx.values['dry-run'] === true)) {
      throw new DomainError('BAD_USER_INPUT', `--distributed does not take ${grid ? '--grid' : '--dry-run'} (it enqueues the study's own missing artifacts)`, { value: '--distributed' });
    }
    if (ctx.values['dry-run'] === true) {
      if (grid) throw new DomainError('BAD_USER_INPUT', '--dry-run does not take --grid (it lists what the study itself would compute)', { value: '--grid' });
      return dryRun(ctx, only);
    }
    // --distributed's own flags, checked before the store opens.
    const dist = ctx.values.distributed === true ? await import('../../queue/seed.js') : undefined;
    const distOpts = dist ? { jobTimeoutSeconds: dist.jobTimeout(ctx.values['job-timeout']), blockDraws: dist.blockDraws(ctx.values['block-draws']) } : undefined;
    if (dist) dist.requirePostgres(ctx.config, 'seed --distributed');
    const t0 = performance.now();
    const { createStudyService } = await import('../../study/study-service.js');
    const { openStore } = await import('../../store/open.js');
    const store = openStore(ctx.config, (key, reason) => ctx.stderr.write(`store: corrupted artifact ${key} removed (${reason}); it will be recomputed\n`));
    let corrupt: readonly string[] = [];
    if (ctx.values.verify === true) {
      const v = await store.verifyAll();
      corrupt = v.corrupt;
      ctx.stderr.write(`store: ${v.checked} artifacts checked, ${v.corrupt.length} corrupted and removed\n`);
    }
    const bars = progressBars(ctx.stderr);
    try {
      if (dist && distOpts) {
        const r = await dist.seedDistributed(ctx.config, store, only, bars.progress, distOpts);
        bars.stop();
        ctx.stdout.write(`${JSON.stringify({ study: ctx.config.study, computed: r.computed, cached: r.cached, seconds: Math.round((performance.now() - t0) / 100) / 10, corrupt, distributed: true })}\n`);
        return 0;
      }
      const svc = await createStudyService(ctx.config, { store, study });
      try {
        if (grid) {
          const { gridService } = await import('../../study/grid-service.js');
          const g = gridService(svc);
          const r = await g.compute(grid, bars.progress);
          bars.stop();
          ctx.stdout.write(`${JSON.stringify({ study: ctx.config.study, computed: r.computed, cached: r.cached, seconds: Math.round((performance.now() - t0) / 100) / 10, corrupt, grid: await g.statuses(r.cells) })}\n`);
          return 0;
        }
        const r = await svc.compute(bars.progress, only);
        bars.stop();
        ctx.stdout.write(`${JSON.stringify({ study: ctx.config.study, computed: r.computed, cached: r.cached, seconds: Math.round((performance.now() - t0) / 100) / 10, corrupt })}\n`);
        return 0;
      } finally {
        await svc.close();
      }
    } finally {
      bars.stop();
      await store.close();
    }
  },
};

/** `seed --dry-run`: the plan of a run (study/plan.ts), printed before anything but the network spec is computed. */
async function dryRun(ctx: CommandContext, only: Group[] | undefined): Promise<number> {
  const { loadStudy } = await import('../../study/definition/load.js');
  const { openStore } = await import('../../store/open.js');
  const { fileHasher } = await import('../../store/file-hash.js');
  const { domainDeps } = await import('../../study/pipeline/domain.js');
  const { specStageOf, stagesOf } = await import('../../study/pipeline/graph.js');
  const { createStudyService } = await import('../../study/study-service.js');
  const { StudyEngine } = await import('../../study/engine.js');
  const { ArtifactCache } = await import('../../store/single-flight.js');
  const { planRun } = await import('../../study/plan.js');
  const config = ctx.config;
  const study = loadStudy(config.study, { imagesDir: config.imagesDir });
  const store = openStore(config);
  try {
    const hasher = fileHasher(store);
    const deps = domainDeps(config, study, undefined, hasher);
    const opts = { imagesDir: config.imagesDir, ...(config.network ? { network: config.network } : {}) };
    const specPlan = await planRun(new StudyEngine(new ArtifactCache(store)), [await specStageOf(study, deps, opts)]);
    const svc = await createStudyService(config, { store, deps, study });
    try {
      const plan = await planRun(svc.engine, stagesOf(svc.pipeline, only));
      const lines = [...specPlan.missing.map((m) => ({ ...m, reasons: [...m.reasons, 'computed now to learn the layers'] })), ...plan.missing];
      const n = plan.missing.length + specPlan.missing.length;
      ctx.stdout.write(`study ${study.id} on ${svc.pipeline.network}: ${n} of ${plan.total} artifacts would be computed${n === 0 ? ' (none: the store is complete)' : ':'}\n`);
      for (const m of lines) ctx.stdout.write(`  ${m.kind} '${m.label}' ${m.key.slice(0, 12)}: ${m.reasons.join('; ')}\n`);
      ctx.stdout.write(`${JSON.stringify({ study: study.id, dryRun: true, wouldCompute: plan.missing.length, cached: plan.cached, specComputed: specPlan.missing.length > 0, filesHashed: hasher.hashed })}\n`);
      return 0;
    } finally {
      await svc.close();
    }
  } finally {
    await store.close();
  }
}

export default seed;
