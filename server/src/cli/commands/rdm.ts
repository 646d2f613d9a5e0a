import { readFileSync, writeFileSync } from 'node:fs';
import { DomainError } from '../../core/errors.js';
import { matrix } from '../../core/matrix.js';
import { asFloat64, decodeNpy, encodeNpy } from '../../core/npy.js';
import { squareForm } from '../../analysis/gram.js';
import { DEFAULT_RDM_METHOD, RDM_METHOD_NAMES, rdmVector } from '../../analysis/rdm.js';
import type { Command } from '../command.js';
import { requireFiles } from '../preflight.js';

/**
 * File bytes as a plain Uint8Array. core/npy.ts decodeNpy copies with `subarray().slice()`, which on a Node Buffer
 * (readFileSync's result, often a view into a shared pool) is a view, not a copy; a plain Uint8Array makes it copy.
 */
function readNpyBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

const rdm: Command = {
  name: 'rdm',
  summary: 'RDM of a [stimuli x features] .npy pattern matrix',
  help: `usage: adversarial-rsa rdm [--method M] [--vector] --out RDM.npy PATTERNS.npy

Reads PATTERNS.npy, shape [stimuli, features] (or [stimuli, ...]: trailing axes are flattened, e.g. activations
[stimuli, h, w, c]), any float/int dtype, and writes the representational dissimilarity matrix as float64:
  default    the square [stimuli x stimuli] symmetric matrix with a zero diagonal
  --vector   the upper triangle without diagonal, row-major (SciPy pdist order), [stimuli*(stimuli-1)/2]

Options:
  --method M   ${RDM_METHOD_NAMES.join(' | ')}
               (default ${DEFAULT_RDM_METHOD}, the paper's; see docs/numerics.md)
  --vector     write the vector form instead of the square matrix
  --out FILE   output .npy (required)`,
  options: {
    method: { type: 'string' },
    vector: { type: 'boolean' },
    out: { type: 'string' },
  },
  positionals: true,
  async run(ctx) {
    const method = (ctx.values.method as string | undefined) ?? DEFAULT_RDM_METHOD;
    const out = ctx.values.out as string | undefined;
    if (!out) throw new DomainError('BAD_USER_INPUT', 'rdm: --out RDM.npy is required');
    if (ctx.positionals.length !== 1) {
      throw new DomainError('BAD_USER_INPUT', `rdm: expected one PATTERNS.npy, got ${ctx.positionals.length} arguments`);
    }
    if (!(RDM_METHOD_NAMES as readonly string[]).includes(method)) throw new DomainError('UNKNOWN_METHOD', `unknown --method '${method}'; valid: ${RDM_METHOD_NAMES.join(', ')}`, { value: method });
    const file = ctx.positionals[0]!;
    requireFiles([file], 'PATTERNS file');
    const arr = decodeNpy(readNpyBytes(file), file);
    if (arr.shape.length < 2) {
      throw new DomainError('SHAPE_MISMATCH', `rdm: ${file} has shape [${arr.shape.join(', ')}]; need [stimuli, features]`);
    }
    const n = arr.shape[0]!;
    const p = arr.shape.slice(1).reduce((a, b) => a * b, 1);
    const data = arr.data instanceof Float32Array || arr.data instanceof Float64Array ? arr.data : asFloat64(arr);
    const v = rdmVector(matrix(n, p, data), method);
    const result = ctx.values.vector ? { shape: [v.length], data: v } : { shape: [n, n], data: squareForm(v, n) };
    writeFileSync(out, encodeNpy(result));
    ctx.stderr.write(`rdm: ${method} over ${n} stimuli x ${p} features -> ${out} [${result.shape.join(' x ')}]\n`);
    return 0;
  },
};

export default rdm;
