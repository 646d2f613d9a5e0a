import type { Config } from '../config/config.js';
import { DomainError, isDomainError } from '../core/errors.js';
import { NETWORKS, networkEntry } from '../networks/registry.js';
import { listStudies, loadStudy } from '../study/definition/load.js';
import type { StudyDefinition } from '../study/definition/definition.js';
import { WEIGHTS_HOWTO } from '../study/pipeline/network-ref.js';
import { requireUniqueStudyIds } from '../study/study-set.js';

/**
 * Which studies `start` serves (issue 11, item 4) and with which overrides: every `--study` given, in order (the
 * first is the default), or with `--all-studies` every study under seed/ that can run here. Repeated ids are
 * refused before anything opens.
 *
 * The overrides with several studies:
 *  - `--weights FILE` applies to every served study whose network needs weights and whose study file names none
 *    (a study file that records its weights keeps them; a MobileNet study takes none). A study whose network
 *    cannot read FILE (another architecture) is refused when it opens, before anything is computed (served-open.ts).
 *  - `--network N` overrides the network of one study; with several it is refused (a study file says it instead).
 * With one study both are that study's overrides, exactly as for `seed`.
 */
export interface ServedStudy {
  /** What --study named (an id under seed/ or a path to a study file). */
  readonly ref: string;
  readonly definition: StudyDefinition;
  /** The configuration to open it with: `study` is `ref`, `weights` the file it reads (if from --weights). */
  readonly config: Config;
  /** Whether its weights come from --weights (then a refusal says how the flag was applied). */
  readonly weightsFromFlag: boolean;
}

type Values = { study?: unknown; 'all-studies'?: unknown };

/** The --study values (or the configured study), with --all-studies followed by the rest of seed/ by name. */
export function servedStudyIds(values: Values, config: Config, log: (line: string) => void): string[] {
  return servedStudies(values, config, log).map((s) => s.ref);
}

export function servedStudies(values: Values, config: Config, log: (line: string) => void): ServedStudy[] {
  const given = Array.isArray(values.study) ? values.study.filter((v): v is string => typeof v === 'string') : [];
  const all = values['all-studies'] === true;
  const first = given.length > 0 ? given : [config.study];
  requireUniqueStudyIds(first);
  const refs = all ? [...first, ...listStudies().filter((id) => !first.includes(id))] : first;
  const several = all || refs.length > 1;
  if (several && config.network !== undefined) throw networkOverrideRefusal(config.network, refs);
  const served: ServedStudy[] = [];
  for (const ref of refs) {
    try {
      served.push(planStudy(ref, config, several, log));
    } catch (e) {
      // --all-studies serves what can run here and says why it skips the rest; named studies are refused.
      if (!all || !isDomainError(e)) throw e;
      log(`skipping study ${ref}: ${e.message}`);
    }
  }
  if (several && config.weights !== undefined && !served.some((s) => s.weightsFromFlag) && served.length > 0) {
    const readers = Object.keys(NETWORKS).filter((n) => networkEntry(n).needsWeights);
    throw new DomainError('BAD_USER_INPUT', `--weights '${config.weights}' applies to no served study: none of ${served.map((s) => `${s.definition.id} (${s.definition.network})`).join(', ')} runs a network that reads a weights file (${readers.join(', ')}) without naming its own in its study file`, { value: config.weights });
  }
  return served;
}

/** Null when the study can run with what this machine has, else why not (its definition, its network, its weights). */
export function whyNotRunnable(id: string, config: Config): string | null {
  try {
    planStudy(id, config, false, () => {});
  } catch (e) {
    if (isDomainError(e)) return e.message;
    throw e;
  }
  return null;
}

function planStudy(ref: string, config: Config, several: boolean, log: (line: string) => void): ServedStudy {
  const definition = loadStudy(ref, { imagesDir: config.imagesDir });
  const network = config.network ?? definition.network;
  const entry = networkEntry(network);
  const own = definition.weights;
  // One study: --weights is its override (as for seed). Several: only where the network needs weights and the
  // study file names none, so that `--study zhang2021 --study zhang2021-alexnet-torchvision --weights F` works.
  const weights = !several ? config.weights : entry.needsWeights && own === undefined ? config.weights : undefined;
  if (several && config.weights !== undefined && entry.needsWeights && own !== undefined) {
    log(`study ${definition.id}: reads the weights file its study file records (${own.file}); --weights applies to studies that name none`);
  }
  if (entry.needsWeights && weights === undefined && (own === undefined || (config.network !== undefined && network !== definition.network))) {
    throw new DomainError('BAD_USER_INPUT', `study ${definition.id}: network ${network} needs a weights file and none was given (--weights FILE, or "weights" in the study file). To get one, ${WEIGHTS_HOWTO[network] ?? 'see README, Running the study on AlexNet'}`);
  }
  return { ref, definition, config: { ...config, study: ref, weights }, weightsFromFlag: weights !== undefined && config.weights !== undefined };
}

function networkOverrideRefusal(network: string, refs: readonly string[]): DomainError {
  return new DomainError('BAD_USER_INPUT', `--network ${network} overrides the network of one study, but ${refs.length} are served (${refs.join(', ')}). `
    + 'To serve a study on another network beside others, write a study file: copy seed/<study>.json to my-study.json, give it its own "id" '
    + `and set "network": "${network}" (and "weights": {"file": ..., "sha256": ...} for a network that needs them), then pass --study my-study.json`, { value: network });
}
