import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../server/src/cli/command.js';
import compare from '../../../server/src/cli/commands/compare.js';
import rdm from '../../../server/src/cli/commands/rdm.js';
import type { Config } from '../../../server/src/config/config.js';
import { decodeNpy, encodeNpy } from '../../../server/src/core/npy.js';

const X = Float64Array.from([
  0.22366105, 0.51562476, 0.62623543, 0.28081652, 0.56513533, 0.22077129, 0.63013374, 0.19641318, 0.38466208, 0.60788347,
  0.64273055, 0.60455658, 0.71368501, 0.36652763, 0.51720253, 0.40148338, 0.34188668, 0.09174233, 0.33906488, 0.17804584,
  0.60728718, 0.6110304, 0.84817742, 0.33830628, 0.7123945, 0.32113428, 0.16916899, 0.53471886, 0.93321617, 0.22531679,
]);

function ctx(values: Record<string, string | boolean>, positionals: string[]): { c: CommandContext; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString()));
  return { c: { values, positionals, config: {} as Config, stdout, stderr: new PassThrough() }, out: () => text };
}

describe('rdm and compare commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arsa-rdm-'));
  const pat = join(dir, 'patterns.npy');
  writeFileSync(pat, encodeNpy({ shape: [6, 5], data: X }));
  const t = join(dir, 't.npy');
  writeFileSync(t, encodeNpy({ shape: [15], data: Float64Array.from({ length: 15 }, (_, i) => i) }));

  it('writes the square RDM (zero diagonal, symmetric) and the vector with --vector', async () => {
    const sq = join(dir, 'sq.npy');
    expect(await rdm.run(ctx({ method: 'one_minus_pearson', out: sq }, [pat]).c)).toBe(0);
    const a = decodeNpy(new Uint8Array(readFileSync(sq)));
    expect(a.shape).toEqual([6, 6]);
    expect(a.data[0]).toBe(0);
    expect(a.data[1]).toBeCloseTo(0.68382214, 7); // docs/numerics.md
    expect(a.data[6]).toBe(a.data[1]);
    const vec = join(dir, 'vec.npy');
    await rdm.run(ctx({ method: 'one_minus_pearson', out: vec, vector: true }, [pat]).c);
    expect(decodeNpy(new Uint8Array(readFileSync(vec))).shape).toEqual([15]);
  });

  it('compare prints the value for square or vector RDMs (docs/numerics.md: spearman 0.33571428571428574)', async () => {
    const sq = join(dir, 'sq2.npy');
    await rdm.run(ctx({ method: 'one_minus_pearson', out: sq }, [pat]).c);
    const r = ctx({ method: 'spearman' }, [sq, t]);
    expect(await compare.run(r.c)).toBe(0);
    expect(Number(r.out().trim())).toBeCloseTo(0.33571428571428574, 14);
  });

  it('refuses unknown methods and non-RDM shapes', async () => {
    await expect(rdm.run(ctx({ method: 'nope', out: join(dir, 'x.npy') }, [pat]).c)).rejects.toThrow(/valid: one_minus_spearman/);
    await expect(compare.run(ctx({}, [pat, t]).c)).rejects.toThrow(/square/);
  });
});
