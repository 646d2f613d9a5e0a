import { DomainError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { GRID_HELP, GRID_OPTIONS, parseGridFlags } from '../grid-flags.js';
import { progressBars } from '../progress-bar.js';

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
  help: `usage: adversarial-rsa seed [--study ID] [--only GROUP[,GROUP...]] [--verify] [--grid [--grid-dissimilarity M] [--grid-comparison C] [--grid-draws N]]

Computes what the store lacks for the study (seed/<ID>.json, default zhang2021), one artifact at a time in
dependency order, with a progress bar per stage on stderr. Finished artifacts are stored at once, so a killed run
resumes where it stopped; nothing is computed twice.
  --only GROUP   only these groups (and what they need): ${GROUPS.join(', ')};
                 aliases: analysis (= rdms, similarity, searchlight, encoding, power), network (= activations)
  --verify       first check every stored artifact's checksums, removing corrupted ones (they are recomputed)
${GRID_HELP}
Prints a JSON summary on stdout: {"study", "computed", "cached", "seconds", "corrupt"}, with --grid also "grid":
one entry per cell {"dissimilarity", "comparison", "draws", "studyConvention", "claims": {id: status}}.`,
  options: {
    only: { type: 'string', multiple: true },
    verify: { type: 'boolean' },
    ...GRID_OPTIONS,
  },
  async run(ctx) {
    const only = parseOnly(ctx.values.only);
    const grid = parseGridFlags(ctx.values);
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
      const svc = await createStudyService(ctx.config, { store });
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

export default seed;
