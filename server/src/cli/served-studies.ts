import type { Config } from '../config/config.js';
import { isDomainError } from '../core/errors.js';
import { networkEntry } from '../networks/registry.js';
import { listStudies, loadStudy } from '../study/definition/load.js';
import type { StudyDefinition } from '../study/definition/definition.js';
import { requireUniqueStudyIds } from '../study/study-set.js';

/**
 * Which studies `start` serves (issue 11, item 4): every `--study` given, in order (the first is the default), or
 * with `--all-studies` every study under seed/ that can run here. Repeated ids are refused before anything opens.
 */
export function servedStudyIds(values: { study?: unknown; 'all-studies'?: unknown }, config: Config, log: (line: string) => void): string[] {
  const given = Array.isArray(values.study) ? values.study.filter((v): v is string => typeof v === 'string') : [];
  if (values['all-studies'] === true) {
    const first = given.length > 0 ? given : [config.study];
    requireUniqueStudyIds(first);
    // The given ones (else the configured study) first, the first being the default; then the rest of seed/ by name.
    const ids = [...first, ...listStudies().filter((id) => !first.includes(id))];
    return ids.filter((id) => {
      const why = whyNotRunnable(id, config);
      if (why !== null) log(`skipping study ${id}: ${why}`);
      return why === null;
    });
  }
  const ids = given.length > 0 ? given : [config.study];
  requireUniqueStudyIds(ids);
  return ids;
}

/** Null when the study can run with what this machine has, else why not (its definition, its network, its weights). */
export function whyNotRunnable(id: string, config: Config): string | null {
  let study: StudyDefinition;
  try {
    study = loadStudy(id, { imagesDir: config.imagesDir });
    const network = config.network ?? study.network;
    // A weights file named by the study or by --weights (config.weights where the configuration has it).
    const weights = (study as { weights?: unknown }).weights ?? (config as { weights?: unknown }).weights;
    if (networkEntry(network).needsWeights && weights === undefined) {
      return `network ${network} needs a weights file the study does not name (see README: the AlexNet studies need your own weights, e.g. --weights FILE)`;
    }
  } catch (e) {
    if (isDomainError(e)) return e.message;
    throw e;
  }
  return null;
}
