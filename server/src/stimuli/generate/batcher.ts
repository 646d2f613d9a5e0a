import { DomainError } from '../../core/errors.js';
import { matrix } from '../../core/matrix.js';
import { hasLanes } from '../../networks/workers/pool.js';
import type { ClassProbabilities, GradientObjective, ImageBatch, InputGradient, Network } from '../../networks/types.js';

/** Most images one lane receives in one forward call (224 px MobileNetV2, batch 32: about 0.4 GiB of worker RSS). */
const MAX_BATCH = 32;

/**
 * Most images in one input-gradient call. The backward pass keeps every intermediate of the batch, and a worker's
 * WebAssembly heap never shrinks, so the largest gradient batch sets the worker's memory for the rest of the run
 * (issue 14, peak RSS): measured on mobilenet_v2_qat (224 px, one worker), batch 1 / 2 / 4 / 8-20 hold 0.39 /
 * 0.58 / 0.98 / 1.77 GiB. Batch 16 costs about 17 % less CPU per image than batch 2 (96 vs 115 ms, same process),
 * which 2 workers x 1.2 GiB is not worth under the 3 GiB goal.
 */
const MAX_GRADIENT_BATCH = 2;

type Request =
  | { readonly method: 'classify'; readonly image: Float32Array; readonly resolve: (r: { probs: Float32Array }) => void; readonly reject: (e: Error) => void }
  | {
    readonly method: 'inputGradient'; readonly objective: GradientObjective; readonly image: Float32Array; readonly target: number;
    readonly resolve: (r: { grad: Float32Array; probs: Float32Array }) => void; readonly reject: (e: Error) => void;
  };

/**
 * A `Network` for many concurrent callers with few images each (the per-image chains of the generators, issue 14):
 * every image of every call becomes one request; whenever a lane (one worker of the pool, networks/workers) is
 * free, it takes its share of the queued requests of one kind (method and objective), ceil(queued / free lanes),
 * as one batch. So no worker waits for a batch barrier while others work, and a step's images are still batched.
 *
 * Exact: a network's per-image output does not depend on the other images of its batch (checked by
 * tests/unit/stimuli/batcher.test.ts), and each chain's own order of operations is unchanged, so generated images
 * are the same bits as with one batch per step. Dispatch waits one macrotask (setImmediate) after a request
 * arrives, so the chains woken by one finished batch all queue before the next batch is formed.
 */
export class BatchingNetwork implements Network {
  readonly spec: Network['spec'];
  readonly backend: string;
  private readonly queue: Request[] = [];
  private readonly free: Network[];
  private scheduled = false;
  private busy = 0;

  constructor(net: Network) {
    this.spec = net.spec;
    this.backend = net.backend;
    this.free = [...(hasLanes(net) ? net.lanes() : [net])];
  }

  /** Number of lanes (workers) requests are spread over. */
  get lanes(): number {
    return this.free.length + this.busy;
  }

  async classify(batch: ImageBatch): Promise<ClassProbabilities> {
    const parts = await Promise.all(images(batch).map((image) => new Promise<{ probs: Float32Array }>((resolve, reject) => this.push({ method: 'classify', image, resolve, reject }))));
    return { probs: stack(parts.map((p) => p.probs), 1000) };
  }

  async inputGradient(batch: ImageBatch, classes: Int32Array, objective: GradientObjective): Promise<InputGradient> {
    if (classes.length !== batch.n) throw new DomainError('SHAPE_MISMATCH', `${classes.length} classes for ${batch.n} images`);
    const parts = await Promise.all(images(batch).map((image, i) => new Promise<{ grad: Float32Array; probs: Float32Array }>((resolve, reject) => {
      this.push({ method: 'inputGradient', objective, image, target: classes[i]!, resolve, reject });
    })));
    return { grad: stack(parts.map((p) => p.grad), batch.height * batch.width * 3).data, probs: stack(parts.map((p) => p.probs), 1000) };
  }

  activations(): Promise<never> {
    return Promise.reject(new DomainError('COMPUTE_FAILED', 'BatchingNetwork serves classify and inputGradient only (generation)'));
  }

  /** The lanes belong to the wrapped network: its owner disposes it. */
  async dispose(): Promise<void> {}

  private push(r: Request): void {
    this.queue.push(r);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.free.length > 0) {
      const head = this.queue[0]!;
      const same = (r: Request): boolean => r.method === head.method && (r.method === 'classify' || r.objective === (head as typeof r).objective);
      const count = this.queue.reduce((c, r) => c + (same(r) ? 1 : 0), 0);
      const take = Math.min(head.method === 'classify' ? MAX_BATCH : MAX_GRADIENT_BATCH, Math.ceil(count / this.free.length));
      const batch: Request[] = [];
      for (let i = 0; i < this.queue.length && batch.length < take;) {
        if (same(this.queue[i]!)) batch.push(...this.queue.splice(i, 1));
        else i++;
      }
      const lane = this.free.pop()!;
      this.busy++;
      void this.run(lane, batch).finally(() => {
        this.busy--;
        this.free.push(lane);
        this.dispatch();
      });
    }
  }

  private async run(lane: Network, batch: readonly Request[]): Promise<void> {
    const height = this.spec.inputSize;
    const width = height;
    const per = height * width * 3;
    const data = new Float32Array(batch.length * per);
    batch.forEach((r, i) => data.set(r.image, i * per));
    const input = { n: batch.length, height, width, data };
    try {
      const head = batch[0]!;
      if (head.method === 'classify') {
        const { probs } = await lane.classify(input);
        batch.forEach((r, i) => (r as Extract<Request, { method: 'classify' }>).resolve({ probs: rowOf(probs.data, i, probs.cols) }));
      } else {
        const targets = Int32Array.from(batch, (r) => (r as Extract<Request, { method: 'inputGradient' }>).target);
        const { grad, probs } = await lane.inputGradient(input, targets, head.objective);
        batch.forEach((r, i) => (r as Extract<Request, { method: 'inputGradient' }>).resolve({ grad: rowOf(grad, i, per), probs: rowOf(probs.data, i, probs.cols) }));
      }
    } catch (e) {
      for (const r of batch) r.reject(e as Error);
    }
  }
}

function images(batch: ImageBatch): Float32Array[] {
  const per = batch.height * batch.width * 3;
  if (batch.data.length !== batch.n * per) throw new DomainError('SHAPE_MISMATCH', `bad image batch: ${batch.n} x ${batch.height} x ${batch.width} x 3 with ${batch.data.length} values`);
  return Array.from({ length: batch.n }, (_, i) => batch.data.subarray(i * per, (i + 1) * per));
}

function rowOf(data: Float32Array, i: number, cols: number): Float32Array {
  return data.slice(i * cols, (i + 1) * cols);
}

function stack(rows: readonly Float32Array[], cols: number) {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => out.set(r, i * cols));
  return matrix(rows.length, cols, out);
}
