import { describe, expect, it } from 'vitest';
import seed, { parseOnly } from '../../../server/src/cli/commands/seed.js';

describe('seed command', () => {
  it('parses --only groups, lists and aliases', () => {
    expect(parseOnly(undefined)).toBeUndefined();
    expect(parseOnly(['stimuli'])).toEqual(['stimuli']);
    expect(parseOnly(['stimuli,brain', 'power'])).toEqual(['stimuli', 'brain', 'power']);
    expect(parseOnly(['analysis'])).toEqual(['rdms', 'similarity', 'searchlight', 'encoding', 'power']);
    expect(parseOnly(['network'])).toEqual(['activations']);
  });

  it('refuses an unknown group naming the valid ones', () => {
    expect(() => parseOnly(['stimuli', 'brains'])).toThrow(/unknown --only group 'brains'; valid: stimuli, activations, brain, rdms, similarity, searchlight, encoding, power, analysis, network/);
  });

  it('declares its options and documents them', () => {
    expect(seed.name).toBe('seed');
    expect(Object.keys(seed.options).sort()).toEqual(['block-draws', 'distributed', 'dry-run', 'grid', 'grid-comparison', 'grid-dissimilarity', 'grid-draws', 'job-timeout', 'only', 'verify']);
    expect(seed.help).toMatch(/--only GROUP/);
    expect(seed.help).toMatch(/--verify/);
    expect(seed.help).toMatch(/--grid-draws N/);
    expect(seed.help).toMatch(/--distributed/);
    expect(seed.help).toMatch(/--job-timeout S/);
  });
});
