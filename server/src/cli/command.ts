import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config/config.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  readonly values: ParsedValues;
  readonly positionals: readonly string[];
  readonly config: Config;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * One CLI command. Files in cli/commands/ default-export a Command (or an array of them) and are discovered at
 * run time, so adding a command touches no shared list. `name` may have two words ("stimuli export").
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text printed by `--help` (usage line, options, output format). */
  readonly help: string;
  readonly options: OptionSpec;
  /** Whether positional arguments are accepted. */
  readonly positionals?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** Options every command accepts: the configuration flags of config/config.ts. */
export const CONFIG_OPTIONS: OptionSpec = {
  'shared-dir': { type: 'string' },
  'models-dir': { type: 'string' },
  'images-dir': { type: 'string' },
  'data-dir': { type: 'string' },
  store: { type: 'string' },
  study: { type: 'string' },
  network: { type: 'string' },
  weights: { type: 'string' },
  backend: { type: 'string' },
  workers: { type: 'string' },
  gram: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'admin-token': { type: 'string' },
  'max-connections-per-ip': { type: 'string' },
};

export const CONFIG_HELP = `Configuration flags (each also an environment variable):
  --shared-dir DIR   ARSA_SHARED_DIR   shared data with models/ and imagenet-samples/ (default ../shared)
  --models-dir DIR   ARSA_MODELS_DIR   TFLite models and labels (default <shared>/models)
  --images-dir DIR   ARSA_IMAGES_DIR   ImageNet sample photos (default <shared>/imagenet-samples)
  --data-dir DIR     ARSA_DATA_DIR     store and exports (default ./data)
  --store FILE|URL   ARSA_STORE        SQLite store file, or postgres://user@host:port/db (default <data>/store.sqlite)
  --study ID|FILE    ARSA_STUDY        study definition in seed/ (default zhang2021), or a study file's path
  --network N        ARSA_NETWORK      run the study on another network (registry name; see classify --help)
  --weights FILE     ARSA_WEIGHTS      weights file for the networks that need one (alexnet, alexnet_torchvision)
  --backend B        ARSA_BACKEND      auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto)
  --workers N        ARSA_WORKERS      compute worker threads (default: number of cores)
  --gram G           ARSA_GRAM         Gram product of the similarity draws: wasm | js | tfjs (default wasm; wasm and tfjs only in the build)
  --max-connections-per-ip N  ARSA_MAX_CONNECTIONS_PER_IP  open connections one client IP may hold (default 64)`;
