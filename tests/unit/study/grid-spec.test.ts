import { describe, expect, it } from 'vitest';
import { parseGridFlags } from '../../../server/src/cli/grid-flags.js';
import { gridSpec, GRID_COMPARISONS, GRID_DISSIMILARITIES } from '../../../server/src/study/grid.js';

describe('convention grid spec', () => {
  it('defaults to the issue\'s 3 x 3 grid at the study\'s draws', () => {
    expect(gridSpec()).toEqual({ dissimilarities: [...GRID_DISSIMILARITIES], comparisons: [...GRID_COMPARISONS], draws: undefined });
    expect(GRID_DISSIMILARITIES).toEqual(['one_minus_spearman', 'one_minus_pearson', 'euclidean']);
    expect(GRID_COMPARISONS).toEqual(['spearman', 'pearson', 'kendall_tau_a']);
    expect(gridSpec({ dissimilarities: [], comparisons: null })).toEqual(gridSpec());
  });

  it('accepts every registered method, drops repeats, keeps the order given', () => {
    expect(gridSpec({ dissimilarities: ['cosine', 'euclidean', 'cosine'], comparisons: ['cosine'], draws: 50 }))
      .toEqual({ dissimilarities: ['cosine', 'euclidean'], comparisons: ['cosine'], draws: 50 });
  });

  it('refuses unknown methods naming the valid ones, and draws out of bounds', () => {
    expect(() => gridSpec({ dissimilarities: ['correlation'] })).toThrow("unknown RDM dissimilarity 'correlation'; valid: one_minus_spearman, one_minus_pearson, euclidean, squared_euclidean_per_channel, cosine");
    expect(() => gridSpec({ comparisons: ['tau'] })).toThrow("unknown RDM comparison 'tau'; valid: spearman, pearson, kendall_tau_a, cosine");
    expect(() => gridSpec({ draws: 9 })).toThrow(/grid draws 9 must be an integer from 10 to 100000/);
    expect(() => gridSpec({ draws: 10.5 })).toThrow(/grid draws 10.5/);
  });

  it('parses the seed flags: comma lists and repeats; nothing without --grid', () => {
    expect(parseGridFlags({})).toBeUndefined();
    expect(parseGridFlags({ grid: true, 'grid-dissimilarity': ['euclidean,one_minus_pearson', 'cosine'], 'grid-comparison': ['pearson'], 'grid-draws': '200' }))
      .toEqual({ dissimilarities: ['euclidean', 'one_minus_pearson', 'cosine'], comparisons: ['pearson'], draws: 200 });
    expect(() => parseGridFlags({ 'grid-comparison': ['pearson'] })).toThrow('--grid-comparison needs --grid');
    expect(() => parseGridFlags({ grid: true, 'grid-draws': '1e3' })).toThrow("--grid-draws '1e3' must be a positive integer");
    expect(() => parseGridFlags({ grid: true, only: ['brain'] })).toThrow(/does not combine with --only/);
  });
});
