import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendPreference } from '../config/config.js';
import { DomainError } from '../core/errors.js';

/**
 * The tfjs backend, chosen once per process (or worker thread) at start-up and never switched afterwards
 * (house style 3). Order for 'auto': tfjs-node-gpu, tfjs-node (each only when its native binding imports, i.e. on
 * a machine where libtensorflow was installed), then WebAssembly with SIMD, then the plain CPU backend.
 * The name returned is what provenance records carry.
 */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

type Loader = () => Promise<string>;

/** Each loader imports and registers its backend and returns the tfjs backend name to activate. */
const LOADERS = {
  'tensorflow-gpu': async () => {
    await quietly(() => import('@tensorflow/tfjs-node-gpu' as string));
    return 'tensorflow';
  },
  tensorflow: async () => {
    await quietly(() => import('@tensorflow/tfjs-node' as string));
    return 'tensorflow';
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from disk beside the package's main file (dist/).
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': join(dist, 'tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': join(dist, 'tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': join(dist, 'tfjs-backend-wasm-threaded-simd.wasm'),
    });
    return 'wasm';
  },
  cpu: async () => 'cpu',
} satisfies Record<BackendName, Loader>;

/**
 * A failed tfjs-node import has already registered some kernels; a second attempt then prints one "already
 * registered" warning per kernel. Those warnings say nothing useful, so they are muted during the attempt.
 */
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await f();
  } finally {
    console.warn = warn;
  }
}

let chosen: Promise<BackendName> | undefined;
let chosenFor: BackendPreference | undefined;

/**
 * Initialises the backend for this process/thread and returns its name. Later calls return the first choice
 * (a different preference afterwards is refused rather than silently ignored).
 */
export function initBackend(preference: BackendPreference = 'auto', log: (line: string) => void = () => {}): Promise<BackendName> {
  if (chosen) {
    if (preference !== chosenFor && preference !== 'auto') {
      return chosen.then((name) => {
        if (name !== preference) throw new DomainError('BAD_USER_INPUT', `backend already initialised as '${name}'; cannot switch to '${preference}'`);
        return name;
      });
    }
    return chosen;
  }
  chosenFor = preference;
  chosen = choose(preference, log);
  return chosen;
}

async function choose(preference: BackendPreference, log: (line: string) => void): Promise<BackendName> {
  const order: readonly BackendName[] = preference === 'auto' ? BACKEND_NAMES : [preference];
  const failures: string[] = [];
  for (const name of order) {
    try {
      const tfName = await LOADERS[name]();
      if (!(await tf.setBackend(tfName))) throw new Error(`tf.setBackend('${tfName}') returned false`);
      await tf.ready();
      log(`tfjs backend: ${name}${failures.length ? ` (unavailable: ${failures.join('; ')})` : ''}`);
      return name;
    } catch (e) {
      failures.push(`${name}: ${firstLine(e)}`);
    }
  }
  throw new DomainError('COMPUTE_FAILED', `no tfjs backend could be initialised: ${failures.join('; ')}`);
}

function firstLine(e: unknown): string {
  const msg = String(e instanceof Error ? e.message : e);
  if (msg.includes('native addon')) return 'native binding not installed';
  return msg.split('\n')[0]!.slice(0, 160);
}

/** The backend chosen so far, or undefined before initBackend. */
export async function currentBackend(): Promise<BackendName | undefined> {
  return chosen;
}
