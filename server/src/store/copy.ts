import { DomainError } from '../core/errors.js';
import type { ArtifactStore } from './types.js';

export interface CopyReport {
  /** Entries written to the target. */
  readonly copied: number;
  /** Entries the target held already (kept: entries are immutable). */
  readonly present: number;
  /** Payload bytes copied. */
  readonly bytes: number;
}

/**
 * Copies every entry of `from` that `to` lacks, one entry at a time (so one entry's payload is in memory at
 * once), verifying every checksum: the source's on read (a corrupted source entry stops the copy: it cannot be
 * copied, only recomputed), the target's by reading the written entry back and comparing its entry checksum,
 * which covers every field and every part's sha256 (codec.ts). Keys, metadata and provenance move unchanged, so
 * the target answers every key exactly as the source did.
 */
export async function copyStore(from: ArtifactStore, to: ArtifactStore, onEntry?: (done: number, total: number, kind: string) => void): Promise<CopyReport> {
  const infos = await from.list();
  let copied = 0;
  let present = 0;
  let bytes = 0;
  for (const [i, info] of infos.entries()) {
    onEntry?.(i, infos.length, info.kind);
    if (await to.has(info.key)) {
      present++;
      continue;
    }
    const entry = await from.get(info.key);
    if (!entry) throw new DomainError('CORRUPT_ARTIFACT', `source entry ${info.key} (${info.kind}) failed its checksum and was removed from ${from.name}; recompute it (seed) and copy again`);
    const { payload, checksum, parts: _parts, ...meta } = entry;
    const written = await to.put({ ...meta, payload });
    const back = await to.get(info.key);
    if (written.checksum !== checksum || back?.checksum !== checksum) {
      throw new DomainError('CORRUPT_ARTIFACT', `entry ${info.key} (${info.kind}) reads back from ${to.name} with checksum ${back?.checksum ?? 'none'}, expected ${checksum}`);
    }
    copied++;
    bytes += entry.parts.reduce((s, p) => s + p.byteLength, 0);
  }
  onEntry?.(infos.length, infos.length, 'done');
  return { copied, present, bytes };
}
