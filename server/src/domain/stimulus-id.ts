import { DomainError } from '../core/errors.js';
import { STIMULUS_KINDS, type StimulusKind } from './vocabulary.js';

/**
 * A stimulus's identity: its kind and the ImageNet category (wnid) of the RE photo it is, or derives from. Every
 * image kind has one stimulus per category, so (kind, wnid) names a stimulus and (wnid) names the RE image an AN
 * or AI image was made from. Code never builds or slices the string form: it formats and parses here, so the
 * string scheme can change without misaligning any RDM (house style 17).
 */
export interface StimulusId {
  readonly kind: StimulusKind;
  /** ImageNet WordNet id, e.g. "n02091244". */
  readonly wnid: string;
}

/** The string form of stimulus ids: one formatter and its inverse. */
export interface StimulusIdCodec {
  format(id: StimulusId): string;
  parse(text: string): StimulusId;
}

const KIND_SET: ReadonlySet<string> = new Set(STIMULUS_KINDS);

/** "RE-n02091244", "AN-n02091244", "AI_CONTROL-n02091244": the ids of the API, the store and the files. */
export const STIMULUS_IDS: StimulusIdCodec = {
  format: ({ kind, wnid }) => `${kind}-${wnid}`,
  parse(text) {
    const dash = text.indexOf('-');
    const kind = dash > 0 ? text.slice(0, dash) : '';
    const wnid = text.slice(dash + 1);
    if (!KIND_SET.has(kind) || dash < 0 || wnid.length === 0) {
      throw new DomainError('UNKNOWN_STIMULUS', `bad stimulus id '${text}': expected <kind>-<wnid> with kind one of ${STIMULUS_KINDS.join(', ')}`, { value: text, valid: [...STIMULUS_KINDS] });
    }
    return { kind: kind as StimulusKind, wnid };
  },
};

export function formatStimulusId(id: StimulusId, codec: StimulusIdCodec = STIMULUS_IDS): string {
  return codec.format(id);
}

export function parseStimulusId(text: string, codec: StimulusIdCodec = STIMULUS_IDS): StimulusId {
  return codec.parse(text);
}

/** The id of the `kind` stimulus made from the same category as `id` (e.g. the AN image of an RE photo). */
export function relatedStimulusId(id: string, kind: StimulusKind, codec: StimulusIdCodec = STIMULUS_IDS): string {
  return codec.format({ kind, wnid: codec.parse(id).wnid });
}

/** The parsed id, or undefined where `text` is not a stimulus id (e.g. an imported data set's extra stimuli). */
export function tryParseStimulusId(text: string, codec: StimulusIdCodec = STIMULUS_IDS): StimulusId | undefined {
  try {
    return codec.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `id` is a stimulus of `kind`; ids that do not parse are of no kind. */
export function isStimulusOfKind(id: string, kind: StimulusKind, codec: StimulusIdCodec = STIMULUS_IDS): boolean {
  return tryParseStimulusId(id, codec)?.kind === kind;
}
