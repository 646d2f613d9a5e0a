import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../core/errors.js';

/** Root of the project checkout (…/server/src/config -> …, also from dist/server/src/config). */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    dir = dirname(dir);
  }
  return resolve(start, '..', '..', '..');
}

export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/**
 * The Gram product of the similarity draws: exact WebAssembly SIMD (analysis/kernels/gram-wasm.ts, the default),
 * float64 JS (analysis/gram.ts) or float32 tfjs (compute/gram-tfjs.ts). 'wasm' also runs ROMP's scoring rounds in
 * analysis/kernels/romp-wasm.ts (the same fits as the JS rounds).
 */
export const GRAM_BACKENDS = ['wasm', 'js', 'tfjs'] as const;
export type GramBackend = (typeof GRAM_BACKENDS)[number];

/** The one typed configuration, parsed once at start-up from the environment and CLI flags (flags win). */
export interface Config {
  /** Shared data: holds models/ and imagenet-samples/. Default ../shared beside the checkout. */
  readonly sharedDir: string;
  readonly modelsDir: string;
  readonly imagesDir: string;
  /** Where the store and exports live. Default ./data. */
  readonly dataDir: string;
  /** SQLite file of the artifact store, or a postgres:// URL. Default <dataDir>/store.sqlite. */
  readonly storePath: string;
  /** Study id from seed/ (default zhang2021), or the path of a study file anywhere (ends in .json). */
  readonly study: string;
  /** Network override; when unset the study's network is used. */
  readonly network: string | undefined;
  /** Weights file override (networks that need one: AlexNet); when unset the study's `weights`, if any. */
  readonly weights: string | undefined;
  readonly backend: BackendPreference;
  /** Compute workers (worker_threads); default: number of cores. */
  readonly workers: number;
  /** Gram product of the similarity draws; default js (study/pipeline/domain.ts says why). */
  readonly gram: GramBackend;
  readonly port: number;
  readonly host: string;
  /** Enables the recompute mutation when set. */
  readonly adminToken: string | undefined;
  /** Concurrent connections one client IP may hold open on the server (default 64). */
  readonly maxConnectionsPerIp: number;
}

/** Environment variables read, with the flag that overrides each. */
export const CONFIG_ENV = {
  ARSA_SHARED_DIR: '--shared-dir',
  ARSA_MODELS_DIR: '--models-dir',
  ARSA_IMAGES_DIR: '--images-dir',
  ARSA_DATA_DIR: '--data-dir',
  ARSA_STORE: '--store',
  ARSA_STUDY: '--study',
  ARSA_NETWORK: '--network',
  ARSA_WEIGHTS: '--weights',
  ARSA_BACKEND: '--backend',
  ARSA_WORKERS: '--workers',
  ARSA_GRAM: '--gram',
  PORT: '--port',
  ARSA_HOST: '--host',
  ARSA_ADMIN_TOKEN: '--admin-token',
  ARSA_MAX_CONNECTIONS_PER_IP: '--max-connections-per-ip',
} as const;

export type ConfigFlags = Partial<Record<(typeof CONFIG_ENV)[keyof typeof CONFIG_ENV], string>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const read = (name: keyof typeof CONFIG_ENV): string | undefined => flags[CONFIG_ENV[name]] ?? env[name] ?? undefined;
  const sharedDir = resolve(read('ARSA_SHARED_DIR') ?? join(PROJECT_ROOT, '..', 'shared'));
  const dataDir = resolve(read('ARSA_DATA_DIR') ?? join(PROJECT_ROOT, 'data'));
  const backend = read('ARSA_BACKEND') ?? 'auto';
  if (!(BACKEND_PREFERENCES as readonly string[]).includes(backend)) {
    throw new DomainError('BAD_USER_INPUT', `unknown backend '${backend}'; valid: ${BACKEND_PREFERENCES.join(', ')}`);
  }
  const gram = read('ARSA_GRAM') ?? 'wasm';
  if (!(GRAM_BACKENDS as readonly string[]).includes(gram)) {
    throw new DomainError('BAD_USER_INPUT', `unknown Gram backend '${gram}'; valid: ${GRAM_BACKENDS.join(', ')}`);
  }
  const workers = intFlag('workers', read('ARSA_WORKERS'), Math.max(1, cpus().length), 1, 64);
  const port = intFlag('port', read('PORT'), 4000, 0, 65535);
  return {
    sharedDir,
    modelsDir: resolve(read('ARSA_MODELS_DIR') ?? join(sharedDir, 'models')),
    imagesDir: resolve(read('ARSA_IMAGES_DIR') ?? join(sharedDir, 'imagenet-samples')),
    dataDir,
    // A postgres:// URL names a PostgreSQL store (store/postgres.ts) and is kept as given, not resolved as a path.
    storePath: /^postgres(ql)?:\/\//.test(read('ARSA_STORE') ?? '') ? read('ARSA_STORE')! : resolve(read('ARSA_STORE') ?? join(dataDir, 'store.sqlite')),
    study: read('ARSA_STUDY') ?? 'zhang2021',
    network: read('ARSA_NETWORK'),
    weights: read('ARSA_WEIGHTS'),
    backend: backend as BackendPreference,
    workers,
    gram: gram as GramBackend,
    port,
    host: read('ARSA_HOST') ?? '127.0.0.1',
    adminToken: read('ARSA_ADMIN_TOKEN'),
    maxConnectionsPerIp: intFlag('max-connections-per-ip', read('ARSA_MAX_CONNECTIONS_PER_IP'), 64, 1, 100_000),
  };
}

function intFlag(name: string, raw: string | undefined, dflt: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return dflt;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DomainError('BAD_USER_INPUT', `--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return v;
}

/** Fails with a clear message when a configured directory is missing (e.g. ../shared not beside the checkout). */
export function requireDir(path: string, what: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new DomainError('NOT_FOUND', `${what} not found at ${path}; set it with the flag or environment variable (see README, Configuration)`);
  }
  return path;
}
