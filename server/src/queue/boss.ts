import PgBoss from 'pg-boss';
import { DomainError } from '../core/errors.js';
import { redact } from '../store/postgres.js';
import { QUEUES } from './kinds.js';

export interface BossOptions {
  /** Whether this process expires timed-out jobs (pg-boss maintenance); the seed coordinator does. */
  readonly supervise?: boolean;
  /** How often maintenance runs, seconds (default 60; tests use a few seconds to see retries quickly). */
  readonly maintenanceSeconds?: number;
}

/**
 * pg-boss on the store's PostgreSQL server (its own schema, `pgboss`): one engine to run and back up. pg-boss and
 * not graphile-worker because pg-boss 10 runs on Node 20 (graphile-worker 0.17+ needs Node 22) and lets each job
 * carry its own expiry, so a job whose worker was killed is retried after minutes, not graphile-worker's fixed
 * four hours.
 */
export async function openBoss(url: string, options: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    supervise: options.supervise ?? false,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
    max: 4,
  });
  // pg-boss reports background failures (a dropped connection) as events; without a listener they would throw.
  boss.on('error', (e) => process.stderr.write(`queue: ${e.message}\n`));
  try {
    await boss.start();
    for (const name of Object.values(QUEUES)) {
      // Two processes may create the queue at once; the loser's error is harmless.
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'standard' }).catch(() => {});
    }
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new DomainError('NOT_FOUND', `job queue on PostgreSQL at ${redact(url)} could not start: ${(e as Error).message}`);
  }
  return boss;
}
