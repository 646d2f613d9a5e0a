import 'reflect-metadata';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { EncodingRecord, PowerRecord, SearchlightMap as SearchlightRecord, TrendRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { filterFields } from './catalog.js';
import { Connection, paginate, type Page } from './connection.js';
import { connectionComplexity } from './page.args.js';
import type { ApiContext } from './context.js';
import { EncodingArgs } from './encoding.args.js';
import { EncodingResult } from './encoding.type.js';
import { Power } from './power.type.js';
import { SearchlightArgs } from './searchlight.args.js';
import { SearchlightMap } from './searchlight.type.js';
import { Trend } from './trend.type.js';

export const SearchlightConnection = Connection(SearchlightMap, 'SearchlightMap');
export const EncodingConnection = Connection(EncodingResult, 'EncodingResult');

/** The remaining result lists: trends, searchlight maps, encoding models, power. One-liners over StudyService. */
@Resolver()
export class ResultsResolver {
  @Query(() => [Trend], { description: 'Trends of RE-AN and RE-AI similarity over layers.' })
  trends(@Ctx() ctx: ApiContext): Promise<Keyed<TrendRecord>[]> {
    return ctx.study.trends();
  }

  @Query(() => SearchlightConnection, { complexity: connectionComplexity, description: 'Searchlight maps per subject, hemisphere and pair.' })
  async searchlight(@Args(() => SearchlightArgs) a: SearchlightArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<SearchlightRecord>>> {
    return paginate(await ctx.study.searchlight(await ctx.catalog.checked(filterFields(a, ['subject', 'hemisphere', 'pair']))), a);
  }

  @Query(() => EncodingConnection, { complexity: connectionComplexity, description: 'Encoding-model accuracies per subject, ROI, layer, family, test kind and reading.' })
  async encoding(@Args(() => EncodingArgs) a: EncodingArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<EncodingRecord>>> {
    return paginate(await ctx.study.encoding(await ctx.catalog.checked(filterFields(a, ['subject', 'roi', 'layer', 'family', 'testKind', 'reading']))), a);
  }

  @Query(() => [Power], { description: 'Power analysis per ROI.' })
  power(@Ctx() ctx: ApiContext): Promise<Keyed<PowerRecord>[]> {
    return ctx.study.power();
  }
}
