import { readFileSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { asFloat64, decodeNpy } from '../../core/npy.js';
import { stimuliFromVectorLength, upperTriangle } from '../../analysis/gram.js';
import { COMPARISON_METHOD_NAMES, compareRdms, DEFAULT_COMPARISON } from '../../analysis/rdm.js';
import type { Command } from '../command.js';
import { requireFiles } from '../preflight.js';

/**
 * File bytes as a plain Uint8Array. core/npy.ts decodeNpy copies with `subarray().slice()`, which on a Node Buffer
 * (readFileSync's result, often a view into a shared pool) is a view, not a copy; a plain Uint8Array makes it copy.
 */
function readNpyBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** An RDM file as its pdist-order vector: a square symmetric [n x n] matrix or an n(n-1)/2 vector. */
export function readRdmVector(file: string): Float64Array {
  const arr = decodeNpy(readNpyBytes(file), file);
  const data = asFloat64(arr);
  if (arr.shape.length === 1) {
    if (stimuliFromVectorLength(data.length) < 2) {
      throw new DomainError('SHAPE_MISMATCH', `${file}: ${data.length} values is not n(n-1)/2 for any n >= 2`);
    }
    return data;
  }
  if (arr.shape.length === 2 && arr.shape[0] === arr.shape[1]) {
    const n = arr.shape[0]!;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = data[i * n + j]!;
        const b = data[j * n + i]!;
        if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a))) {
          throw new DomainError('BAD_DATA', `${file}: not symmetric at (${i}, ${j}): ${a} vs ${b}`);
        }
      }
    }
    return upperTriangle(data, n);
  }
  throw new DomainError('SHAPE_MISMATCH', `${file}: shape [${arr.shape.join(', ')}]; need a square [n, n] RDM or an [n(n-1)/2] vector`);
}

const compare: Command = {
  name: 'compare',
  summary: 'compare two RDM .npy files (prints the value)',
  help: `usage: adversarial-rsa compare [--method M] A.npy B.npy

Each file holds an RDM over the same stimuli in the same order: a square symmetric [n, n] matrix (its upper
triangle without diagonal is used) or its [n(n-1)/2] pdist-order vector. Prints the comparison value on one line
(shortest round-trip decimal).

Options:
  --method M   ${COMPARISON_METHOD_NAMES.join(' | ')} (default ${DEFAULT_COMPARISON}, the paper's)`,
  options: { method: { type: 'string' } },
  positionals: true,
  async run(ctx) {
    if (ctx.positionals.length !== 2) {
      throw new DomainError('BAD_USER_INPUT', `compare: expected two RDM files, got ${ctx.positionals.length} arguments`);
    }
    const method = (ctx.values.method as string | undefined) ?? DEFAULT_COMPARISON;
    if (!(COMPARISON_METHOD_NAMES as readonly string[]).includes(method)) throw new DomainError('UNKNOWN_METHOD', `unknown --method '${method}'; valid: ${COMPARISON_METHOD_NAMES.join(', ')}`, { value: method });
    requireFiles(ctx.positionals, 'RDM file');
    const [a, b] = ctx.positionals.map(readRdmVector) as [Float64Array, Float64Array];
    ctx.stdout.write(`${compareRdms(a, b, method)}\n`);
    return 0;
  },
};

export default compare;
