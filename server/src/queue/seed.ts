import type { Config } from '../config/config.js';
import { DomainError, isDomainError } from '../core/errors.js';
import type { ProgressEvent } from '../core/progress.js';
import { stagesOf, type StageGroup } from '../study/pipeline/graph.js';
import { createStudyService } from '../study/study-service.js';
import { isPostgresUrl, redact } from '../store/postgres.js';
import type { ArtifactStore } from '../store/types.js';
import { pipelineSplits } from '../study/pipeline/split-stages.js';
import { openBoss } from './boss.js';
import { DEFAULT_BLOCK_DRAWS } from './kinds.js';
import { runDistributed, type DistributedOptions } from './coordinator.js';

/** The store of a distributed run must be PostgreSQL: the queue lives on the same server. */
export function requirePostgres(config: Pick<Config, 'storePath'>, what: string): string {
  if (!isPostgresUrl(config.storePath)) {
    throw new DomainError('BAD_USER_INPUT', `${what} needs a PostgreSQL store (--store postgres://user@host:port/db or ARSA_STORE), got '${config.storePath}'`);
  }
  return config.storePath;
}

/**
 * `seed --distributed`: builds the study's graph here (reading or computing its network spec, which lists the
 * layers), then has the workers compute what the store lacks, job by job (coordinator.ts).
 */
export async function seedDistributed(config: Config, store: ArtifactStore, only: readonly StageGroup[] | undefined, onProgress: (e: ProgressEvent) => void,
  opts: Pick<DistributedOptions, 'jobTimeoutSeconds' | 'retryLimit' | 'pollMs' | 'blockDraws'> & { maintenanceSeconds?: number } = {}): Promise<{ computed: number; cached: number }> {
  const url = requirePostgres(config, 'seed --distributed');
  const svc = await createStudyService(config, { store });
  const timeout = opts.jobTimeoutSeconds ?? 1800;
  // Expired jobs are taken back at maintenance: run it often enough that a killed worker costs about the timeout.
  const boss = await openBoss(url, { supervise: true, maintenanceSeconds: opts.maintenanceSeconds ?? Math.max(1, Math.min(60, Math.round(timeout / 4))) });
  const off = svc.engine.tracker.subscribe(onProgress);
  try {
    const blockDraws = opts.blockDraws ?? DEFAULT_BLOCK_DRAWS;
    return await runDistributed(svc.engine, boss, stagesOf(svc.pipeline, only), {
      study: config.study, ...(config.network ? { network: config.network } : {}), ...opts, jobTimeoutSeconds: timeout,
      splits: pipelineSplits(svc.pipeline, svc.deps, { blockDraws }), blockDraws,
    });
  } catch (e) {
    throw serverGone(e, url);
  } finally {
    off();
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await svc.close();
  }
}

/**
 * The server going away mid-run (a stopped server, a dropped connection) becomes one clear error naming it (no
 * password) and saying how to resume: a job's own failure, a domain error, passes unchanged. The run does not
 * wait for the server itself: what finished is stored, and running the command again once the server is back
 * computes only what is missing (the jobs still queued are taken by the workers or re-sent; both are harmless,
 * a key computed once is only read after).
 */
export function serverGone(e: unknown, url: string): unknown {
  if (isDomainError(e) && !(e.details && 'store' in e.details)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new DomainError('NOT_FOUND', `the PostgreSQL server of the store and queue at ${redact(url)} went away during the run (${message}); `
    + 'the artifacts finished so far are stored: run the same command again once the server is back, it resumes from them', { store: redact(url) });
}

/** Parses `--job-timeout` (seconds, 5 to 86400; default 1800). */
export function jobTimeout(raw: unknown): number {
  if (raw === undefined) return 1800;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 5 || v > 86400) throw new DomainError('BAD_USER_INPUT', `--job-timeout must be an integer number of seconds from 5 to 86400, got '${String(raw)}'`);
  return v;
}

/** Parses `--block-draws` (similarity draws per job, 1 to 100000; default DEFAULT_BLOCK_DRAWS). */
export function blockDraws(raw: unknown): number {
  if (raw === undefined) return DEFAULT_BLOCK_DRAWS;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1 || v > 100000) throw new DomainError('BAD_USER_INPUT', `--block-draws must be an integer from 1 to 100000, got '${String(raw)}'`);
  return v;
}
