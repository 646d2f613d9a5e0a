import type { BackendPreference } from '../../config/config.js';
import type { ErrorCode } from '../../core/errors.js';
import type { GradientObjective, NetworkRef, NetworkSpec } from '../types.js';

/** Messages between the pool (main thread) and its workers. Arrays travel as transferred Float32Array buffers. */
export interface WorkerInit {
  /** file:// URL of a compiled module exporting `createLocalNetwork(opts)` (networks/local.js). */
  readonly module: string;
  readonly ref: NetworkRef;
  readonly modelsDir: string;
  readonly backend: BackendPreference;
  readonly batchSize?: number;
}

export type WorkerRequest =
  | { readonly id: number; readonly method: 'classify'; readonly n: number; readonly size: number; readonly data: Float32Array }
  | { readonly id: number; readonly method: 'activations'; readonly n: number; readonly size: number; readonly data: Float32Array; readonly layers: readonly string[] }
  | { readonly id: number; readonly method: 'inputGradient'; readonly n: number; readonly size: number; readonly data: Float32Array; readonly classes: Int32Array; readonly objective: GradientObjective }
  | { readonly id: number; readonly method: 'dispose' };

export interface WireError {
  readonly code: ErrorCode | undefined;
  readonly message: string;
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly spec: NetworkSpec; readonly backend: string }
  | { readonly type: 'failed'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly arrays: Record<string, Float32Array> }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };
