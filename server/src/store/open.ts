import type { Config } from '../config/config.js';
import { openSqliteStore } from './sqlite.js';
import { MemoryArtifactStore } from './memory.js';
import type { ArtifactStore, CorruptionHandler } from './types.js';

/**
 * The store a configuration names: the SQLite file at `config.storePath`, or a fresh in-memory store when the
 * path is ":memory:" (tests, throw-away runs). Chosen once at start-up and passed down (house style 3).
 */
export function openStore(config: Pick<Config, 'storePath'>, onCorrupt?: CorruptionHandler): ArtifactStore {
  if (config.storePath === ':memory:' || config.storePath.endsWith('/:memory:')) return new MemoryArtifactStore(onCorrupt ? { onCorrupt } : {});
  return openSqliteStore(config.storePath, onCorrupt ? { onCorrupt } : {});
}
