import { DomainError, isDomainError } from '../core/errors.js';
import { networkEntry } from '../networks/registry.js';
import type { StudyService } from '../study/service.js';
import type { ArtifactStore } from '../store/types.js';
import { openStudy } from './open-study.js';
import type { ServedStudy } from './served-studies.js';

export type OpenedStudy = StudyService & { close?: () => Promise<void> | void };

/**
 * Opens the served studies over one store, in their order (the first stays the default). Opening a study builds
 * its network spec, which is where weights of the wrong architecture are found (every tensor's shape is checked);
 * the studies that read the --weights file open first, so a file that one of them cannot read is refused before
 * anything is computed or stored for any study. With `skip` (--all-studies) a study that cannot open is left out
 * with its reason in the log instead.
 */
export async function openServedStudies(served: readonly ServedStudy[], store: ArtifactStore, o: { skip: boolean; log: (line: string) => void }): Promise<{ served: ServedStudy; study: OpenedStudy }[]> {
  const order = [...served.keys()].sort((a, b) => Number(served[b]!.weightsFromFlag) - Number(served[a]!.weightsFromFlag) || a - b);
  const opened = new Map<number, OpenedStudy>();
  for (const i of order) {
    const s = served[i]!;
    try {
      opened.set(i, await openStudy(s.config, { store }));
    } catch (e) {
      const err = explain(s, e);
      if (o.skip && isDomainError(err)) {
        o.log(`skipping study ${s.definition.id}: ${err.message}`);
        continue;
      }
      for (const study of opened.values()) await study.close?.();
      throw err;
    }
  }
  return [...opened].sort(([a], [b]) => a - b).map(([i, study]) => ({ served: served[i]!, study }));
}

/** A weights file from --weights that this study's network cannot read: say which file, which architecture, and the rule. */
function explain(s: ServedStudy, e: unknown): unknown {
  if (!s.weightsFromFlag || !isDomainError(e) || e.code !== 'BAD_WEIGHTS') return e;
  const network = s.config.network ?? s.definition.network;
  return new DomainError('BAD_WEIGHTS', `${e.message}. Study ${s.definition.id} expects weights of ${network} (${networkEntry(network).summary}) and was given --weights '${s.config.weights}', `
    + 'which applies to every served study whose network needs weights and whose study file names none; give this study its own file in its study file ("weights": {"file": ..., "sha256": ...}) or serve it on its own', e.details);
}
