import { describe, expect, it } from 'vitest';
import { artifactKey } from '../../../server/src/store/codec.js';

describe('artifactKey', () => {
  const base = { kind: 'rdm', params: { method: 'correlation', n: 40 }, inputs: { act: 'k1', stim: 'k2' }, codeVersion: 'rdm@1' };

  it('is a sha256 that ignores key order in params and inputs', () => {
    const k = artifactKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(artifactKey({ ...base, params: { n: 40, method: 'correlation' }, inputs: { stim: 'k2', act: 'k1' } })).toBe(k);
    expect(artifactKey({ ...base, dataChecksums: {} })).toBe(k);
  });

  it('changes with every component of the address', () => {
    const k = artifactKey(base);
    const variants = [
      { ...base, kind: 'rdm2' },
      { ...base, params: { method: 'euclidean', n: 40 } },
      { ...base, inputs: { act: 'k3', stim: 'k2' } },
      { ...base, inputs: { act2: 'k1', stim: 'k2' } },
      { ...base, codeVersion: 'rdm@2' },
      { ...base, dataChecksums: { image: 'ff' } },
    ];
    const keys = variants.map(artifactKey);
    expect(new Set([k, ...keys]).size).toBe(variants.length + 1);
  });
});
