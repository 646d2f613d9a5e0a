import 'reflect-metadata';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Int, Resolver, Root } from 'type-graphql';
import { gridSpec } from '../study/grid.js';
import { gridService } from '../study/grid-service.js';
import type { ApiContext } from './context.js';
import { Grid } from './grid.type.js';

/** The grid as the grid query returns it (enum values are the registries' lower-case names). */
interface GridRoot { readonly study: string; readonly dissimilarities: readonly string[]; readonly comparisons: readonly string[] }

/**
 * Grid.computedDraws: which draws counts have computed cells, so that a client (the site's grid page) can ask
 * `grid(draws:)` for each, instead of seeing only the cells at the study's own draws. Uncacheable (maxAge 0): it
 * changes when `seed --grid` adds cells to the store, so a whole response that lists it is never served stale.
 */
@Resolver(() => Grid)
export class GridDrawsResolver {
  @FieldResolver(() => [Int], { description: 'Every draws count at which at least one cell of this grid (its dissimilarities x comparisons) is computed, ascending; ask `grid(draws:)` for the cells at each. Empty when no cell is computed. A read (nothing is computed), never cached: it changes when `seed --grid` adds cells.' })
  computedDraws(@Root() g: GridRoot, @Ctx() ctx: ApiContext, @Info() info: GraphQLResolveInfo): Promise<number[]> {
    (info as GraphQLResolveInfo & { cacheControl?: { setCacheHint(h: { maxAge: number }): void } }).cacheControl?.setCacheHint({ maxAge: 0 });
    const spec = gridSpec({ dissimilarities: g.dissimilarities, comparisons: g.comparisons });
    return gridService(ctx.forStudy(g.study).study).computedDraws(spec);
  }
}
