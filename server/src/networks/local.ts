import type { BackendPreference } from '../config/config.js';
import { initBackend } from '../compute/backend.js';
import { buildGraph } from './registry.js';
import { TfNetwork } from './runner.js';
import type { Network, NetworkRef } from './types.js';

export interface LocalNetworkOptions {
  readonly ref: NetworkRef;
  readonly modelsDir: string;
  readonly backend: BackendPreference;
  /** Images per tfjs call (default 8). */
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
}

/**
 * A network in this thread: initialises the tfjs backend (once per thread), builds the graph, wraps it.
 * Also the entry the compute workers import (networks/workers/worker.ts loads this module by URL).
 */
export async function createLocalNetwork(opts: LocalNetworkOptions): Promise<Network> {
  const backend = await initBackend(opts.backend, opts.log);
  const graph = await buildGraph(opts.ref, opts.modelsDir);
  return new TfNetwork(graph, backend, opts.batchSize);
}
