/**
 * Progress of long work: a stage name, units done and units in all. The CLI draws bars from it, the API exposes
 * it as a field. Reporters must be cheap: producers call them once per unit of work.
 */
export interface ProgressEvent {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  readonly detail?: string;
}

export type ProgressFn = (event: ProgressEvent) => void;

export const noProgress: ProgressFn = () => {};

/** Calls `fn` at most every `ms` milliseconds, and always for the last unit. */
export function throttled(fn: ProgressFn, ms = 100): ProgressFn {
  let last = 0;
  return (e) => {
    const now = Date.now();
    if (e.done >= e.total || now - last >= ms) {
      last = now;
      fn(e);
    }
  };
}
