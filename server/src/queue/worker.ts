import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { Config } from '../config/config.js';
import { isDomainError } from '../core/errors.js';
import { DomainError } from '../core/errors.js';
import { createStudyService, type PipelineStudyService } from '../study/study-service.js';
import { stagesOf } from '../study/pipeline/graph.js';
import { pipelineSplits, type Split } from '../study/pipeline/split-stages.js';
import { topologicalOrder, type AnyStage } from '../study/stage.js';
import type { ArtifactStore } from '../store/types.js';
import { QUEUES, type JobOutput, type StageJob, type WorkerKind } from './kinds.js';

export interface WorkerOptions {
  readonly config: Config;
  readonly store: ArtifactStore;
  readonly boss: PgBoss;
  readonly kinds: readonly WorkerKind[];
  /** Idle wait between polls of the queues, milliseconds (default 500, pg-boss's minimum). */
  readonly pollMs?: number;
  readonly log?: (line: string) => void;
}

/** One pipeline per (study, network), built on the first job that names it and kept for the worker's life. */
interface Pipelines {
  service: PipelineStudyService;
  byKey: Map<string, AnyStage>;
  /** The splits of the graph for a run's draws per block (split-stages.ts), by the whole stage's key. */
  splits: Map<number, Map<string, Split>>;
}

/**
 * A worker process's loop: takes one job at a time from the queues of its kinds, finds the stage by its key in
 * its own build of the study's graph (same checkout and data, same keys), and resolves it through the engine, so
 * the store's advisory lock gives single flight across workers and the stored artifact is whole or absent.
 *
 * Failures: a domain error (bad input, a key this checkout does not know) completes the job with the error as
 * its output, so it is not retried and the coordinator reports it; anything else (a crash, the store going
 * away) fails the job, which pg-boss retries up to the job's retry limit. A worker killed mid-job leaves the job
 * active until its expiry, when pg-boss's maintenance puts it back for another worker.
 */
export class StageWorker {
  readonly id = `${hostname()}:${process.pid}`;
  private readonly pipelines = new Map<string, Promise<Pipelines>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** Jobs finished by this worker (for logs and tests). */
  done = 0;

  constructor(private readonly opts: WorkerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the job in hand, then stops taking jobs and releases the networks. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    for (const p of this.pipelines.values()) await (await p.catch(() => undefined))?.service.close();
  }

  private async run(): Promise<void> {
    const queues = this.opts.kinds.map((k) => QUEUES[k]);
    while (!this.stopping) {
      let took = false;
      for (const queue of queues) {
        if (this.stopping) break;
        const [job] = await this.opts.boss.fetch<StageJob>(queue, { batchSize: 1 }).catch((e: Error) => {
          this.opts.log?.(`worker ${this.id}: fetch from ${queue} failed (${e.message}); retrying`);
          return [];
        });
        if (!job) continue;
        took = true;
        await this.handle(queue, job);
      }
      if (!took && !this.stopping) await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 500));
    }
  }

  private async handle(queue: string, job: PgBoss.Job<StageJob>): Promise<void> {
    const t0 = performance.now();
    this.opts.log?.(`worker ${this.id}: ${job.data.label} (${job.data.key.slice(0, 12)}) started`);
    try {
      const output = await this.compute(job.data);
      await this.opts.boss.complete(queue, job.id, output);
      this.done++;
      this.opts.log?.(`worker ${this.id}: ${job.data.label} ${output.ok ? (output.computed ? 'computed' : 'found stored') : `refused: ${output.message}`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.opts.log?.(`worker ${this.id}: ${job.data.label} failed (${message}); the queue retries it`);
      await this.opts.boss.fail(queue, job.id, { ok: false, code: 'COMPUTE_FAILED', message, worker: this.id }).catch(() => {});
    }
  }

  /** Resolves the job's stage; a domain error becomes the job's output, anything else is thrown (retried). */
  private async compute(job: StageJob): Promise<JobOutput> {
    try {
      const p = await this.pipelineFor(job);
      const split = job.blockDraws !== undefined ? this.splitsOf(p, job.blockDraws) : undefined;
      const whole = job.merge ? split?.get(job.key) : undefined;
      // A merge job resolves the whole stage from its blocks (same key, same bytes as computing it whole).
      const stage = whole ? whole.merged(async (b) => (await p.service.engine.resolve(b)).payload) : p.byKey.get(job.key);
      if (!stage) {
        throw new DomainError('NOT_FOUND', `worker ${this.id} has no stage with key ${job.key} (${job.label}) in study '${job.study}': its checkout, study definition or data differ from the seeding machine's`);
      }
      const r = await p.service.engine.resolve(stage);
      return { ok: true, key: r.key, computed: r.computed, worker: this.id };
    } catch (e) {
      // The store being unreachable is transient (retry); COMPUTE_FAILED wraps unexpected errors (retry, bounded).
      if (isDomainError(e) && e.code !== 'COMPUTE_FAILED' && !(e.details && 'store' in e.details)) {
        return { ok: false, key: job.key, code: e.code, message: e.message, worker: this.id };
      }
      throw e;
    }
  }

  /** The graph's splits for `blockDraws`, their blocks added to the stages this worker knows by key. */
  private splitsOf(p: Pipelines, blockDraws: number): Map<string, Split> {
    let m = p.splits.get(blockDraws);
    if (!m) {
      m = new Map();
      for (const split of pipelineSplits(p.service.pipeline, p.service.deps, { blockDraws }).values()) {
        m.set(p.service.engine.keyOf(split.whole), split);
        for (const b of split.blocks) p.byKey.set(p.service.engine.keyOf(b), b);
      }
      p.splits.set(blockDraws, m);
    }
    return m;
  }

  private pipelineFor(job: StageJob): Promise<Pipelines> {
    const id = `${job.study}|${job.network ?? ''}`;
    let p = this.pipelines.get(id);
    if (!p) {
      const config: Config = { ...this.opts.config, study: job.study, network: job.network };
      // one job is one layer's activations here (other workers take the others): no shared forward pass
      p = createStudyService(config, { store: this.opts.store, activationPass: 'per-layer' }).then((service) => {
        const byKey = new Map<string, AnyStage>();
        for (const s of topologicalOrder(stagesOf(service.pipeline))) byKey.set(service.engine.keyOf(s), s);
        return { service, byKey, splits: new Map() };
      });
      p.catch(() => this.pipelines.delete(id));
      this.pipelines.set(id, p);
    }
    return p;
  }
}
