import type { Config } from '../config/config.js';
import { DomainError } from '../core/errors.js';
import type { StudyService } from '../study/service.js';
import type { ArtifactStore } from '../store/types.js';

/**
 * Opens the configured study as a StudyService through the pipeline's factory `createStudyService(config)`.
 * Imported at run time so that commands which never need the pipeline (schema, --help) do not load tfjs.
 */
export async function openStudy(config: Config, options: { store?: ArtifactStore } = {}): Promise<StudyService & { close?: () => Promise<void> | void }> {
  const mod = (await import('../study/study-service.js').catch((e: unknown) => {
    throw new DomainError('NOT_FOUND', `the study service (server/src/study/study-service.ts) could not be loaded: ${(e as Error).message}`);
  })) as { createStudyService: (c: Config, o: { store?: ArtifactStore }) => Promise<StudyService & { close?: () => Promise<void> | void }> };
  return mod.createStudyService(config, options);
}
