import { DomainError } from '../core/errors.js';

/**
 * Which worker takes which job: stages that run the network (generation, classification, activations) go to
 * workers that advertise `network` (a machine with tfjs-node-gpu, say), every other stage to `analysis` workers
 * (CPU only: RDMs, similarity draws, encoding models, the brain simulator). One pg-boss queue per worker kind.
 */
export const WORKER_KINDS = ['network', 'analysis'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/** Stage kinds (stage.ts `kind`) that load and run the network. */
const NETWORK_STAGES: ReadonlySet<string> = new Set(['network.spec', 'stimuli.generated', 'classifications', 'activations']);

/** The queue of each worker kind (pg-boss queue names allow letters, digits and underscores). */
export const QUEUES = { network: 'arsa_network', analysis: 'arsa_analysis' } as const satisfies Record<WorkerKind, string>;

export function workerKindOf(stageKind: string): WorkerKind {
  return NETWORK_STAGES.has(stageKind) ? 'network' : 'analysis';
}

/** Parses `--kinds network,analysis` (default: both), refusing unknown words with the valid ones. */
export function parseWorkerKinds(raw: unknown): WorkerKind[] {
  if (raw === undefined) return [...WORKER_KINDS];
  const words = String(raw).split(',').map((w) => w.trim()).filter(Boolean);
  const out = new Set<WorkerKind>();
  for (const w of words) {
    if (!(WORKER_KINDS as readonly string[]).includes(w)) throw new DomainError('BAD_USER_INPUT', `unknown worker kind '${w}'; valid: ${WORKER_KINDS.join(', ')}`);
    out.add(w as WorkerKind);
  }
  if (out.size === 0) throw new DomainError('BAD_USER_INPUT', `--kinds names no kind; valid: ${WORKER_KINDS.join(', ')}`);
  return [...out];
}

/** What a job carries: enough for any worker with the same checkout and data to find the stage by its key. */
export interface StageJob {
  readonly study: string;
  readonly network?: string;
  readonly key: string;
  readonly kind: string;
  readonly label: string;
  /** Draws per similarity block of the run (split-stages.ts), when it splits large stages. */
  readonly blockDraws?: number;
  /** The job merges the stage's blocks (stored by earlier jobs) instead of computing it whole. */
  readonly merge?: boolean;
}

/** Draws per similarity block of a distributed run: the paper's 1000 draws make 4 jobs per layer. */
export const DEFAULT_BLOCK_DRAWS = 250;

/** What a worker stores as a job's output: the artifact's key, or the domain error that stopped it. */
export type JobOutput =
  | { readonly ok: true; readonly key: string; readonly computed: boolean; readonly worker: string }
  | { readonly ok: false; readonly key?: string; readonly code: string; readonly message: string; readonly worker: string };
