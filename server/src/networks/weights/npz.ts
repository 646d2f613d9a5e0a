import { unzipSync } from 'fflate';
import { DomainError } from '../../core/errors.js';
import { decodeNpy } from '../../core/npy.js';
import type { RawTensor } from './tensors.js';

/**
 * NumPy .npz archives (np.savez and np.savez_compressed: a zip of `<key>.npy`), read into float32 tensors keyed by
 * the array name without `.npy`. Integer or float64 arrays are converted to float32.
 */
export function readNpz(bytes: Uint8Array, path = 'weights.npz'): Map<string, RawTensor> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new DomainError('BAD_WEIGHTS', `${path}: not a readable .npz (zip) archive: ${(e as Error).message}`);
  }
  const out = new Map<string, RawTensor>();
  for (const [file, content] of Object.entries(entries)) {
    if (!file.endsWith('.npy')) continue;
    const name = file.slice(0, -4);
    const arr = decodeNpy(content, `${path}:${file}`);
    const data = arr.data instanceof Float32Array ? arr.data : Float32Array.from(arr.data as ArrayLike<number>);
    out.set(name, { name, shape: [...arr.shape], data });
  }
  if (out.size === 0) throw new DomainError('BAD_WEIGHTS', `${path}: the .npz archive holds no .npy arrays`);
  return out;
}
