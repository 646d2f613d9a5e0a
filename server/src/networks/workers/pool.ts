import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../../config/config.js';
import { DomainError } from '../../core/errors.js';
import { matrix, type Matrix } from '../../core/matrix.js';
import type { ClassProbabilities, GradientObjective, ImageBatch, InputGradient, Network, NetworkSpec } from '../types.js';
import type { WireError, WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

/**
 * The compiled (dist/) file of a module, as a file:// URL. Workers run plain JavaScript, so under vitest (which
 * runs the .ts sources) they use the build that `npm test` makes first.
 */
export function compiledUrl(metaUrl: string, sibling: string): string {
  const here = fileURLToPath(new URL(sibling, metaUrl));
  if (!metaUrl.endsWith('.ts')) return pathToFileURL(here).href;
  const js = join(PROJECT_ROOT, 'dist', relative(PROJECT_ROOT, here)).replace(/\.ts$/, '.js');
  if (!existsSync(js)) throw new DomainError('COMPUTE_FAILED', `compiled worker module ${js} not found; run \`npm run build\` first`);
  return pathToFileURL(js).href;
}

type Pending = { resolve: (a: Record<string, Float32Array>) => void; reject: (e: Error) => void };

class WorkerHandle {
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  constructor(readonly worker: Worker) {
    worker.on('message', (m: WorkerReply) => {
      if (m.type !== 'result' && m.type !== 'error') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'result') p?.resolve(m.arrays);
      else p?.reject(fromWire(m.error));
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new DomainError('COMPUTE_FAILED', `compute worker exited (code ${code})`)));
  }
  call(req: Omit<WorkerRequest, 'id'>, transfer: ArrayBuffer[]): Promise<Record<string, Float32Array>> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }
  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

function fromWire(e: WireError): Error {
  return e.code ? new DomainError(e.code, e.message) : new DomainError('COMPUTE_FAILED', `compute worker failed: ${e.message}`);
}

/**
 * A network that can be driven one worker at a time: `lanes()` gives one `Network` per worker thread, so a caller
 * with many independent small requests (the per-image chains of stimuli/generate) can keep every worker busy
 * without a barrier per batch. A lane's `dispose` leaves its worker to the pool.
 */
export interface LaneNetwork extends Network {
  lanes(): readonly Network[];
}

export function hasLanes(net: Network): net is LaneNetwork {
  return typeof (net as Partial<LaneNetwork>).lanes === 'function';
}

/**
 * `Network` over a pool of worker threads, one network copy each: a batch is split into contiguous slices, one
 * per worker, and the results are stitched back in order. Same contract as the in-process TfNetwork.
 */
export class NetworkPool implements LaneNetwork {
  private constructor(private readonly handles: WorkerHandle[], readonly spec: NetworkSpec, readonly backend: string, private readonly owned = true) {}

  static async start(init: WorkerInit, workers: number): Promise<NetworkPool> {
    const script = compiledUrl(import.meta.url, './worker.js');
    const started = Array.from({ length: Math.max(1, workers) }, () => new Worker(new URL(script), { workerData: init }));
    const ready = await Promise.allSettled(started.map((w) => new Promise<{ spec: NetworkSpec; backend: string }>((resolve, reject) => {
      w.once('message', (m: WorkerReply) => {
        if (m.type === 'ready') resolve({ spec: m.spec, backend: m.backend });
        else if (m.type === 'failed') reject(fromWire(m.error));
      });
      w.once('error', reject);
    })));
    const failed = ready.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((w) => w.terminate()));
      throw (failed as PromiseRejectedResult).reason;
    }
    const first = (ready[0] as PromiseFulfilledResult<{ spec: NetworkSpec; backend: string }>).value;
    return new NetworkPool(started.map((w) => new WorkerHandle(w)), first.spec, first.backend);
  }

  get size(): number {
    return this.handles.length;
  }

  /** One view per worker (each sends its whole batch to that worker); disposing a view does nothing. */
  lanes(): readonly Network[] {
    return this.handles.map((h) => new NetworkPool([h], this.spec, this.backend, false));
  }

  async classify(batch: ImageBatch): Promise<ClassProbabilities> {
    const parts = await this.scatter(batch, (data, n, _start) => ({ method: 'classify', n, size: batch.height, data }));
    return { probs: stitch(parts, 'probs', batch.n, 1000) };
  }

  async activations(batch: ImageBatch, layers: readonly string[]): Promise<Record<string, Matrix<Float32Array>>> {
    const parts = await this.scatter(batch, (data, n) => ({ method: 'activations', n, size: batch.height, data, layers: [...layers] }));
    const out: Record<string, Matrix<Float32Array>> = {};
    for (const layer of layers) {
      const units = parts.length ? parts[0]!.arrays[layer]!.length / parts[0]!.n : 0;
      out[layer] = stitch(parts, layer, batch.n, units);
    }
    return out;
  }

  async inputGradient(batch: ImageBatch, classes: Int32Array, objective: GradientObjective): Promise<InputGradient> {
    if (classes.length !== batch.n) throw new DomainError('SHAPE_MISMATCH', `${classes.length} classes for ${batch.n} images`);
    const parts = await this.scatter(batch, (data, n, start) => ({
      method: 'inputGradient', n, size: batch.height, data, classes: classes.slice(start, start + n), objective,
    }));
    const per = batch.height * batch.width * 3;
    return { grad: stitch(parts, 'grad', batch.n, per).data, probs: stitch(parts, 'probs', batch.n, 1000) };
  }

  async dispose(): Promise<void> {
    if (!this.owned) return;
    await Promise.all(this.handles.map(async (h) => {
      try {
        await h.call({ method: 'dispose' }, []);
      } finally {
        await h.worker.terminate();
      }
    }));
  }

  /** Sends contiguous slices of the batch to the workers (copies, transferred) and awaits every reply. */
  private async scatter(batch: ImageBatch, req: (data: Float32Array, n: number, start: number) => Omit<WorkerRequest, 'id'>) {
    if (batch.height !== batch.width || batch.data.length !== batch.n * batch.height * batch.width * 3) {
      throw new DomainError('SHAPE_MISMATCH', `bad image batch: ${batch.n} x ${batch.height} x ${batch.width} x 3 with ${batch.data.length} values`);
    }
    const per = batch.height * batch.width * 3;
    const k = Math.min(this.handles.length, batch.n);
    const size = Math.ceil(batch.n / Math.max(k, 1));
    const jobs: Promise<{ n: number; arrays: Record<string, Float32Array> }>[] = [];
    for (let w = 0, start = 0; start < batch.n; w++, start += size) {
      const n = Math.min(size, batch.n - start);
      const data = batch.data.slice(start * per, (start + n) * per);
      jobs.push(this.handles[w]!.call(req(data, n, start), [data.buffer as ArrayBuffer]).then((arrays) => ({ n, arrays })));
    }
    return Promise.all(jobs);
  }
}

function stitch(parts: { n: number; arrays: Record<string, Float32Array> }[], key: string, rows: number, cols: number): Matrix<Float32Array> {
  const out = new Float32Array(rows * cols);
  let at = 0;
  for (const p of parts) {
    out.set(p.arrays[key]!, at);
    at += p.n * cols;
  }
  return matrix(rows, cols, out);
}
