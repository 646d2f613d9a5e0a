import type { Command } from '../command.js';

/** `worker`: takes stage jobs from the PostgreSQL queue until stopped. */
const worker: Command = {
  name: 'worker',
  summary: 'take stage jobs from the PostgreSQL queue (seed --distributed) until stopped (SIGINT/SIGTERM)',
  help: `usage: adversarial-rsa worker --store postgres://user@host:port/db [--kinds network,analysis] [--max-jobs N]

Runs on any machine with this checkout and the study's data (--shared-dir, --images-dir): takes one job at a
time from the queue on the store's PostgreSQL server, computes that artifact (reading its inputs from the store)
and stores it. Two workers never compute the same artifact at once: the second waits for the first's result.
  --kinds K      which jobs to take (default both): network (generation, classification, activations: a machine
                 with tfjs-node-gpu), analysis (RDMs, similarity, searchlight, encoding, power, brain: CPU only)
  --max-jobs N   stop after N jobs (default: run until SIGINT or SIGTERM, finishing the job in hand)
One line per job on stderr.`,
  options: { kinds: { type: 'string' }, 'max-jobs': { type: 'string' } },
  async run(ctx) {
    const { DomainError } = await import('../../core/errors.js');
    const { parseWorkerKinds } = await import('../../queue/kinds.js');
    const { requirePostgres } = await import('../../queue/seed.js');
    const kinds = parseWorkerKinds(ctx.values.kinds);
    const rawMax = ctx.values['max-jobs'];
    const maxJobs = rawMax === undefined ? Infinity : Number(rawMax);
    if (!(maxJobs === Infinity || (Number.isInteger(maxJobs) && maxJobs >= 1))) throw new DomainError('BAD_USER_INPUT', `--max-jobs must be a positive integer, got '${String(rawMax)}'`);
    const url = requirePostgres(ctx.config, 'worker');
    const { openStore } = await import('../../store/open.js');
    const { openBoss } = await import('../../queue/boss.js');
    const { StageWorker } = await import('../../queue/worker.js');
    const store = openStore(ctx.config);
    const boss = await openBoss(url);
    const log = (line: string): void => { ctx.stderr.write(`${line}\n`); };
    const w = new StageWorker({ config: ctx.config, store, boss, kinds, log });
    let resolveStop: () => void = () => {};
    const stopped = new Promise<void>((r) => { resolveStop = r; });
    const onSignal = (): void => resolveStop();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const watch = setInterval(() => { if (w.done >= maxJobs) resolveStop(); }, 200);
    try {
      w.start();
      log(`worker ${w.id}: taking ${kinds.join(', ')} jobs from ${store.name} (${(store as { location?: string }).location ?? ''})`);
      await stopped;
      log(`worker ${w.id}: stopping after ${w.done} jobs`);
      await w.stop();
      return 0;
    } finally {
      clearInterval(watch);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await store.close();
    }
  },
};

export default worker;
