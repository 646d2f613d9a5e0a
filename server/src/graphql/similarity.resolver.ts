import 'reflect-metadata';
import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { DifferenceRecord, SimilarityPair, SimilarityRecord } from '../study/model.js';
import type { Keyed } from '../study/service.js';
import { byMethod, filterFields } from './catalog.js';
import { Connection, paginate, type Page } from './connection.js';
import { connectionComplexity } from './page.args.js';
import type { ApiContext } from './context.js';
import { SimilarityArgs } from './similarity.args.js';
import { SourceArgs, type SourceFilterArgs } from './source.args.js';
import { Difference, Similarity } from './similarity.type.js';

export const SimilarityConnection = Connection(Similarity, 'Similarity');
export const DifferenceConnection = Connection(Difference, 'Difference');

@Resolver(() => Similarity)
export class SimilarityResolver {
  @Query(() => SimilarityConnection, { complexity: connectionComplexity, description: 'RE-AN / RE-AI similarities per layer or subject x ROI.' })
  async similarities(@Args(() => SimilarityArgs) a: SimilarityArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<SimilarityRecord>>> {
    return paginate(byMethod(await ctx.study.similarities(await ctx.catalog.checked(filterOf(a))), a.method), a);
  }
}

@Resolver(() => Difference)
export class DifferenceResolver {
  @Query(() => DifferenceConnection, { complexity: connectionComplexity, description: 'RE-AI minus RE-AN per layer or subject x ROI.' })
  async differences(@Args(() => SourceArgs) a: SourceArgs, @Ctx() ctx: ApiContext): Promise<Page<Keyed<DifferenceRecord>>> {
    return paginate(await ctx.study.differences(await ctx.catalog.checked(filterOf(a))), a);
  }
}

function filterOf(a: SourceArgs & Partial<Pick<SourceFilterArgs, 'method'>> & { pair?: SimilarityPair }) {
  return filterFields(a, ['sourceKind', 'layer', 'subject', 'roi', 'pair']);
}
