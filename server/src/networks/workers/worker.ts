import { parentPort, workerData } from 'node:worker_threads';
import { isDomainError } from '../../core/errors.js';
import type { Network } from '../types.js';
import type { WireError, WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

/**
 * A compute worker: one network copy on its own tfjs backend (the wasm backend is single-threaded in Node, so
 * the pool runs one of these per core). The network module is imported by URL so that the pool
 * stays independent of which network implementation runs (networks/local.ts by default).
 */
const init = workerData as WorkerInit;
const port = parentPort!;

function wire(e: unknown): WireError {
  if (isDomainError(e)) return { code: e.code, message: e.message };
  return { code: undefined, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
}

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

let net: Network;
try {
  const mod = (await import(init.module)) as { createLocalNetwork(o: unknown): Promise<Network> };
  net = await mod.createLocalNetwork({ ref: init.ref, modelsDir: init.modelsDir, backend: init.backend, batchSize: init.batchSize });
  send({ type: 'ready', spec: net.spec, backend: net.backend });
} catch (e) {
  send({ type: 'failed', error: wire(e) });
  process.exit(0);
}

port.on('message', async (req: WorkerRequest) => {
  try {
    if (req.method === 'dispose') {
      await net.dispose();
      send({ type: 'result', id: req.id, arrays: {} });
      return;
    }
    const batch = { n: req.n, height: req.size, width: req.size, data: req.data };
    let arrays: Record<string, Float32Array>;
    if (req.method === 'classify') {
      arrays = { probs: (await net.classify(batch)).probs.data };
    } else if (req.method === 'activations') {
      const acts = await net.activations(batch, req.layers);
      arrays = Object.fromEntries(Object.entries(acts).map(([k, m]) => [k, m.data]));
    } else {
      const g = await net.inputGradient(batch, req.classes, req.objective);
      arrays = { grad: g.grad, probs: g.probs.data };
    }
    send({ type: 'result', id: req.id, arrays }, Object.values(arrays).map((a) => a.buffer as ArrayBuffer));
  } catch (e) {
    send({ type: 'error', id: req.id, error: wire(e) });
  }
});
