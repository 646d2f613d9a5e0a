/** The artifact store: contract, implementations, content addresses and single flight. */
export * from './types.js';
export { artifactKey, defaultCorruptionHandler } from './codec.js';
export { SqliteArtifactStore, openSqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { MemoryArtifactStore, type MemoryRecord } from './memory.js';
export { ArtifactCache, NO_PROVENANCE, type ComputeResult, type Computed } from './single-flight.js';
export { openStore } from './open.js';
