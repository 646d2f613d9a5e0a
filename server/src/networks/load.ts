import { compiledUrl, NetworkPool } from './workers/pool.js';
import type { Config } from '../config/config.js';
import { createLocalNetwork } from './local.js';
import { networkEntry } from './registry.js';
import type { Network, NetworkRef } from './types.js';

export interface LoadOptions {
  /** Run in a worker pool of config.workers threads (default: when config.workers > 1). */
  readonly pool?: boolean;
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

/**
 * The one way the rest of the project gets a network: in this thread, or as a pool of worker threads (one network
 * copy per core) behind the same `Network` interface. Unknown names fail here, before any worker starts.
 */
export async function loadNetwork(config: Pick<Config, 'modelsDir' | 'backend' | 'workers'>, ref: NetworkRef, opts: LoadOptions = {}): Promise<Network> {
  networkEntry(ref.name);
  const usePool = opts.pool ?? config.workers > 1;
  if (!usePool) {
    return createLocalNetwork({ ref, modelsDir: config.modelsDir, backend: config.backend, batchSize: opts.batchSize, log: opts.log });
  }
  const pool = await NetworkPool.start(
    { module: compiledUrl(import.meta.url, './local.js'), ref, modelsDir: config.modelsDir, backend: config.backend, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) },
    config.workers,
  );
  opts.log?.(`tfjs backend: ${pool.backend} in ${pool.size} worker threads`);
  return pool;
}
