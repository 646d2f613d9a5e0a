import type { Config } from '../config/config.js';
import { openSqliteStore } from './sqlite.js';
import { MemoryArtifactStore } from './memory.js';
import { isPostgresUrl, PostgresArtifactStore } from './postgres.js';
import type { ArtifactStore, CorruptionHandler } from './types.js';

/**
 * The store a configuration names: a PostgreSQL server when `config.storePath` is a postgres:// URL (one server,
 * many workers), the SQLite file at that path otherwise, or a fresh in-memory store when the path is ":memory:"
 * (tests, throw-away runs). Chosen once at start-up and passed down (house style 3). Opening stays synchronous:
 * the PostgreSQL store connects (and creates its tables) on its first call.
 */
export function openStore(config: Pick<Config, 'storePath'>, onCorrupt?: CorruptionHandler): ArtifactStore {
  if (config.storePath === ':memory:' || config.storePath.endsWith('/:memory:')) return new MemoryArtifactStore(onCorrupt ? { onCorrupt } : {});
  if (isPostgresUrl(config.storePath)) return new PostgresArtifactStore(config.storePath, onCorrupt ? { onCorrupt } : {});
  return openSqliteStore(config.storePath, onCorrupt ? { onCorrupt } : {});
}
