import type PgBoss from 'pg-boss';
import { DomainError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import type { StudyEngine } from '../study/engine.js';
import type { Split } from '../study/pipeline/split-stages.js';
import { topologicalOrder, type AnyStage } from '../study/stage.js';
import { DEFAULT_BLOCK_DRAWS, QUEUES, workerKindOf, type JobOutput, type StageJob } from './kinds.js';

export interface DistributedOptions {
  readonly study: string;
  readonly network?: string;
  /**
   * Seconds a job may stay active before pg-boss's maintenance takes it back and another worker retries it
   * (what a killed worker costs). A live worker past it loses nothing: its retry waits on the key's lock and
   * reads the result. Default 1800.
   */
  readonly jobTimeoutSeconds?: number;
  /** Retries of a job that failed for a reason other than a domain error, or whose worker died (default 5). */
  readonly retryLimit?: number;
  /** How often job states are read, milliseconds (default 500). */
  readonly pollMs?: number;
  /**
   * Large stages to enqueue as blocks then a merge (study/pipeline/split-stages.ts), by the whole stage, built with
   * `blockDraws` draws per similarity block (the workers rebuild the same blocks from it).
   */
  readonly splits?: ReadonlyMap<AnyStage, Split>;
  readonly blockDraws?: number;
}

interface InFlight {
  readonly stage: AnyStage;
  readonly queue: string;
  readonly id: string;
  started: boolean;
}

/**
 * `seed --distributed`: enqueues the study's missing artifacts as jobs, each once its inputs are stored (so jobs
 * run in dependency order, and independent ones, e.g. the layers' similarity stages, on several workers at
 * once), and waits for them, with the engine's progress tracker fed from the job states. The first job that ends
 * in a domain error or exhausts its retries stops the run with that job's error; what finished stays stored.
 */
export async function runDistributed(engine: StudyEngine, boss: PgBoss, targets: readonly AnyStage[], opts: DistributedOptions): Promise<{ computed: number; cached: number }> {
  const seen = new Set<string>();
  const unique = (stages: AnyStage[]): AnyStage[] => stages.filter((s) => !seen.has(engine.keyOf(s)) && seen.add(engine.keyOf(s)));
  const whole = unique(topologicalOrder(targets));
  // A missing split stage is preceded by its missing blocks and waits for them as for inputs; a stored one is not
  // split (its blocks are never needed).
  const needs = new Map<AnyStage, AnyStage[]>();
  const merges = new Set<AnyStage>();
  const order: AnyStage[] = [];
  for (const s of whole) {
    const split = opts.splits?.get(s);
    if (split && !(await engine.has(s))) {
      const blocks = unique([...split.blocks]);
      order.push(...blocks);
      needs.set(s, [...Object.values(s.inputs), ...split.blocks] as AnyStage[]);
      merges.add(s);
    }
    order.push(s);
  }
  const tracker = engine.tracker;
  tracker.plan(order.map((s) => ({ key: engine.keyOf(s), kind: s.kind, label: s.label })));
  tracker.begin();
  const done = new Set<string>();
  let cached = 0;
  let computed = 0;
  try {
    for (const s of order) {
      if (await engine.has(s)) {
        done.add(engine.keyOf(s));
        tracker.cached(engine.keyOf(s), s.kind, s.label);
        cached++;
      }
    }
    const waiting = order.filter((s) => !done.has(engine.keyOf(s)));
    const flying = new Map<string, InFlight>();
    while (waiting.length > 0 || flying.size > 0) {
      for (let i = 0; i < waiting.length; i++) {
        const s = waiting[i]!;
        if (!(needs.get(s) ?? (Object.values(s.inputs) as AnyStage[])).every((x) => done.has(engine.keyOf(x)))) continue;
        waiting.splice(i--, 1);
        const key = engine.keyOf(s);
        const queue = QUEUES[workerKindOf(s.kind)];
        const data: StageJob = {
          study: opts.study, ...(opts.network ? { network: opts.network } : {}), key, kind: s.kind, label: s.label,
          ...(opts.splits ? { blockDraws: opts.blockDraws ?? DEFAULT_BLOCK_DRAWS } : {}), ...(merges.has(s) ? { merge: true } : {}),
        };
        const id = await boss.send(queue, data, { retryLimit: opts.retryLimit ?? 5, retryDelay: 1, expireInSeconds: opts.jobTimeoutSeconds ?? 1800 });
        if (!id) throw new DomainError('COMPUTE_FAILED', `the queue refused the job for ${s.label} (${key})`);
        flying.set(key, { stage: s, queue, id, started: false });
        tracker.units(key, 0, 1, 'queued');
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
      for (const [key, f] of flying) {
        const job = await boss.getJobById<StageJob>(f.queue, f.id, { includeArchive: true });
        const state = job?.state ?? 'missing';
        if (state === 'active' && !f.started) {
          f.started = true;
          tracker.started(key, f.stage.kind, f.stage.label);
          tracker.units(key, 0, 1, 'on a worker');
        } else if (state === 'completed') {
          const out = job!.output as JobOutput | null;
          if (out && out.ok === false) throw jobError(f.stage, out, `on worker ${out.worker}`);
          flying.delete(key);
          done.add(key);
          if (!f.started) tracker.started(key, f.stage.kind, f.stage.label);
          tracker.finished(key);
          if (out?.computed === false) cached++;
          else computed++;
        } else if (state === 'failed' || state === 'cancelled' || state === 'missing') {
          const out = (job?.output ?? null) as { message?: string; value?: { message?: string } } | null;
          const message = out?.message ?? out?.value?.message ?? state;
          throw new DomainError('COMPUTE_FAILED', `stage ${f.stage.label} (${key}) ${state} after ${job?.retryCount ?? 0} retries: ${message}`, { stage: f.stage.label, key });
        }
      }
    }
    return { computed, cached };
  } catch (e) {
    const key = (e as DomainError).details?.key;
    if (typeof key === 'string') tracker.failed(key, e);
    throw e;
  } finally {
    tracker.end();
  }
}

function jobError(stage: AnyStage, out: Extract<JobOutput, { ok: false }>, where: string): DomainError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(out.code) ? (out.code as ErrorCode) : 'COMPUTE_FAILED';
  return new DomainError(code, `stage ${stage.label} refused ${where}: ${out.message}`, { stage: stage.label, key: out.key ?? '' });
}
