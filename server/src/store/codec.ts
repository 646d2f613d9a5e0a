import { canonicalJson, sha256 } from '../core/hash.js';
import { DomainError } from '../core/errors.js';
import type { ArtifactInfo, ArtifactProvenance, BinaryPart, CorruptionHandler, JsonValue, KeySpec, NewArtifact, PartInfo, PartType, Payload } from './types.js';

/**
 * Bytes on disk for every store implementation, so that all of them compute the same checksums: a part is stored
 * as its raw little-endian bytes (binary) or UTF-8 JSON text; the entry checksum covers every field and every
 * part's sha256, so a flipped bit anywhere in an entry is detected on read.
 */

/** An encoded part: type, bytes and their sha256. */
export interface EncodedPart extends PartInfo {
  readonly bytes: Uint8Array;
}

/** Content address of an artifact: sha256 of the canonical JSON of its key spec (house style 8). */
export function artifactKey(spec: KeySpec): string {
  return sha256(canonicalJson({
    kind: spec.kind,
    params: spec.params,
    inputs: spec.inputs,
    codeVersion: spec.codeVersion,
    dataChecksums: spec.dataChecksums ?? {},
  }));
}

function binaryType(v: BinaryPart): PartType {
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  throw new DomainError('BAD_DATA', 'unsupported binary part type; valid: Float32Array, Float64Array, Int32Array, Uint8Array');
}

/** Whether a payload value is stored as a binary part. Other typed arrays are refused rather than JSON-ised. */
export function isBinary(v: unknown): v is BinaryPart {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

export function encodePart(name: string, value: JsonValue | BinaryPart): EncodedPart {
  if (isBinary(value)) {
    const type = binaryType(value);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { name, type, bytes, byteLength: bytes.byteLength, sha256: sha256(bytes) };
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new DomainError('BAD_DATA', `part '${name}' is not JSON-serialisable`);
  const bytes = Buffer.from(text, 'utf8');
  return { name, type: 'json', bytes, byteLength: bytes.byteLength, sha256: sha256(bytes) };
}

/** Encodes a whole payload, parts ordered by name. */
export function encodePayload(payload: Payload): EncodedPart[] {
  return Object.keys(payload).sort().map((name) => encodePart(name, payload[name]!));
}

const CTORS = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;

/**
 * Decodes stored bytes into a fresh value (copied, so it is aligned and owned by the caller; a driver's buffer
 * may sit at an odd offset of a shared pool).
 */
export function decodePart(type: PartType, bytes: Uint8Array): JsonValue | BinaryPart {
  if (type === 'json') return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as JsonValue;
  const Ctor = CTORS[type];
  if (Ctor === undefined) throw new DomainError('CORRUPT_ARTIFACT', `unknown part type '${type}'`);
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
    throw new DomainError('CORRUPT_ARTIFACT', `part of type ${type} has ${bytes.byteLength} bytes, not a multiple of ${Ctor.BYTES_PER_ELEMENT}`);
  }
  const buf = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(buf).set(bytes);
  return new Ctor(buf);
}

/** sha256 over every field of an entry except the payload bytes, which enter through each part's sha256. */
export function entryChecksum(info: Omit<ArtifactInfo, 'checksum'>): string {
  return sha256(canonicalJson({
    key: info.key,
    kind: info.kind,
    params: info.params,
    inputs: info.inputs,
    codeVersion: info.codeVersion,
    provenance: info.provenance,
    parts: info.parts.map((p) => [p.name, p.type, p.byteLength, p.sha256]),
  }));
}

/** Why a stored part does not match its description, or undefined when it does. */
export function partMismatch(info: PartInfo, bytes: Uint8Array): string | undefined {
  if (bytes.byteLength !== info.byteLength) return `part '${info.name}' has ${bytes.byteLength} bytes, expected ${info.byteLength}`;
  const h = sha256(bytes);
  if (h !== info.sha256) return `part '${info.name}' sha256 ${h.slice(0, 12)}... does not match ${info.sha256.slice(0, 12)}...`;
  return undefined;
}

/**
 * Encodes a new entry and computes its description and checksum. Provenance goes through canonical JSON first,
 * so the checksum computed now equals the one recomputed from the stored text later (NaN, undefined, key order).
 */
export function prepareEntry(entry: NewArtifact): { info: ArtifactInfo; parts: EncodedPart[] } {
  const parts = encodePayload(entry.payload);
  const base = {
    key: entry.key,
    kind: entry.kind,
    params: entry.params,
    inputs: [...entry.inputs],
    codeVersion: entry.codeVersion,
    provenance: JSON.parse(canonicalJson(entry.provenance)) as ArtifactProvenance,
    parts: parts.map(({ name, type, byteLength, sha256: h }) => ({ name, type, byteLength, sha256: h })),
  };
  return { info: { ...base, checksum: entryChecksum(base) }, parts };
}

/** Default corruption report: one line on stderr. */
export const defaultCorruptionHandler: CorruptionHandler = (key, reason) => {
  process.stderr.write(`store: corrupted artifact ${key} removed (${reason}); it will be recomputed\n`);
};
