import 'reflect-metadata';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { requireServedStudy } from '../study/claims-service.js';
import { gridSpec, type GridCell as GridCellRecord } from '../study/grid.js';
import { gridService, type GridLayerPoint as GridLayerPointRecord } from '../study/grid-service.js';
import type { TrendRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { EncodingVariantArgs } from './claims.args.js';
import { ClaimSet } from './claims.type.js';
import { claimOptions, claimSetView, type ClaimSetView } from './claims.view.js';
import type { ApiContext } from './context.js';
import { GridArgs } from './grid.args.js';
import { Grid, GridCell, GridLayerPoint } from './grid.type.js';
import { Trend } from './trend.type.js';
import { scopeOf, taggedAll } from './scope.js';

/** The grid query and the per-cell fields; every read is a store read (a missing cell reads as not computed). */
@Resolver(() => GridCell)
export class GridResolver {
  @Query(() => Grid, { description: 'The convention grid of the study: its claims and Fig. 5 under every RDM dissimilarity x RDM comparison. Cells are computed by `adversarial-rsa seed --grid`, never by a query.' })
  async grid(@Args(() => GridArgs) a: GridArgs, @Ctx() ctx: ApiContext): Promise<{ study: string; dissimilarities: readonly string[]; comparisons: readonly string[]; cells: GridCellRecord[] }> {
    const c = a.study == null ? ctx : ctx.forStudy(a.study);
    const study = await requireServedStudy(c.study, a.study);
    const spec = gridSpec(a);
    const cells = gridService(c.study).cells(spec);
    // Tagged with their study, so that the cell fields below read that study's store (scope.ts).
    return { study, dissimilarities: spec.dissimilarities, comparisons: spec.comparisons, cells: a.study == null ? cells : taggedAll(cells, study) };
  }

  @FieldResolver(() => Boolean, { description: 'Whether every artifact of the cell is in the store.' })
  computed(@Root() cell: GridCellRecord, @Ctx() ctx: ApiContext): Promise<boolean> {
    return gridService(scopeOf(ctx, cell).study).computed(cell);
  }

  @FieldResolver(() => ClaimSet, { nullable: true, description: 'The paper\'s claims under this cell\'s convention (null until computed).' })
  async claims(@Root() cell: GridCellRecord, @Args(() => EncodingVariantArgs) a: EncodingVariantArgs, @Ctx() ctx: ApiContext): Promise<ClaimSetView | null> {
    const g = gridService(scopeOf(ctx, cell).study);
    return (await g.computed(cell)) ? claimSetView(await g.claims(cell, claimOptions(a))) : null;
  }

  @FieldResolver(() => [GridLayerPoint], { nullable: true, description: 'Fig. 5 under this cell\'s convention: RE-AN and RE-AI per layer, in the network\'s layer order (null until computed).' })
  async fig5(@Root() cell: GridCellRecord, @Ctx() ctx: ApiContext): Promise<GridLayerPointRecord[] | null> {
    const g = gridService(scopeOf(ctx, cell).study);
    return (await g.computed(cell)) ? g.fig5(cell) : null;
  }

  @FieldResolver(() => [Trend], { nullable: true, description: 'Mann-Kendall trends over layers 1..8 under this cell\'s convention (null until computed).' })
  async trends(@Root() cell: GridCellRecord, @Ctx() ctx: ApiContext): Promise<Keyed<TrendRecord>[] | null> {
    const g = gridService(scopeOf(ctx, cell).study);
    return (await g.computed(cell)) ? g.trends(cell) : null;
  }
}
