import type { ArtifactInfo, ArtifactProvenance, PartInfo } from './types.js';

/**
 * One artifact's metadata row as both SQL stores keep it (the same columns and texts in SQLite's `artifacts` and
 * PostgreSQL's `arsa_artifacts`), so a store copied between them keeps its keys, provenance and checksums.
 */
export interface ArtifactRow {
  key: string;
  kind: string;
  params: string;
  inputs: string;
  code_version: string;
  provenance: string;
  parts: string;
  checksum: string;
}

/** The row as the ArtifactInfo every store returns (JSON columns parsed). */
export function rowInfo(r: ArtifactRow): ArtifactInfo {
  return {
    key: r.key,
    kind: r.kind,
    params: r.params,
    inputs: JSON.parse(r.inputs) as string[],
    codeVersion: r.code_version,
    provenance: JSON.parse(r.provenance) as ArtifactProvenance,
    parts: JSON.parse(r.parts) as PartInfo[],
    checksum: r.checksum,
  };
}
