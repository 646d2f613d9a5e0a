import type { ProgressEvent, ProgressFn } from '../core/progress.js';
import type { StudyProgress } from './service.js';

interface NodeState {
  readonly kind: string;
  readonly label: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  detail: string | undefined;
}

/**
 * Progress of a study's computation, per stage kind (one bar each): what the CLI draws and what the API
 * snapshots. A kind with a single node in the plan shows that node's own units (e.g. 80 images); a kind with
 * several nodes (one per layer, per subject) shows nodes done out of nodes planned, with the running node's units
 * as detail. Artifacts found in the store count as done at once.
 */
export class ProgressTracker {
  private readonly nodes = new Map<string, NodeState>();
  private readonly listeners = new Set<ProgressFn>();
  private running = 0;
  private active = 0;
  private error: string | null = null;

  /** Marks a whole run (e.g. precompute) as started or ended; the snapshot says 'running' meanwhile. */
  begin(): void {
    this.active++;
    this.error = null;
  }

  end(): void {
    this.active = Math.max(0, this.active - 1);
  }

  /** Adds planned nodes (by key) so that totals are known before work starts. */
  plan(nodes: readonly { key: string; kind: string; label: string }[]): void {
    for (const n of nodes) this.node(n.key, n.kind, n.label);
  }

  subscribe(fn: ProgressFn): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  cached(key: string, kind: string, label: string): void {
    const n = this.node(key, kind, label);
    if (n.state !== 'done') {
      n.state = 'done';
      n.done = n.total;
      this.emit(kind);
    }
  }

  started(key: string, kind: string, label: string): void {
    const n = this.node(key, kind, label);
    n.state = 'running';
    this.running++;
    this.emit(kind);
  }

  units(key: string, done: number, total: number, detail?: string): void {
    const n = this.nodes.get(key);
    if (!n) return;
    n.done = Math.max(0, Math.min(done, total));
    n.total = Math.max(1, total);
    n.detail = detail;
    this.emit(n.kind);
  }

  finished(key: string): void {
    const n = this.nodes.get(key);
    if (!n) return;
    if (n.state === 'running') this.running--;
    n.state = 'done';
    n.done = n.total;
    n.detail = undefined;
    this.emit(n.kind);
  }

  failed(key: string, error: unknown): void {
    const n = this.nodes.get(key);
    if (n?.state === 'running') this.running--;
    if (n) n.state = 'failed';
    this.error = `${n?.label ?? key}: ${error instanceof Error ? error.message : String(error)}`;
    if (n) this.emit(n.kind);
  }

  /** One event per kind, in the order kinds were first seen. */
  events(): ProgressEvent[] {
    const kinds = [...new Set([...this.nodes.values()].map((n) => n.kind))];
    return kinds.map((k) => this.event(k));
  }

  snapshot(): StudyProgress {
    const all = [...this.nodes.values()];
    const state: StudyProgress['state'] = this.error !== null ? 'failed'
      : this.running > 0 || this.active > 0 ? 'running'
      : all.length > 0 && all.every((n) => n.state === 'done') ? 'done' : 'idle';
    return { state, stages: this.events(), error: this.error };
  }

  private node(key: string, kind: string, label: string): NodeState {
    let n = this.nodes.get(key);
    if (!n) {
      n = { kind, label, state: 'pending', done: 0, total: 1, detail: undefined };
      this.nodes.set(key, n);
    }
    return n;
  }

  private event(kind: string): ProgressEvent {
    const ns = [...this.nodes.values()].filter((n) => n.kind === kind);
    if (ns.length === 1) {
      const n = ns[0]!;
      return { stage: kind, done: n.done, total: n.total, ...(n.detail !== undefined ? { detail: n.detail } : {}) };
    }
    const done = ns.filter((n) => n.state === 'done').length;
    const run = ns.find((n) => n.state === 'running');
    let detail = run ? `${run.label} ${run.done}/${run.total}${run.detail ? ` ${run.detail}` : ''}` : undefined;
    // A distributed run (queue/coordinator.ts) has several nodes running at once and others queued for workers.
    const running = ns.filter((n) => n.state === 'running').length;
    const queued = ns.filter((n) => n.state === 'pending' && n.detail === 'queued').length;
    const more = [running > 1 ? `${running - 1} more running` : '', queued > 0 ? `${queued} queued` : ''].filter(Boolean).join(', ');
    if (more) detail = detail ? `${detail}; ${more}` : more;
    return { stage: kind, done, total: ns.length, ...(detail !== undefined ? { detail } : {}) };
  }

  private emit(kind: string): void {
    if (this.listeners.size === 0) return;
    const e = this.event(kind);
    for (const fn of this.listeners) fn(e);
  }
}
