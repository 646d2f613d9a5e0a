import type { Config } from '../config/config.js';
import type { ProgressEvent } from '../core/progress.js';
import { stagesOf } from '../study/pipeline/graph.js';
import { pipelineSplits } from '../study/pipeline/split-stages.js';
import type { StudyService } from '../study/service.js';
import { PipelineStudyService } from '../study/study-service.js';
import { openBoss } from './boss.js';
import { runDistributed } from './coordinator.js';
import { DEFAULT_BLOCK_DRAWS } from './kinds.js';
import { requirePostgres } from './seed.js';

export interface QueuedStart {
  /** One study's precomputation as queued jobs (StudyComputeQueue's compute); other services compute in process. */
  compute(svc: StudyService, onProgress?: (e: ProgressEvent) => void): Promise<void>;
  /** Stops the queue's client (jobs already sent stay queued for the workers). */
  stop(): Promise<void>;
}

/**
 * `start --distributed`: each served study's precompute enqueues its missing artifacts as jobs for `worker`
 * processes (coordinator.ts) instead of computing them in this process, on the study's own engine, so the API's
 * `progress` and the progress page show the jobs as they are queued, taken by a worker and finished, and a job's
 * domain error as the study's error. The server listens meanwhile; requests for a missing artifact still compute
 * it here, single flight with the workers through the store's key locks.
 */
export async function queueStudies(config: Config, opts: { jobTimeoutSeconds?: number; blockDraws?: number } = {}): Promise<QueuedStart> {
  const url = requirePostgres(config, 'start --distributed');
  const timeout = opts.jobTimeoutSeconds ?? 1800;
  const boss = await openBoss(url, { supervise: true, maintenanceSeconds: Math.max(1, Math.min(60, Math.round(timeout / 4))) });
  const blockDraws = opts.blockDraws ?? DEFAULT_BLOCK_DRAWS;
  const compute = async (svc: StudyService, onProgress?: (e: ProgressEvent) => void): Promise<void> => {
    if (!(svc instanceof PipelineStudyService)) return svc.precompute(onProgress);
    const off = onProgress ? svc.engine.tracker.subscribe(onProgress) : () => {};
    try {
      await runDistributed(svc.engine, boss, stagesOf(svc.pipeline), {
        study: svc.pipeline.study.id, ...(config.network ? { network: config.network } : {}), jobTimeoutSeconds: timeout,
        splits: pipelineSplits(svc.pipeline, svc.deps, { blockDraws }), blockDraws,
      });
    } finally {
      off();
      await svc.deps.release();
    }
  };
  return { compute, stop: () => boss.stop({ graceful: false, wait: true }).catch(() => {}) };
}
