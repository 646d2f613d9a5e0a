import { DomainError } from '../core/errors.js';
import { gridSpec, GRID_COMPARISONS, GRID_DISSIMILARITIES, type GridSpec } from '../study/grid.js';
import type { OptionSpec, ParsedValues } from './command.js';

/** `seed --grid` flags (issue 11, item 6): which convention-grid cells to compute. */
export const GRID_OPTIONS: OptionSpec = {
  grid: { type: 'boolean' },
  'grid-dissimilarity': { type: 'string', multiple: true },
  'grid-comparison': { type: 'string', multiple: true },
  'grid-draws': { type: 'string' },
};

export const GRID_HELP = `  --grid         compute the convention grid instead of the study: every RDM dissimilarity x RDM comparison
                 cell (default ${GRID_DISSIMILARITIES.join(', ')} x ${GRID_COMPARISONS.join(', ')}),
                 sharing stimuli, activations, brain data and vertex selections with the study; then print each
                 cell's claims (also served by GraphQL \`grid\`). Not part of the default cold start.
  --grid-dissimilarity M[,M...]  only these dissimilarities
  --grid-comparison C[,C...]     only these comparisons
  --grid-draws N                 subsampling draws per cell (default the study's); every value names its draws`;

function words(raw: string | boolean | (string | boolean)[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).flatMap((w) => String(w).split(',')).map((w) => w.trim()).filter(Boolean);
}

/** The grid spec of the flags, or undefined without --grid; refuses bad values before anything is computed. */
export function parseGridFlags(values: ParsedValues): GridSpec | undefined {
  const gridOnly = ['grid-dissimilarity', 'grid-comparison', 'grid-draws'].filter((k) => values[k] !== undefined);
  if (values.grid !== true) {
    if (gridOnly.length > 0) throw new DomainError('BAD_USER_INPUT', `--${gridOnly[0]} needs --grid`);
    return undefined;
  }
  if (values.only !== undefined) throw new DomainError('BAD_USER_INPUT', '--grid computes the grid cells (and what they need); it does not combine with --only');
  const rawDraws = values['grid-draws'];
  let draws: number | undefined;
  if (rawDraws !== undefined) {
    if (typeof rawDraws !== 'string' || !/^\d+$/.test(rawDraws)) throw new DomainError('BAD_USER_INPUT', `--grid-draws '${String(rawDraws)}' must be a positive integer`);
    draws = Number(rawDraws);
  }
  return gridSpec({ dissimilarities: words(values['grid-dissimilarity']), comparisons: words(values['grid-comparison']), draws });
}
