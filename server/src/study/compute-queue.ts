import type { ProgressEvent } from '../core/progress.js';
import type { StudyService } from './service.js';

/**
 * Where a served study's precomputation stands: waiting for the ones before it ('queued'), running, finished,
 * failed, or not done up front at all ('on_demand': --no-precompute, results are computed when asked for).
 */
export type ComputePhase = 'queued' | 'computing' | 'computed' | 'failed' | 'on_demand';

export interface ComputeStatus {
  readonly phase: ComputePhase;
  readonly error: string | null;
}

export interface ComputeRun {
  /** Settles when the first (default) study is computed; rejects when it fails. */
  readonly first: Promise<void>;
  /** Resolves when every study is computed or failed (never rejects), with each one's status in order. */
  readonly all: Promise<readonly ComputeStatus[]>;
}

/**
 * The served studies' precomputation, one after another in serving order (issue 11, item 3): `start` listens
 * first, then computes the default study, then each further one in the background while the server already
 * answers the studies computed so far. One at a time because each computation uses every core (network worker
 * pool, similarity draws); a request for a study still queued computes what it asks for on demand (single flight,
 * shared with the later precomputation) and its progress is `study(id:) { progress }` meanwhile.
 */
/** How one study's precomputation runs. */
export type StudyCompute = (study: StudyService, onProgress?: (e: ProgressEvent) => void) => Promise<void>;

export class StudyComputeQueue {
  private readonly statuses: { phase: ComputePhase; error: string | null }[];

  /**
   * `compute` runs one study's precomputation (default: its own `precompute`, in this process); `start
   * --distributed` gives the queue's (queue/start.ts), which sends the study's jobs to workers instead.
   */
  constructor(
    private readonly studies: readonly StudyService[], precompute: boolean,
    private readonly compute: StudyCompute = (study, onProgress) => study.precompute(onProgress),
  ) {
    this.statuses = studies.map(() => ({ phase: precompute ? 'queued' : 'on_demand', error: null }));
  }

  /** The status of `study` (one of those given), or undefined for another. */
  status(study: StudyService): ComputeStatus | undefined {
    const i = this.studies.indexOf(study);
    return i < 0 ? undefined : { ...this.statuses[i]! };
  }

  /**
   * Computes every queued study in order. `bars` gives the progress callback for one study's run and a stop for
   * it; `done` is told of each study's end (its index, and the error when it failed).
   */
  run(o: { bars?: () => { progress: (e: ProgressEvent) => void; stop(): void }; done?: (index: number, error?: unknown) => void } = {}): ComputeRun {
    let resolveFirst!: () => void;
    let rejectFirst!: (e: unknown) => void;
    const first = new Promise<void>((res, rej) => { resolveFirst = res; rejectFirst = rej; });
    const all = (async () => {
      for (const [i, study] of this.studies.entries()) {
        const st = this.statuses[i]!;
        if (st.phase !== 'queued') continue;
        st.phase = 'computing';
        const bars = o.bars?.();
        try {
          await this.compute(study, bars?.progress);
          st.phase = 'computed';
          o.done?.(i);
          if (i === 0) resolveFirst();
        } catch (e) {
          st.phase = 'failed';
          st.error = e instanceof Error ? e.message : String(e);
          o.done?.(i, e);
          if (i === 0) rejectFirst(e);
        } finally {
          bars?.stop();
        }
      }
      resolveFirst(); // nothing was queued (on demand): the default is as ready as it gets
      return this.statuses.map((s) => ({ ...s }));
    })();
    return { first, all };
  }
}
