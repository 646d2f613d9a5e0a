/**
 * Ranks with average ties, 1-based, like `scipy.stats.rankdata(x, method='average')`. Spearman correlations (the
 * paper's RDM entries and RDM comparison, paper-digest section 5) are Pearson correlations of these ranks.
 */

/** Indices 0..n-1 sorted by value (stable for equal values). NaN is not allowed upstream. */
export function argsort(x: ArrayLike<number>): Int32Array {
  const n = x.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const v = Float64Array.from(x as ArrayLike<number>);
  idx.sort((a, b) => v[a]! - v[b]! || a - b);
  return idx;
}

/** `[n]` -> `[n]` 1-based ranks, ties get the mean of the ranks they span. */
export function rankAverageTies(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = argsort(x);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    const vi = x[order[i]!]!;
    let j = i + 1;
    while (j < n && x[order[j]!]! === vi) j++;
    // positions i..j-1 (0-based) share the average 1-based rank (i+1 + j) / 2
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = r;
    i = j;
  }
  return ranks;
}
