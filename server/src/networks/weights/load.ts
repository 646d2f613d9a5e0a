import { readFile } from 'node:fs/promises';
import { DomainError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import { readNpz } from './npz.js';
import { readOnnx } from './onnx.js';
import type { WeightsFile } from './tensors.js';

/**
 * Reads a user-supplied weights file: a NumPy .npz or an ONNX model, told apart by content (a zip starts with
 * "PK"), so a misnamed file still loads. A missing file is a clear NOT_FOUND error naming the path.
 */
export async function loadWeightsFile(path: string): Promise<WeightsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DomainError('NOT_FOUND', `weights file '${path}' does not exist`, { path });
    throw new DomainError('BAD_WEIGHTS', `weights file '${path}' cannot be read: ${(e as Error).message}`, { path });
  }
  return parseWeights(bytes, path);
}

export function parseWeights(bytes: Uint8Array, path: string): WeightsFile {
  const hash = sha256(bytes);
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return { path, format: 'npz', sha256: hash, tensors: readNpz(bytes, path), nodes: [] };
  }
  const { tensors, nodes } = readOnnx(bytes, path);
  return { path, format: 'onnx', sha256: hash, tensors, nodes };
}
